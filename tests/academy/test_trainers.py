"""The Trainers group edits and publishes course pages and branding, nothing else."""

import pytest

from academy.base.models import SiteSettings
from courses.models import ModulePage, WorkshopIndexPage, WorkshopPage
from tests.factories import make_tips_page, make_workshop

pytestmark = pytest.mark.django_db


def module_form(module, **changes):
    data = {
        "title": module.title,
        "slug": module.slug,
        "intro": module.intro,
        "estimated_minutes": module.estimated_minutes,
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": '{"blocks":[{"key":"a","type":"unstyled","depth":0,'
        '"text":"Nieuwe tekst van de trainer","inlineStyleRanges":[],'
        '"entityRanges":[]}],"entityMap":{}}',
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
    }
    data.update(changes)
    return data


def test_trainer_reaches_the_admin_and_the_page_explorer(trainer_client):
    make_workshop(modules=1)
    assert trainer_client.get("/admin/").status_code == 200
    index = WorkshopIndexPage.objects.get()
    assert trainer_client.get(f"/admin/pages/{index.pk}/").status_code == 200


def test_trainer_creates_and_publishes_a_module(trainer_client, client):
    workshop = make_workshop(modules=1)
    add_url = f"/admin/pages/add/courses/modulepage/{workshop.pk}/"
    assert trainer_client.get(add_url).status_code == 200

    new = ModulePage(title="Nieuwe module", slug="nieuwe-module", intro="Intro")
    response = trainer_client.post(add_url, module_form(new, **{"action-publish": "1"}))

    assert response.status_code == 302, response.content.decode()[:2000]
    module = ModulePage.objects.get(slug="nieuwe-module")
    assert module.live
    page = client.get("/workshops/linkedin/nieuwe-module/")
    assert "Nieuwe tekst van de trainer" in page.content.decode()


def test_trainer_edits_previews_publishes_and_unpublishes_a_module(trainer_client):
    workshop = make_workshop(modules=1)
    module = ModulePage.objects.child_of(workshop).get()
    edit_url = f"/admin/pages/{module.pk}/edit/"
    assert trainer_client.get(edit_url).status_code == 200

    preview = trainer_client.post(
        f"/admin/pages/{module.pk}/edit/preview/", module_form(module)
    )
    assert preview.status_code == 200
    assert preview.json()["is_valid"] is True

    response = trainer_client.post(
        edit_url, module_form(module, title="Herschreven", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.title == "Herschreven" and module.live

    response = trainer_client.post(f"/admin/pages/{module.pk}/unpublish/")
    assert response.status_code == 302
    module.refresh_from_db()
    assert not module.live


def test_trainer_edits_workshop_and_tips_pages(trainer_client):
    workshop = make_workshop(modules=0)
    tips = make_tips_page(tips=2)
    assert trainer_client.get(f"/admin/pages/{workshop.pk}/edit/").status_code == 200
    assert trainer_client.get(f"/admin/pages/{tips.pk}/edit/").status_code == 200
    index = WorkshopIndexPage.objects.get()
    add = f"/admin/pages/add/courses/workshoppage/{index.pk}/"
    assert trainer_client.get(add).status_code == 200
    assert WorkshopPage.objects.count() == 1


def test_trainer_changes_the_site_branding(trainer_client):
    url = "/admin/settings/base/sitesettings/"
    response = trainer_client.get(url, follow=True)
    assert response.status_code == 200
    edit_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = trainer_client.post(
        edit_url,
        {
            "organisation_name": "Bureau Relatiebeheer",
            "signatory_name": "Marieke van Dijk",
            "signatory_role": "Trainer",
        },
    )
    assert response.status_code == 302
    assert SiteSettings.load().organisation_name == "Bureau Relatiebeheer"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/users/",
        "/admin/users/new/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/redirects/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/collections/",
    ],
)
def test_trainer_cannot_reach_users_groups_or_other_settings(
    client, admin_user, trainer, url
):
    client.force_login(admin_user)
    assert client.get(url).status_code == 200  # the page exists
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url.rstrip("/") == "/admin" or "login" in response.url


def test_trainer_sees_no_user_or_group_menu(trainer_client):
    html = trainer_client.get("/admin/").content.decode()
    assert "/admin/users/" not in html
    assert "/admin/groups/" not in html


def test_participant_cannot_reach_the_admin(client, participant):
    client.force_login(participant)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/pages/").status_code in (302, 403)
