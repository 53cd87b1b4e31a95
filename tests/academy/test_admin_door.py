"""A logged-in participant who opens the admin gets a clear "no access" page
(issue 15, point 12): before, Wagtail sent them to the login, which sent a
logged-in visitor straight back, until the browser gave up."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db

TRAINER_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/reports/participant-progress/",
    "/admin/reports/participant-progress/results/?workshop=1",
    "/admin/reports/quiz-statistics/",
    "/admin/reports/sessions/",
    "/admin/reports/tips-practice/",
    "/admin/account/",
]


@pytest.mark.parametrize("url", TRAINER_URLS)
def test_a_participant_gets_a_no_access_page_not_a_loop(participant_client, url):
    response = participant_client.get(url, follow=True)

    assert len(response.redirect_chain) <= 2
    assert response.status_code == 403
    html = unescape(response.content.decode())
    assert 'class="site-header"' in html  # the site's look, not the admin's
    assert "Je bent ingelogd als sanne@example.com" in html
    assert "voor trainers" in html
    assert 'href="/dashboard/"' in html and 'href="/accounts/logout/"' in html


def test_the_no_access_page_in_english(participant_client):
    response = participant_client.get(
        "/admin/reports/participant-progress/", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = unescape(response.content.decode())
    assert response.status_code == 403
    assert "You are logged in as sanne@example.com" in html
    assert "for trainers" in html


def test_logging_in_as_a_participant_from_the_admin_ends_on_the_page(
    client, participant
):
    """The admin's login link with next=/admin/: after logging in, the page."""
    from tests.factories import PASSWORD

    response = client.post(
        "/admin/login/?next=/admin/",
        {"login": participant.email, "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert "sanne@example.com" in response.content.decode()
    # And the site's login does not bounce them back either.
    response = client.get("/accounts/login/?next=/admin/", follow=True)
    assert response.status_code == 403 and len(response.redirect_chain) <= 2


@pytest.mark.parametrize("url", ["/admin/", "/admin/reports/participant-progress/"])
def test_anonymous_visitors_still_go_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/admin/", "/admin/reports/participant-progress/"])
def test_trainers_still_get_in(trainer_client, url):
    assert trainer_client.get(url).status_code == 200
