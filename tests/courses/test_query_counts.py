"""Page views cost a fixed number of SQL queries, whatever the amount of content."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ModulePage, Tip, TipsPage
from tests.factories import make_tips_page, make_workshop

pytestmark = pytest.mark.django_db

# What each anonymous page view costs today (site, route, view restrictions, content);
# the menu is cached. A change that adds a query must say why here.
MAX_QUERIES = {"home": 6, "index": 8, "workshop": 9, "module": 9, "tips": 7}


def count_queries(client, url):
    client.get(url)  # warm the menu cache and Wagtail's site-root cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def build(modules, tips):
    make_workshop(modules=modules)
    make_workshop(modules=modules, slug="twitter-x", title="Twitter/X")
    make_tips_page(tips=tips)
    cache.clear()


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("home", "/"),
        ("index", "/workshops/"),
        ("workshop", "/workshops/linkedin/"),
        ("module", "/workshops/linkedin/module-2/"),
        ("tips", "/tips/"),
    ],
)
def test_query_count_does_not_grow_with_content(client, name, url):
    build(modules=2, tips=3)
    small = count_queries(client, url)

    for slug in ("linkedin", "twitter-x"):
        workshop = ModulePage.objects.get(slug="module-1", url_path__contains=slug)
        parent = workshop.get_parent()
        for number in range(3, 21):
            parent.add_child(
                instance=ModulePage(title=f"Extra {number}", slug=f"module-{number}")
            )
    page = TipsPage.objects.get()
    Tip.objects.bulk_create(
        Tip(page=page, title=f"Extra tip {n}", explanation="<p>x</p>", sort_order=n)
        for n in range(10, 20)
    )
    cache.clear()
    large = count_queries(client, url)

    assert small == large, (
        f"{name}: {small} queries with little content, {large} with more"
    )
    assert large <= MAX_QUERIES[name], f"{name}: {large} queries"
