"""Email + password sign-up, log-in and log-out (allauth), also for the admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_user_is_identified_by_a_normalised_email():
    User = get_user_model()
    user = User.objects.create_user(email="Anna@Example.COM", password="x-long-pass")
    assert user.email == "Anna@example.com"
    assert User.objects.get_by_natural_key("anna@example.com") == user
    assert user.get_full_name() == "Anna@example.com"
    user.full_name = "Anna de Vries"
    assert user.get_full_name() == "Anna de Vries"
    assert user.get_short_name() == "Anna"


def test_sign_up_asks_the_full_name_and_logs_the_user_in(client):
    form = client.get("/accounts/signup/").content.decode()
    assert 'name="full_name"' in form and 'autocomplete="name"' in form

    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "  Şükrü   Yılmaz ",
            "email": "nieuw@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.com")
    assert user.full_name == "Şükrü Yılmaz"
    assert "_auth_user_id" in client.session


def test_sign_up_without_a_name_is_a_form_error(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "nieuw@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_up_with_a_taken_email_gives_no_second_account(client, participant):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Sanne",
            "email": "SANNE@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert (
        get_user_model().objects.filter(email__iexact="sanne@example.com").count() == 1
    )


def test_log_in_and_out(client, participant):
    response = client.post(
        "/accounts/login/", {"login": "sanne@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    home = client.get("/").content.decode()
    assert "Sanne" in home and "Uitloggen" in home

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_a_form_error_not_a_500(client, participant):
    response = client.post(
        "/accounts/login/", {"login": "sanne@example.com", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_login_is_the_site_login(client, trainer):
    page = client.get("/admin/login/")
    assert page.status_code == 200
    assert 'name="login"' in page.content.decode()  # allauth's form

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")

    response = client.post(
        "/admin/login/?next=/admin/",
        {"login": trainer.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_account_pages_wear_the_site_look(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        html = client.get(url).content.decode()
        assert 'class="site-header"' in html, url
        assert 'class="account__card"' in html, url
        assert 'name="robots" content="noindex"' in html, url
