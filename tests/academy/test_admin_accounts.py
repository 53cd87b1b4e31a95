"""Wagtail's admin works with our User model (email login, one full name)."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_admin_can_create_a_user_with_a_full_name(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/users/new/")
    assert response.status_code == 200
    assert b"first_name" not in response.content

    response = client.post(
        "/admin/users/new/",
        {
            "email": "nieuw@example.com",
            "full_name": "Şükrü Yılmaz",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(email="nieuw@example.com")
    assert user.full_name == "Şükrü Yılmaz"
    assert user.check_password("a-long-enough-password-1")


def test_admin_can_edit_a_users_full_name(client, admin_user, participant):
    client.force_login(admin_user)
    url = f"/admin/users/edit/{participant.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"email": participant.email, "full_name": "Zoë Ørsted", "is_active": "on"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.full_name == "Zoë Ørsted"


def test_user_list_and_account_page_render(client, admin_user, participant):
    client.force_login(admin_user)
    listing = client.get("/admin/users/")
    assert listing.status_code == 200
    assert "Sanne de Boer" in listing.content.decode()
    assert client.get("/admin/account/").status_code == 200


def test_admin_account_page_saves_the_full_name(client, trainer):
    client.force_login(trainer)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert b'name="name_email-full_name"' in response.content
    assert b"first_name" not in response.content
    response = client.post(
        "/admin/account/",
        {
            "name_email-full_name": "Marieke van Dijk-Jansen",
            "name_email-email": trainer.email,
            "locale-preferred_language": "nl",
            "locale-current_time_zone": "Europe/Amsterdam",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    trainer.refresh_from_db()
    assert trainer.full_name == "Marieke van Dijk-Jansen"


def test_admin_cannot_create_a_second_account_for_the_same_mailbox(
    client, admin_user, participant
):
    client.force_login(admin_user)
    response = client.post(
        "/admin/users/new/",
        {
            "email": "SANNE@example.com",
            "full_name": "Dubbel",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
        },
    )
    assert response.status_code == 200  # the form again, with an error
    assert get_user_model().objects.count() == 2  # admin and participant
