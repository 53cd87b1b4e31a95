"""The course pages as a participant reads them, and the tree trainers build."""

import pytest
from django.utils.html import strip_tags
from wagtail.models import Page

from academy.base.models import HomePage
from courses.models import ModulePage, TipsPage, WorkshopIndexPage, WorkshopPage
from live_sessions.models import TrainerGuidePage
from tests.factories import make_tips_page, make_workshop

pytestmark = pytest.mark.django_db


def test_each_page_type_allows_only_its_proper_parents_and_children():
    assert HomePage.allowed_subpage_models() == [
        WorkshopIndexPage,
        TipsPage,
        TrainerGuidePage,
    ]
    assert TrainerGuidePage.allowed_parent_page_models() == [HomePage]
    assert TrainerGuidePage.allowed_subpage_models() == []
    assert WorkshopIndexPage.allowed_parent_page_models() == [HomePage]
    assert WorkshopIndexPage.allowed_subpage_models() == [WorkshopPage]
    assert WorkshopPage.allowed_parent_page_models() == [WorkshopIndexPage]
    assert WorkshopPage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_parent_page_models() == [WorkshopPage]
    assert ModulePage.allowed_subpage_models() == []
    assert TipsPage.allowed_parent_page_models() == [HomePage]
    assert TipsPage.allowed_subpage_models() == []
    home = HomePage.objects.get()
    assert not ModulePage.can_create_at(home)
    assert not WorkshopPage.can_create_at(home)
    assert not HomePage.can_create_at(Page.get_first_root_node())  # only one home


def test_workshop_page_shows_its_details_and_live_modules_in_order(client):
    workshop = make_workshop(modules=3)
    draft = ModulePage(title="Nog niet klaar", slug="concept", live=False)
    workshop.add_child(instance=draft)  # never published

    response = client.get("/workshops/linkedin/")

    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f"Module {n} van LinkedIn") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "Nog niet klaar" not in html
    for text in (
        "Samenvatting van LinkedIn.",
        "Een sterk profiel",
        "Marieke van Dijk",
        "Managementassistenten",
        "1 u 30 min",
    ):
        assert text in html


def test_module_page_has_body_blocks_and_previous_next_navigation(participant_client):
    make_workshop(modules=3)

    html = participant_client.get("/workshops/linkedin/module-2/").content.decode()

    assert "Module 2 van 3" in html
    assert "Kop 2" in html and "<p>Tekst 2</p>" in html
    assert 'class="callout callout--tip"' in html
    assert 'class="callout callout--exercise"' in html
    assert "<blockquote>" in html
    assert 'href="/workshops/linkedin/module-1/" rel="prev"' in html
    assert 'href="/workshops/linkedin/module-3/" rel="next"' in html


def test_first_and_last_module_link_only_where_there_is_somewhere_to_go(
    participant_client,
):
    make_workshop(modules=2)
    first = participant_client.get("/workshops/linkedin/module-1/").content.decode()
    last = participant_client.get("/workshops/linkedin/module-2/").content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next"' not in last
    assert "Terug naar de workshop" in last


def test_unpublished_module_is_not_served(participant_client):
    workshop = make_workshop(modules=1)
    module = ModulePage.objects.child_of(workshop).get()
    module.unpublish()
    assert participant_client.get("/workshops/linkedin/module-1/").status_code == 404


def test_tips_page_lists_tips_in_editor_order(client):
    page = make_tips_page(tips=3)
    tip = page.tips.get(title="Tip 3")
    tip.sort_order = -1
    tip.save()

    html = client.get("/tips/").content.decode()

    assert html.index("Tip 3") < html.index("Tip 1") < html.index("Tip 2")
    assert "Vraag 1?" in html and "Actie 1" in html
    assert "Probeer deze week" in html


def test_home_page_lists_published_workshops_with_module_counts(client):
    make_workshop(modules=4)
    make_workshop(modules=2, slug="twitter-x", title="Twitter/X")

    html = client.get("/").content.decode()

    assert "LinkedIn" in html and "Twitter/X" in html
    assert "4 modules" in html and "2 modules" in html


def test_workshop_index_lists_workshops(client):
    make_workshop(modules=1)
    response = client.get("/workshops/")
    assert response.status_code == 200
    assert "1 module" in response.content.decode()


def test_demo_course_reads_through_in_dutch(participant_client, demo):
    """The real demo content: every page answers and carries real teaching text."""
    home = participant_client.get("/")
    assert home.status_code == 200
    assert '<html lang="nl">' in home.content.decode()
    for workshop in WorkshopPage.objects.live():
        assert participant_client.get(workshop.url).status_code == 200
        modules = ModulePage.objects.child_of(workshop).live()
        assert modules.count() >= 3
        for module in modules:
            response = participant_client.get(module.url)
            assert response.status_code == 200
            text = strip_tags(str(module.body.render_as_block()))
            words = len(text.split())
            assert words > 300, module.title
            assert any(block.block_type == "exercise" for block in module.body)
    tips = TipsPage.objects.get(locale__language_code="nl")
    assert tips.tips.count() == 10
    assert participant_client.get(tips.url).status_code == 200


def test_routing_finds_pages_by_path_and_nothing_else(participant_client):
    make_workshop(modules=2)
    assert participant_client.get("/workshops/linkedin/module-1/").status_code == 200
    assert (
        participant_client.get("/workshops/linkedin/module-1/extra/").status_code == 404
    )
    assert participant_client.get("/workshops/module-1/").status_code == 404
    assert participant_client.get("/linkedin/").status_code == 404
    assert participant_client.get("/workshops/linkedin/module-9/").status_code == 404
    assert participant_client.get("/en/workshops/linkedin/module-1/").status_code == 200


def test_draft_page_is_not_served_but_its_live_siblings_are(participant_client):
    workshop = make_workshop(modules=1)
    workshop.add_child(instance=ModulePage(title="Concept", slug="concept", live=False))
    assert participant_client.get("/workshops/linkedin/concept/").status_code == 404
    assert participant_client.get("/workshops/linkedin/module-1/").status_code == 200
