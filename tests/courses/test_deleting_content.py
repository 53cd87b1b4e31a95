"""Deleting content never deletes participants' records (issue 15, point 5).

A module page holds completions, a workshop page enrolments (and its modules'
completions), the tips page and each tip the ratings, plans and check-ins. Deleting
such content is refused, in the admin with a message that says how many participants
it concerns and to unpublish instead, and in the models (PROTECT).
"""

from datetime import date
from html import unescape

import pytest
from django.db.models import ProtectedError
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses import dependent_records, participation
from courses.models import Enrolment, ModuleCompletion, ModulePage, Tip, TipsPage
from practice.models import CheckIn, CheckInAnswer, PlanItem, Rating
from tests.factories import make_tips_page, make_user, make_workshop

pytestmark = pytest.mark.django_db

UNPUBLISH = "Depubliceer de pagina in plaats daarvan"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def people(db):
    return [make_user(f"deelnemer{n}@example.com") for n in range(3)]


@pytest.fixture
def workshop(people):
    """Two participants: one enrolled and finished module 1, one only enrolled."""
    workshop = make_workshop(modules=2)
    first, second = people[0], people[1]
    participation.mark_done(first, modules_of(workshop)[0])
    participation.enrol(second, workshop)
    return workshop


@pytest.fixture
def tips_page(people):
    """Tip 1: rated and planned by one participant, checked in on by another; tip 2:
    rated by a third; tips 3 and 4: nothing."""
    page = make_tips_page(tips=4)
    one, two, three, _ = page.tips.order_by("sort_order")
    Rating.objects.create(user=people[0], tip=one, rating=2)
    PlanItem.objects.create(user=people[0], tip=one, action="Elke week één bericht")
    check_in = CheckIn.objects.create(user=people[1], week=date(2026, 11, 23))
    CheckInAnswer.objects.create(check_in=check_in, tip=one, did_it=True)
    Rating.objects.create(user=people[2], tip=two, rating=4)
    return page


def modules_of(workshop):
    return list(ModulePage.objects.child_of(workshop).order_by("path"))


def delete_url(page):
    return f"/admin/pages/{page.pk}/delete/"


def records():
    return [
        model.objects.count()
        for model in (Enrolment, ModuleCompletion, Rating, PlanItem, CheckInAnswer)
    ]


# The admin: one page at a time.


def test_deleting_a_module_with_completions_is_refused(admin_client, workshop):
    module = modules_of(workshop)[0]
    before = records()

    screen = admin_client.get(delete_url(module))
    html = unescape(screen.content.decode())
    assert screen.status_code == 200
    assert (
        '<h1 class="w-header__title"' in html and "Kan niet worden verwijderd" in html
    )
    assert "kan niet worden verwijderd: 1 deelnemer heeft gegevens" in html
    assert "afgeronde modules" in html and UNPUBLISH in html
    assert "Yes, delete it" not in html and "Ja, verwijder" not in html
    assert f"/admin/pages/{module.pk}/unpublish/" in html

    response = admin_client.post(delete_url(module))
    assert response.status_code == 409
    assert ModulePage.objects.filter(pk=module.pk).exists()
    assert records() == before


def test_deleting_a_workshop_counts_each_participant_once(admin_client, workshop):
    """Enrolled and completed a module: one participant, not two."""
    before = records()
    html = unescape(admin_client.get(delete_url(workshop)).content.decode())
    assert "2 deelnemers hebben gegevens bij deze pagina of de pagina's eronder" in html
    assert "inschrijvingen, afgeronde modules" in html and UNPUBLISH in html

    assert admin_client.post(delete_url(workshop)).status_code == 409
    assert Page.objects.filter(pk=workshop.pk).exists()
    assert len(modules_of(workshop)) == 2
    assert records() == before


def test_deleting_a_module_nobody_completed_still_works(admin_client, workshop):
    untouched = modules_of(workshop)[1]
    html = unescape(admin_client.get(delete_url(untouched)).content.decode())
    assert "Ja, verwijder" in html
    response = admin_client.post(delete_url(untouched))
    assert response.status_code == 302
    assert not ModulePage.objects.filter(pk=untouched.pk).exists()


