"""Every id a URL or a query string takes: a huge, negative or non-numeric one is a
404 or a form error, never a 500 (issue 15, point 11).

On SQLite an id beyond 64 bits raised OverflowError in the database driver. The URLs
are found by walking the URL configuration, so a new URL with an id is checked too.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from academy.base.ids import MAX_ID, IdConverter, valid_id
from tests.factories import make_quiz, make_tips_page, make_workshop

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond 2**64
BAD_IDS = [HUGE, str(MAX_ID + 1), "-1", "abc"]
OUR_CODE = (
    "academy",
    "courses",
    "quizzes",
    "certificates",
    "live_sessions",
    "practice",
)


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def view_module(pattern):
    view = pattern.callback
    return getattr(view, "view_class", view).__module__


def routes_with_ids():
    """Every route of ours with an id in it, e.g. "modules/<id:module_id>/quiz/"."""
    routes = []
    for route, pattern in walk(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {}).values()
        if any(isinstance(c, IdConverter) for c in converters) or (
            view_module(pattern).startswith(OUR_CODE)
            and any(isinstance(c, IntConverter) for c in converters)
        ):
            routes.append(route)
    return sorted(set(routes))


def url_with(route, value):
    return "/" + re.sub(r"<(id|int):\w+>", value, route)


ROUTES = routes_with_ids()
KNOWN = {
    "modules/<id:module_id>/quiz/",
    "modules/<id:module_id>/quiz/attempts/",
    "modules/<id:module_id>/quiz/attempts/<id:attempt_id>/",
    "progress/workshops/<id:workshop_id>/start/",
    "progress/modules/<id:module_id>/done/",
    "progress/modules/<id:module_id>/reopen/",
    "sessions/<id:session_id>/register/",
    "sessions/registrations/<id:registration_id>/cancel/",
    "sessions/registrations/<id:registration_id>/ics/",
    "sessions/<id:session_id>/attendance/",
    "sessions/<id:session_id>/check-in/",
    "admin/reports/participants/<id:user_id>/",
    "admin/reports/sessions/<id:session_id>/",
    "admin/reports/quiz-statistics/<id:quiz_id>/",
}
# Query strings that name an object by id, or a page of a listing.
QUERY_URLS = [
    "/admin/reports/participant-progress/?workshop={}",
    "/admin/reports/participant-progress/results/?workshop={}",
    "/admin/reports/participant-progress/?workshop={}&status=finished&export=csv",
    "/admin/reports/participant-progress/?page={}",
    "/admin/reports/quiz-statistics/?page={}",
    "/admin/reports/quiz-statistics/{quiz}/?page={}",
    "/admin/reports/sessions/?page={}",
    "/admin/reports/tips-practice/?page={}",
    "/admin/bulk/wagtailcore/page/delete/?id={}",
    "/admin/bulk/wagtailcore/page/publish/?id=1&id={}",
    "/admin/bulk/wagtailcore/page/delete/?id=all&childOf={}",
    "/admin/bulk/quizzes/quiz/delete/?id={}",
    "/admin/bulk/wagtailimages/image/delete/?id={}",
    "/search/?q=LinkedIn&page={}",
    "/en/search/?q=LinkedIn&page={}",
]


@pytest.fixture
def content(db):
    workshop = make_workshop(modules=2)
    make_tips_page(tips=2)
    return {"workshop": workshop, "quiz": make_quiz()}


@pytest.fixture
def people(participant, trainer):
    return [participant, trainer]


def test_every_url_of_ours_with_an_id_is_checked():
    """The walk finds them all, and none of ours takes a plain <int:...>, which
    lets a huge number through to the database."""
    assert set(ROUTES) >= KNOWN, KNOWN - set(ROUTES)
    plain_ints = [
        route
        for route, pattern in walk(get_resolver().url_patterns)
        if view_module(pattern).startswith(OUR_CODE)
        and any(
            isinstance(c, IntConverter)
            for c in getattr(pattern.pattern, "converters", {}).values()
        )
    ]
    assert not plain_ints


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("route", ROUTES)
def test_a_bad_id_in_a_url_is_not_found(client, people, route, value):
    urls = [url_with(route, value)]
    if not route.startswith(("admin/", "_util/")):
        urls.append("/en" + urls[0])
    for user, expected in zip(people, expected_statuses(route), strict=True):
        client.force_login(user)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url)  # a 500 raises here
                assert response.status_code == expected, (user, method, url)


def expected_statuses(route):
    """(participant, trainer): the admin is closed to participants whatever the
    URL (academy.middleware); everything else is not found."""
    return (403, 404) if route.startswith("admin/") else (404, 404)


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("url", QUERY_URLS)
def test_a_bad_id_in_a_query_string_is_no_server_error(
    client, content, people, url, value
):
    url = url.replace("{quiz}", str(content["quiz"].pk)).format(value)
    for user in people:
        client.force_login(user)
        for method in (client.get, client.post):
            response = method(url)  # a 500 raises here
            assert response.status_code < 500, (user, method, url)


def test_a_huge_workshop_in_the_progress_report_is_an_invalid_choice(
    trainer_client, content
):
    url = f"/admin/reports/participant-progress/?workshop={HUGE}"
    response = trainer_client.get(url)
    assert response.status_code == 200
    assert response.context["filters"].errors["workshop"]


def test_good_ids_still_resolve_and_reverse(participant_client, content):
    from django.urls import reverse

    module = content["workshop"].get_children().first()
    url = reverse("courses:take_quiz", args=[module.pk])
    assert url == f"/modules/{module.pk}/quiz/"
    assert participant_client.get(url).status_code in (200, 404)  # no quiz: 404
    big = reverse("courses:take_quiz", args=[MAX_ID])
    assert participant_client.get(big).status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None)]
    + [("-1", None), ("abc", None), ("", None), (None, None), (" 7 ", 7)],
)
def test_valid_id(value, expected):
    assert valid_id(value) == expected


def test_a_bulk_action_under_a_page_that_is_not_there_is_not_found(
    client, admin_user, content
):
    client.force_login(admin_user)
    url = "/admin/bulk/wagtailcore/page/delete/?id=all&childOf=999999"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
