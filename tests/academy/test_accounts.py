"""Email + password sign-up, log-in and log-out (allauth), also for the admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_user_is_identified_by_a_normalised_email():
    User = get_user_model()
    user = User.objects.create_user(email="Anna@Example.COM", password="x-long-pass")
    assert user.email == "anna@example.com"
    assert User.objects.get_by_natural_key("ANNA@example.com") == user
    assert user.get_full_name() == "anna@example.com"
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


def test_one_account_per_mailbox_whatever_the_case():
    from django.db import IntegrityError, transaction

    User = get_user_model()
    User.objects.create_user(email="participant@example.com", password="x-long-pass")
    user = User(email="Participant@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_login_is_case_insensitive(client, participant):
    response = client.post(
        "/accounts/login/", {"login": "SANNE@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_private_pages_log_in_through_allauth(client):
    response = client.get("/_util/login/", {"next": "/workshops/"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fworkshops%2F"
    assert client.get("/_util/login/").url == "/accounts/login/"


def test_a_private_page_sends_visitors_to_the_site_login(client):
    from wagtail.models import PageViewRestriction

    from tests.factories import make_workshop

    workshop = make_workshop(modules=0)
    PageViewRestriction.objects.create(
        page=workshop, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/workshops/linkedin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/workshops/linkedin/")


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_admin_account_page_is_for_admin_users_only(client, participant, who):
    if who == "participant":
        client.force_login(participant)
    response = client.get("/admin/account/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response.url or response.url.rstrip("/") == ""


def test_too_many_failed_logins_are_refused(client, participant):
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": participant.email, "password": "x"})
    response = client.post(
        "/accounts/login/", {"login": participant.email, "password": PASSWORD}
    )
    assert response.status_code == 429 or "_auth_user_id" not in client.session
    assert "_auth_user_id" not in client.session


def test_admin_login_is_rate_limited_too(client, trainer):
    for _attempt in range(5):
        client.post("/admin/login/", {"login": trainer.email, "password": "wrong"})
    client.post("/admin/login/", {"login": trainer.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(
    client, participant, mailoutbox
):
    known = client.post("/accounts/password/reset/", {"email": participant.email})
    unknown = client.post("/accounts/password/reset/", {"email": "niemand@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mailoutbox) == 2  # the unknown address is told it has no account
    assert "Wachtwoord" in mailoutbox[0].subject or mailoutbox[0].body


def test_email_change_page_wears_the_site_look(client, participant):
    client.force_login(participant)
    html = client.get("/accounts/email/").content.decode()
    assert 'class="site-header"' in html and 'class="account-menu"' in html


def test_login_and_logout_keep_the_language(client, participant):
    response = client.post(
        "/en/accounts/login/", {"login": participant.email, "password": PASSWORD}
    )
    assert response.url == "/en/dashboard/"
    response = client.post("/en/accounts/logout/")
    assert response.url == "/en/"
    response = client.post(
        "/accounts/login/", {"login": participant.email, "password": PASSWORD}
    )
    assert response.url == "/dashboard/"
    assert client.post("/accounts/logout/").url == "/"


def test_sign_up_sends_a_verification_email(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Anna de Vries",
            "email": "anna@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.com"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_mandatory_verification_blocks_login_until_confirmed(
    client, settings, mailoutbox
):
    import re

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Anna de Vries",
            "email": "anna@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = re.search(
        r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body
    )
    confirm = client.post(link.group(1))
    assert confirm.status_code == 302
    assert (
        client.post(
            "/accounts/login/", {"login": "anna@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert "_auth_user_id" in client.session


def test_a_mail_server_that_is_down_never_gives_a_500(client, settings, participant):
    """Found by `make bench`: an unconfirmed participant logging in while SMTP is
    down got a 500 (allauth sends a new confirmation email at login)."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    login = client.post(
        "/accounts/login/", {"login": participant.email, "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login.url == "/accounts/confirm-email/"
    signup = client.post(
        "/accounts/signup/",
        {
            "full_name": "Anna de Vries",
            "email": "anna@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signup.status_code == 302
    reset = client.post("/accounts/password/reset/", {"email": participant.email})
    assert reset.status_code == 302