def test_deleting_the_tips_page_is_refused(admin_client, tips_page):
    before = records()
    html = unescape(admin_client.get(delete_url(tips_page)).content.decode())
    assert "3 deelnemers hebben gegevens bij deze pagina" in html
    assert "zelfscores, plannen, check-ins" in html and UNPUBLISH in html

    assert admin_client.post(delete_url(tips_page)).status_code == 409
    assert Tip.objects.filter(page=tips_page).count() == 4
    assert records() == before


def test_trainers_are_refused_too(trainer_client, workshop, tips_page):
    """Trainers may delete leaf pages (Wagtail's "change" permission allows it):
    a module or the tips page with records is refused for them as for admins."""
    before = records()
    for page in (modules_of(workshop)[0], tips_page):
        html = unescape(trainer_client.get(delete_url(page)).content.decode())
        assert "kan niet worden verwijderd" in html and UNPUBLISH in html
        assert trainer_client.post(delete_url(page)).status_code == 409
        assert Page.objects.filter(pk=page.pk).exists()
    assert records() == before


def test_records_that_appear_after_the_check_still_stop_the_delete(
    admin_client, workshop, monkeypatch
):
    """A participant completes the module while the admin confirms: the models
    refuse (PROTECT), and the admin says so instead of a server error."""
    monkeypatch.setattr(
        dependent_records,
        "page_participants",
        lambda pages: dependent_records.Participants(),
    )
    module = modules_of(workshop)[0]
    before = records()

    response = admin_client.post(
        delete_url(module), HTTP_REFERER=f"http://testserver{delete_url(module)}"
    )

    assert response.status_code == 302 and response.url.endswith(delete_url(module))
    assert ModulePage.objects.filter(pk=module.pk).exists()
    assert records() == before
    html = unescape(admin_client.get(f"/admin/pages/{workshop.pk}/").content.decode())
    assert "Het is niet verwijderd: deelnemers hebben er gegevens bij." in html


# The admin: several pages at once.


def test_bulk_deleting_pages_with_records_is_refused(admin_client, workshop, tips_page):
    untouched = modules_of(workshop)[1]
    before = records()
    ids = [modules_of(workshop)[0].pk, untouched.pk, tips_page.pk]
    url = "/admin/bulk/wagtailcore/page/delete/?" + "&".join(f"id={i}" for i in ids)

    response = admin_client.post(url)

    html = unescape(response.content.decode())
    assert response.status_code == 409
    assert "“Module 1 van LinkedIn” kan niet worden verwijderd: 1 deelnemer" in html
    assert "“Tien gouden tips” kan niet worden verwijderd: 3 deelnemers" in html
    assert Page.objects.filter(pk__in=ids).count() == 3  # none of them deleted
    assert records() == before


def test_bulk_deleting_pages_without_records_still_works(admin_client, workshop):
    untouched = modules_of(workshop)[1]
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={untouched.pk}"
    )
    assert response.status_code == 302
    assert not Page.objects.filter(pk=untouched.pk).exists()


# The tips page's editor: removing one tip.


def tips_form(page, delete=()):
    tips = list(page.tips.order_by("sort_order"))
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "tips": inline_formset(
                [
                    {
                        "id": str(tip.pk),
                        "title": tip.title,
                        "explanation": rich_text(tip.explanation),
                        "reflection_question": tip.reflection_question,
                        "try_this_week": tip.try_this_week,
                        "DELETE": "1" if tip in delete else "",
                    }
                    for tip in tips
                ],
                initial=len(tips),
                min=1,
            ),
        }
    )


@pytest.mark.parametrize("action", ["action-publish", "draft"])
def test_removing_a_tip_participants_used_is_refused(trainer_client, tips_page, action):
    rated = tips_page.tips.get(title="Tip 1")
    before = records()
    data = tips_form(tips_page, delete=[rated]) | {action: "1"}

    response = trainer_client.post(f"/admin/pages/{tips_page.pk}/edit/", data)

    html = unescape(response.content.decode())
    assert response.status_code == 200  # the editor again, with the error
    assert "De tip “Tip 1” kan niet worden verwijderd: 2 deelnemers" in html
    assert "zelfscores, plannen, check-ins" in html
    assert Tip.objects.filter(pk=rated.pk).exists()
    assert records() == before
    # Nothing was saved, not even a draft that would remove it when published.
    assert tips_page.get_latest_revision().as_object().tips.count() == 4


