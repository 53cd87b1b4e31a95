"""Each participant's language is kept (issue 20): chosen at sign-up from the page's
language, changed in the profile, in the data export."""

import json

import pytest
from django.contrib.auth import get_user_model

from academy.users.models import language_or_default
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_sign_up_keeps_the_language_of_the_page(client, prefix, language):
    response = client.post(
        f"{prefix}/accounts/signup/",
        {
            "full_name": "Pat Smith",
            "email": "pat@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(email="pat@example.com").language == language


def test_the_profile_changes_the_language_in_its_own_names(client):
    user = make_user("pat@example.com", full_name="Pat Smith")
    client.force_login(user)
    form = client.get("/accounts/profile/").content.decode()
    assert '<option value="nl" lang="nl" selected>Nederlands</option>' in form
    assert '<option value="en" lang="en">English</option>' in form

    response = client.post(
        "/accounts/profile/", {"full_name": "Pat Smith", "language": "en"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"  # at once in English
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert "Your profile has been saved." in page
    # And back: the Dutch profile, the message in Dutch.
    response = client.post(
        "/en/accounts/profile/", {"full_name": "Pat Smith", "language": "nl"}
    )
    assert response["Location"] == "/accounts/profile/"


def test_a_language_the_site_does_not_offer_is_a_form_error(client):
    user = make_user("pat@example.com", full_name="Pat Smith")
    client.force_login(user)
    response = client.post(
        "/accounts/profile/", {"full_name": "Pat Smith", "language": "fr"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert user.language == "nl"


def test_the_language_is_in_the_data_export(client):
    client.force_login(make_user("pat@example.com", language="en"))
    data = json.loads(client.get("/accounts/data/").content)
    assert data["account"]["language"] == "en"


def test_an_unknown_stored_language_falls_back_to_the_default():
    assert language_or_default("en") == "en"
    assert language_or_default("fr") == "nl"
    assert language_or_default(None) == "nl"
    assert make_user("old@example.com", language="de").preferred_language == "nl"


def test_a_profile_form_sent_without_the_language_keeps_it(client):
    user = make_user("pat@example.com", full_name="Pat", language="en")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"full_name": "Pat Smith"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Pat Smith", "en")
