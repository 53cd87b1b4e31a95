"""A participant's own data: profile, download and deletion."""

import json

import pytest
from django.contrib.auth import get_user_model

from courses import participation
from courses.models import Enrolment, ModuleCompletion, ModulePage
from tests.factories import make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(participant):
    make_workshop(modules=2)
    participation.record_completion(participant, ModulePage.objects.first())


@pytest.mark.parametrize(
    "url", ["/accounts/profile/", "/accounts/data/", "/accounts/delete/"]
)
def test_account_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_profile_edits_the_name_on_certificates(participant_client, participant):
    html = participant_client.get("/accounts/profile/").content.decode()
    assert 'value="Sanne de Boer"' in html and participant.email in html

    response = participant_client.post(
        "/accounts/profile/", {"full_name": " Sanne  de Boer-Jansen "}
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.full_name == "Sanne de Boer-Jansen"


def test_profile_needs_a_name(participant_client, participant):
    response = participant_client.post("/accounts/profile/", {"full_name": "   "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    participant.refresh_from_db()
    assert participant.full_name == "Sanne de Boer"


def test_profile_ignores_fields_it_does_not_offer(participant_client, participant):
    participant_client.post(
        "/accounts/profile/",
        {"full_name": "Sanne", "email": "evil@example.com", "is_superuser": "on"},
    )
    participant.refresh_from_db()
    assert participant.email == "sanne@example.com" and not participant.is_superuser


def test_data_download_holds_the_participants_own_data(
    participant_client, participant, progress
):
    other = make_user("ander@example.com", full_name="Iemand Anders")
    participation.record_completion(other, ModulePage.objects.last())

    response = participant_client.get("/accounts/data/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "sanne@example.com"
    assert data["account"]["full_name"] == "Sanne de Boer"
    assert [e["workshop"] for e in data["enrolments"]] == ["LinkedIn"]
    assert len(data["module_completions"]) == 1
    assert "ander@example.com" not in response.content.decode()
    assert "password" not in data["account"]


def test_delete_page_says_what_will_be_removed(participant_client):
    html = participant_client.get("/accounts/delete/").content.decode()
    assert "definitief" in html and "voortgang" in html
    assert 'name="confirm"' in html


def test_delete_needs_confirmation(participant_client, participant):
    response = participant_client.post("/accounts/delete/", {})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=participant.pk).exists()


def test_delete_removes_the_account_and_progress_only_of_this_participant(
    participant_client, participant, progress
):
    other = make_user("ander@example.com")
    participation.record_completion(other, ModulePage.objects.first())

    response = participant_client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302 and response.url == "/"
    assert not get_user_model().objects.filter(email="sanne@example.com").exists()
    assert not Enrolment.objects.filter(user_id=participant.pk).exists()
    assert not ModuleCompletion.objects.filter(user_id=participant.pk).exists()
    assert ModuleCompletion.objects.filter(user=other).count() == 1
    assert "_auth_user_id" not in participant_client.session
    assert participant_client.get("/dashboard/").status_code == 302