def test_removing_an_unused_tip_still_works(trainer_client, tips_page):
    unused = tips_page.tips.get(title="Tip 3")
    data = tips_form(tips_page, delete=[unused]) | {"action-publish": "1"}
    response = trainer_client.post(f"/admin/pages/{tips_page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Tip.objects.filter(pk=unused.pk).exists()
    assert Tip.objects.filter(page=tips_page).count() == 3


def test_publishing_an_old_draft_without_a_used_tip_is_refused(
    trainer_client, tips_page
):
    """A draft saved before (or a revision reverted to) that lacks a used tip: the
    editor compares with the stored tips, not with the draft."""
    draft = TipsPage.objects.get(pk=tips_page.pk)
    draft.tips = [tip for tip in draft.tips.all() if tip.title != "Tip 1"]
    draft.save_revision()
    page = TipsPage.objects.get(pk=tips_page.pk).get_latest_revision_as_object()
    data = tips_form(page) | {"action-publish": "1"}

    response = trainer_client.post(f"/admin/pages/{tips_page.pk}/edit/", data)

    html = unescape(response.content.decode())
    assert "De tip “Tip 1” kan niet worden verwijderd" in html
    assert Tip.objects.filter(page=tips_page, title="Tip 1").exists()


def test_a_draft_without_a_used_tip_published_without_the_editor_keeps_it(
    tips_page,
):
    """Scheduled publishing, a workflow approval or a bulk publish skip the editor's
    form: the used tip is put back instead of failing the publish."""
    draft = TipsPage.objects.get(pk=tips_page.pk)
    draft.tips = [
        tip for tip in draft.tips.all() if tip.title not in ("Tip 1", "Tip 4")
    ]
    revision = draft.save_revision()

    revision.publish()  # no ProtectedError

    titles = set(Tip.objects.filter(page=tips_page).values_list("title", flat=True))
    assert titles == {"Tip 1", "Tip 2", "Tip 3"}  # the unused Tip 4 did go
    assert Rating.objects.filter(tip__title="Tip 1").exists()


# The models: whatever deletes, the records stay.


def test_models_protect_the_records(workshop, tips_page):
    before = records()
    with pytest.raises(ProtectedError):
        modules_of(workshop)[0].delete()
    with pytest.raises(ProtectedError):
        Page.objects.get(pk=workshop.pk).delete()
    with pytest.raises(ProtectedError):
        Tip.objects.get(page=tips_page, title="Tip 1").delete()
    with pytest.raises(ProtectedError):
        Tip.objects.get(page=tips_page, title="Tip 2").delete()
    with pytest.raises(ProtectedError):
        Page.objects.get(pk=tips_page.pk).delete()
    assert records() == before
    assert Page.objects.filter(pk__in=[workshop.pk, tips_page.pk]).count() == 2


def test_a_participant_deleting_their_account_still_takes_their_records(
    workshop, tips_page, people
):
    people[0].delete()
    assert not Enrolment.objects.filter(user_id=people[0].pk).exists()
    assert not Rating.objects.filter(user_id=people[0].pk).exists()


# The registry, without HTTP.


def test_participants_are_counted_once_over_every_kind_of_record(workshop, tips_page):
    found = dependent_records.page_participants([workshop])
    assert found.count == 2
    assert [str(label) for label in found.labels] == [
        "inschrijvingen",
        "afgeronde modules",
    ]
    assert dependent_records.page_participants([tips_page]).count == 3
    tips = {tip.title: tip.pk for tip in tips_page.tips.all()}
    assert (
        dependent_records.participants(dependent_records.TIPS, [tips["Tip 1"]]).count
        == 2
    )
    assert not dependent_records.participants(dependent_records.TIPS, [tips["Tip 3"]])
    home = Page.objects.get(depth=2)
    assert dependent_records.page_participants([home]).count == 3  # everyone, once
