"""Cached pages and fragments: fast for everyone, never stale after a publish, and
never one person's page shown to another (academy/base/serving.py and caching.py)."""

from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.base.caching import content_version
from academy.base.models import SiteSettings
from courses import participation
from courses.models import ModulePage, WorkshopPage
from live_sessions.models import WorkshopSession
from tests.factories import make_tips_page, make_user, make_workshop

pytestmark = pytest.mark.django_db

CACHE = "X-Academy-Cache"


@pytest.fixture
def workshop(db):
    SiteSettings.load()  # created on first use; that would start a new version
    make_tips_page(tips=2)
    return make_workshop(modules=2)


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_anonymous_visitors_get_public_pages_from_the_cache(client, workshop):
    for url in ["/", "/workshops/", "/workshops/linkedin/", "/tips/", "/en/"]:
        first, _ = get(client, url)
        second, queries = get(client, url)
        assert first[CACHE] == "miss", url
        assert second[CACHE] == "hit", url
        assert queries == 0, url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        # The headers the site adds to every page are still there.
        assert "Content-Security-Policy" in second
        assert second["X-Frame-Options"] == "DENY"


def test_english_and_dutch_are_cached_apart(client, workshop):
    client.get("/workshops/linkedin/")
    dutch = client.get("/workshops/linkedin/")
    english = client.get("/en/workshops/linkedin/")
    assert dutch[CACHE] == "hit"
    assert english[CACHE] == "miss"
    assert 'lang="nl"' in dutch.content.decode()[:200]
    assert 'lang="en"' in english.content.decode()[:200]


def test_publishing_shows_the_new_text_at_once(client, workshop):
    assert (
        "Samenvatting van LinkedIn"
        in client.get("/workshops/linkedin/").content.decode()
    )
    before = content_version()

    page = WorkshopPage.objects.get(slug="linkedin")
    page.summary = "Een heel nieuwe samenvatting."
    page.save_revision().publish()

    assert content_version() != before
    html = client.get("/workshops/linkedin/").content.decode()
    assert "Een heel nieuwe samenvatting." in html
    # The home page and the index list the workshop too: they changed as well.
    assert "Een heel nieuwe samenvatting." in client.get("/workshops/").content.decode()


def test_a_draft_changes_nothing_until_it_is_published(client, workshop):
    client.get("/workshops/linkedin/")
    page = WorkshopPage.objects.get(slug="linkedin")
    page.summary = "Nog een concept."
    page.save_revision()
    assert "Nog een concept." not in client.get("/workshops/linkedin/").content.decode()


def test_an_unpublished_page_is_gone_at_once(client, workshop):
    assert client.get("/workshops/linkedin/").status_code == 200
    client.get("/workshops/linkedin/")
    WorkshopPage.objects.get(slug="linkedin").unpublish()
    assert client.get("/workshops/linkedin/").status_code == 404


def test_a_new_module_appears_in_the_workshop_outline(client, participant, workshop):
    client.force_login(participant)
    assert (
        "Een extra module"
        not in client.get("/workshops/linkedin/module-2/").content.decode()
    )
    page = WorkshopPage.objects.get(slug="linkedin")
    page.add_child(instance=ModulePage(title="Een extra module", slug="extra"))
    html = client.get("/workshops/linkedin/module-2/").content.decode()
    assert "Een extra module" in html  # the "next module" link
    assert "Een extra module" in client.get("/workshops/linkedin/").content.decode()


def test_changing_the_site_settings_changes_the_header(client, workshop):
    client.get("/")
    settings = SiteSettings.load()
    settings.organisation_name = "Assistentenacademie Noord"
    settings.save()
    assert "Assistentenacademie Noord" in client.get("/").content.decode()


def test_seats_left_follow_every_registration(client, workshop):
    start = timezone.now() + timedelta(days=7)
    session = WorkshopSession.objects.create(
        page=workshop,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location="Utrecht",
        seats=3,
        registration_deadline=start - timedelta(days=1),
    )
    assert "3 plaatsen over" in client.get("/workshops/linkedin/").content.decode()
    client.get("/workshops/linkedin/")
    other = make_user("kees@example.com")
    other_client = type(client)()
    other_client.force_login(other)
    other_client.post(f"/sessions/{session.pk}/register/")
    assert "2 plaatsen over" in client.get("/workshops/linkedin/").content.decode()


def test_a_logged_in_participant_never_gets_or_fills_the_page_cache(
    client, participant, workshop
):
    participation.enrol(participant, workshop)
    client.force_login(participant)
    mine = client.get("/workshops/linkedin/")
    assert CACHE not in mine
    assert "Mijn voortgang" in mine.content.decode()

    anonymous = type(client)()
    page = anonymous.get("/workshops/linkedin/")
    assert page[CACHE] == "miss"  # the participant's page was not stored
    assert "Mijn voortgang" not in page.content.decode()
    assert "Sanne" not in page.content.decode()

    again = client.get("/workshops/linkedin/")  # the anonymous copy is never served
    assert CACHE not in again
    assert "Mijn voortgang" in again.content.decode()


def test_after_logging_out_the_public_page_is_served(client, participant, workshop):
    client.force_login(participant)
    client.get("/workshops/linkedin/")
    client.post("/accounts/logout/")
    client.get("/workshops/linkedin/")
    response = client.get("/workshops/linkedin/")
    assert "Mijn voortgang" not in response.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, workshop):
    client.get("/")
    request = HttpRequest()
    storage = CookieStorage(request)
    storage.add(constants.INFO, "Een bericht voor jou.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    response = client.get("/")
    assert "Een bericht voor jou." in response.content.decode()
    assert CACHE not in response  # neither served from nor stored in the cache
    later = client.get("/")
    assert "Een bericht voor jou." not in later.content.decode()


def test_query_strings_and_other_methods_bypass_the_cache(client, workshop):
    client.get("/workshops/linkedin/")
    assert CACHE not in client.get("/workshops/linkedin/?utm_source=x")
    assert client.head("/workshops/linkedin/").status_code == 200
    assert CACHE not in client.head("/workshops/linkedin/")


def test_module_pages_are_never_cached_for_anonymous_visitors(client, workshop):
    response = client.get("/workshops/linkedin/module-1/")
    assert response.status_code == 302  # to the login page
    assert CACHE not in response


def test_a_page_with_a_view_restriction_is_not_cached(client, workshop):
    from wagtail.models import PageViewRestriction

    client.get("/workshops/linkedin/")
    page = WorkshopPage.objects.get(slug="linkedin")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/workshops/linkedin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
