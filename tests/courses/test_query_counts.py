"""Page views cost a fixed number of SQL queries, whatever the amount of content,
the number of workshops and modules, or the number of participants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.base.caching import bump_content_version
from courses import participation
from courses.models import ModulePage, Tip, TipsPage, WorkshopPage
from tests.factories import make_image, make_tips_page, make_user, make_workshop

pytestmark = pytest.mark.django_db

# What each page view costs: "cold" right after a trainer published something (every
# cached route, fragment and page is stale), and "warm" for every view after that.
# Anonymous visitors get public pages from the page cache: no query at all. A
# logged-in participant costs the user, and their own progress; site, route, menu,
# branding, module outlines and renditions come from the cache. (Sessions are
# cached too: `cached_db`.) A change that adds a query must say why here.
MAX_QUERIES = {
    # name: (cold, warm). Cold also rebuilds the menu, the branding, the site
    # and the route: it happens once per page after each publish.
    # cold on every page: + the root page in the active language, and the pages'
    # translation map (locales and pages: 2), which the language switcher, the
    # hreflang links and the menu use
    "home": (14, 0),
    "index": (16, 0),
    "workshop": (19, 0),  # cold: + its upcoming sessions, cover and trainer photo
    "tips": (14, 0),
    # user, progress (2), sessions (2)
    "workshop (participant)": (21, 5),
    # user, progress (2); cold: + the documents of its download blocks (one query
    # for all of them)
    "module (participant)": (19, 3),
    # user, enrolments, completions, certificates, sessions; the tips practice card
    # is cached per participant (practice_tags)
    "dashboard (participant)": (18, 5),
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


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def count_queries(client, url):
    """(cold, warm): the queries of a view right after a publish, and after that."""
    client.get(url)  # first use: creates the site settings, image renditions
    client.get(url)
    bump_content_version()  # what publishing a page does
    return measure(client, url), measure(client, url)


def add_downloads(module, documents):
    """Two download blocks on `module`, with `documents` files each."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    body = list(module.body.raw_data)
    for block in range(2):
        ids = []
        for number in range(documents):
            document = Document(title=f"Hand-out {block}-{number}")
            document.file = ContentFile(b"x" * 10, name=f"h{block}{number}.pdf")
            document.save()
            ids.append(document.pk)
        body.append(
            {
                "type": "download",
                "value": {"title": f"Mee {block}", "description": "", "documents": ids},
            }
        )
    module.body = body
    module.save_revision().publish()


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
        Tip(
            page=page,
            locale_id=page.locale_id,
            title=f"Extra tip {n}",
            explanation="<p>x</p>",
            sort_order=n,
        )
        for n in range(10, 20)
    )
    for number in range(extra_participants):
        participate(make_user(f"p{number}@example.com"), modules_done=3)


@pytest.mark.parametrize(("name", "url", "logged_in"), PAGES)
def test_query_count_does_not_grow(client, participant, name, url, logged_in):
    make_workshop(modules=2, cover=make_image("LinkedIn"))
    make_workshop(modules=2, slug="twitter-x", title="Twitter/X", cover=make_image("X"))
    make_tips_page(tips=3)
    module = ModulePage.objects.get(slug="module-2", url_path__contains="/linkedin/")
    add_downloads(module, documents=1)
    if logged_in:
        client.force_login(participant)
        participate(participant, modules_done=1)
    small = count_queries(client, url)
    if name == "module (participant)":
        assert "Mee 1" in client.get(url).content.decode()

    grow(extra_modules=15, extra_workshops=3, extra_participants=5)
    add_downloads(ModulePage.objects.get(pk=module.pk), documents=4)
    if logged_in:
        participate(participant, modules_done=4)
    large = count_queries(client, url)

    assert small == large, f"{name}: {small} queries, then {large} with more content"
    cold, warm = large
    assert cold <= MAX_QUERIES[name][0], f"{name}: {cold} queries after a publish"
    assert warm <= MAX_QUERIES[name][1], f"{name}: {warm} queries"
