"""Page views cost a fixed number of SQL queries, whatever the amount of content,
the number of workshops and modules, or the number of participants."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import participation
from courses.models import ModulePage, Tip, TipsPage, WorkshopPage
from tests.factories import make_image, make_tips_page, make_user, make_workshop

pytestmark = pytest.mark.django_db

# What each page view costs today: site, route (2), view restrictions (3), content
# (a workshop page also loads its cover image and trainer photo); a logged-in
# participant adds session and user, and their progress (2). The menu, branding and
# image renditions are cached. A change that adds a query must say why here.
MAX_QUERIES = {
    "home": 7,
    "index": 9,
    "workshop": 12,  # + its upcoming sessions
    "tips": 7,
    "workshop (participant)": 16,
    "module (participant)": 13,
    "dashboard (participant)": 12,  # + certificates, sessions, tips practice (3)
}
PAGES = [
    ("home", "/", False),
    ("index", "/workshops/", False),
    ("workshop", "/workshops/linkedin/", False),
    ("tips", "/tips/", False),
    ("workshop (participant)", "/workshops/linkedin/", True),
    ("module (participant)", "/workshops/linkedin/module-2/", True),
    ("dashboard (participant)", "/dashboard/", True),
]


def count_queries(client, url):
    client.get(url)  # warm the menu cache and Wagtail's site-root cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def participate(user, modules_done):
    """Enrol `user` in every workshop and complete its first modules."""
    for workshop in WorkshopPage.objects.all():
        for module in ModulePage.objects.child_of(workshop)[:modules_done]:
            participation.record_completion(user, module)
        participation.enrol(user, workshop)


def grow(extra_modules, extra_workshops, extra_participants):
    for workshop in WorkshopPage.objects.all():
        for number in range(3, 3 + extra_modules):
            workshop.add_child(
                instance=ModulePage(title=f"Extra {number}", slug=f"module-{number}")
            )
    for number in range(extra_workshops):
        make_workshop(
            modules=3,
            slug=f"extra-{number}",
            title=f"Extra {number}",
            cover=make_image(f"Extra {number}"),
        )
    page = TipsPage.objects.get()
    Tip.objects.bulk_create(
        Tip(page=page, title=f"Extra tip {n}", explanation="<p>x</p>", sort_order=n)
        for n in range(10, 20)
    )
    for number in range(extra_participants):
        participate(make_user(f"p{number}@example.com"), modules_done=3)


@pytest.mark.parametrize(("name", "url", "logged_in"), PAGES)
def test_query_count_does_not_grow(client, participant, name, url, logged_in):
    make_workshop(modules=2, cover=make_image("LinkedIn"))
    make_workshop(modules=2, slug="twitter-x", title="Twitter/X", cover=make_image("X"))
    make_tips_page(tips=3)
    if logged_in:
        client.force_login(participant)
        participate(participant, modules_done=1)
    cache.clear()
    small = count_queries(client, url)

    grow(extra_modules=15, extra_workshops=3, extra_participants=5)
    if logged_in:
        participate(participant, modules_done=4)
    cache.clear()
    large = count_queries(client, url)

    assert small == large, f"{name}: {small} queries, then {large} with more content"
    assert large <= MAX_QUERIES[name], f"{name}: {large} queries"
