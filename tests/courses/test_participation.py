"""Starting workshops, completing modules and the dashboard, as a participant."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from courses import participation
from courses.models import Enrolment, ModuleCompletion, ModulePage, WorkshopPage
from courses.progress_data import progress_for
from tests.factories import PASSWORD, make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return make_workshop(modules=3)


def module(number):
    return ModulePage.objects.get(slug=f"module-{number}")


# Workshop page and starting


def test_anonymous_visitor_is_invited_to_log_in_to_start(client, workshop):
    html = client.get("/workshops/linkedin/").content.decode()
    assert "Inloggen om te beginnen" in html
    assert "/accounts/login/?next=/workshops/linkedin/" in html
    assert "Workshop starten" not in html


def test_starting_enrols_once_and_goes_to_the_first_module(
    participant_client, workshop
):
    page = participant_client.get("/workshops/linkedin/").content.decode()
    assert "Workshop starten" in page
    url = f"/progress/workshops/{workshop.pk}/start/"

    first = participant_client.post(url)
    second = participant_client.post(url)  # a double click, or a second tab

    assert first.url == second.url == "/workshops/linkedin/module-1/"
    assert Enrolment.objects.count() == 1
    page = participant_client.get("/workshops/linkedin/").content.decode()
    assert "Ga verder waar je gebleven was" in page
    assert "Workshop starten" not in page


def test_continue_goes_to_the_first_module_not_done(participant_client, participant):
    workshop = make_workshop(modules=3)
    participation.record_completion(participant, module(1))
    response = participant_client.post(f"/progress/workshops/{workshop.pk}/start/")
    assert response.url == "/workshops/linkedin/module-2/"
    html = participant_client.get("/workshops/linkedin/").content.decode()
    assert 'href="/workshops/linkedin/module-2/">Ga verder' in html.replace("\n", "")


def test_enrolment_is_unique_in_the_database(participant, workshop):
    Enrolment.objects.create(user=participant, workshop=workshop)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=participant, workshop=workshop)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    "connection.vendor == 'sqlite'", reason="SQLite serialises writers anyway"
)
def test_concurrent_starts_create_one_enrolment():
    workshop = make_workshop(modules=1)
    user = make_user("snel@example.com")
    barrier = threading.Barrier(4)
    errors = []

    def start():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            client.post(f"/progress/workshops/{workshop.pk}/start/")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Enrolment.objects.filter(user=user).count() == 1


# Module pages and completion


def test_module_needs_login_and_comes_back_after_it(client, participant, workshop):
    response = client.get("/workshops/linkedin/module-2/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/workshops/linkedin/module-2/"

    response = client.post(
        response.url, {"login": participant.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/workshops/linkedin/module-2/"
    assert client.get(response.url).status_code == 200


def test_workshop_and_tips_pages_are_public(client, workshop):
    assert client.get("/workshops/linkedin/").status_code == 200


def test_marking_done_completes_the_module_and_moves_on(
    participant_client, participant
):
    make_workshop(modules=3)
    html = participant_client.get("/workshops/linkedin/module-1/").content.decode()
    assert "Markeer als klaar" in html

    response = participant_client.post(f"/progress/modules/{module(1).pk}/done/")

    assert response.status_code == 302
    assert response.url == "/workshops/linkedin/module-2/"
    assert ModuleCompletion.objects.filter(user=participant, module=module(1)).exists()
    assert Enrolment.objects.filter(user=participant).count() == 1  # enrolled too
    html = participant_client.get("/workshops/linkedin/module-1/").content.decode()
    assert "Je hebt deze module afgerond" in html
    assert "1 van 3 modules klaar" in html


def test_marking_done_twice_records_one_completion(participant_client, participant):
    make_workshop(modules=2)
    url = f"/progress/modules/{module(1).pk}/done/"
    participant_client.post(url)
    participant_client.post(url)
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


def test_marking_done_can_be_undone(participant_client, participant):
    make_workshop(modules=2)
    participation.record_completion(participant, module(1))

    response = participant_client.post(f"/progress/modules/{module(1).pk}/reopen/")

    assert response.url == "/workshops/linkedin/module-1/"
    assert not ModuleCompletion.objects.filter(user=participant).exists()
    html = participant_client.get(response.url).content.decode()
    assert "Markeer als klaar" in html


def test_finishing_the_last_module_shows_the_workshop_finished(
    participant_client, participant
):
    make_workshop(modules=2)
    participation.record_completion(participant, module(1))
    response = participant_client.post(f"/progress/modules/{module(2).pk}/done/")
    assert response.url == "/workshops/linkedin/"
    html = participant_client.get(response.url).content.decode()
    assert "Je hebt deze workshop afgerond" in html
    assert "100%" in html


def test_marking_done_needs_post_and_csrf(participant, workshop):
    url = f"/progress/modules/{module(1).pk}/done/"
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert not ModuleCompletion.objects.exists()


@pytest.mark.parametrize("action", ["done", "reopen"])
def test_anonymous_posts_go_to_the_login_page(client, workshop, action):
    response = client.post(f"/progress/modules/{module(1).pk}/{action}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not ModuleCompletion.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/progress/modules/999999/done/",
        "/progress/modules/999999/reopen/",
        "/progress/workshops/999999/start/",
        "/progress/modules/{workshop}/done/",  # a workshop's id is not a module's
        "/progress/workshops/{module}/start/",
        "/progress/modules/{draft}/done/",
        "/progress/modules/{home}/done/",
    ],
)
def test_unknown_wrong_or_unpublished_ids_give_404(participant_client, workshop, url):
    draft = ModulePage(title="Concept", slug="concept", live=False)
    workshop.add_child(instance=draft)
    url = url.format(
        workshop=workshop.pk, module=module(1).pk, draft=draft.pk, home=workshop.depth
    )
    assert participant_client.post(url).status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_unpublishing_a_module_keeps_everyones_completions(participant):
    workshop = make_workshop(modules=3)
    participation.record_completion(participant, module(1))
    participation.record_completion(participant, module(2))

    module(2).unpublish()
    progress = progress_for(participant, [workshop])[workshop.pk]
    assert (progress.done, progress.total) == (1, 2)

    module(2).save_revision().publish()
    progress = progress_for(participant, [WorkshopPage.objects.get()])[workshop.pk]
    assert (progress.done, progress.total) == (2, 3)


# Dashboard


def test_dashboard_needs_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/dashboard/"


def test_dashboard_shows_each_started_workshop_with_progress(
    participant_client, participant
):
    make_workshop(modules=4)
    make_workshop(modules=2, slug="twitter-x", title="Twitter/X")
    make_workshop(modules=2, slug="niet-gestart", title="Niet gestart")
    linkedin = WorkshopPage.objects.get(slug="linkedin")
    first = ModulePage.objects.child_of(linkedin).first()
    participation.record_completion(participant, first)
    twitter = WorkshopPage.objects.get(slug="twitter-x")
    for page in ModulePage.objects.child_of(twitter):
        participation.record_completion(participant, page)

    html = participant_client.get("/dashboard/").content.decode()

    assert "Mijn voortgang" in html
    assert "1 van 4 modules klaar" in html and "25%" in html
    assert 'value="25"' in html
    assert "Volgende: Module 2 van LinkedIn" in html
    assert "2 van 2 modules klaar" in html and "Afgerond" in html
    assert "Niet gestart" not in html
    assert "Laatste activiteit" in html


def test_dashboard_shows_only_the_participants_own_progress(
    participant_client, participant
):
    make_workshop(modules=2)
    other = make_user("ander@example.com")
    participation.record_completion(other, module(1))
    participation.record_completion(other, module(2))

    html = participant_client.get("/dashboard/").content.decode()

    assert "LinkedIn" not in html.split("<main")[1].split("</main>")[0]
    assert "Je bent nog niet aan een workshop begonnen" in html


def test_dashboard_in_english(participant_client, participant):
    make_workshop(modules=2)
    participation.record_completion(participant, module(1))
    html = participant_client.get("/en/dashboard/").content.decode()
    assert "My progress" in html and "1 of 2 modules done" in html


def test_an_empty_dashboard_links_to_the_workshops_whatever_their_slug(
    participant_client,
):
    from tests.factories import make_workshop_index, translate

    index = make_workshop_index(slug="trainingen")
    translate(index, title="Trainings")
    html = participant_client.get("/dashboard/").content.decode()
    english = participant_client.get("/en/dashboard/").content.decode()

    assert 'href="/trainingen/"' in html and 'href="None"' not in html
    assert 'href="/en/trainingen/"' in english
    assert index.live
