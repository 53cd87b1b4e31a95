"""Only what visitors can see starts a new content version: publishing, unpublishing,
moving and deleting a page, and saving what is shown live (a quiz, a tip, the site
settings). A draft save, an autosave and a preview in the editor keep every cached
page, for everyone (academy/base/caching.py, connect_content_signals)."""

import json

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from academy.base.caching import content_version
from academy.base.models import SiteSettings
from courses.models import ModulePage, WorkshopPage
from quizzes.models import Quiz
from tests.factories import make_workshop

pytestmark = pytest.mark.django_db

CACHE = "X-Academy-Cache"
URL = "/workshops/linkedin/"


@pytest.fixture
def workshop(db):
    SiteSettings.load()  # created on first use; that would start a new version
    return make_workshop(modules=2)


@pytest.fixture
def warm(client, workshop):
    """The workshop page is in the cache: a second visit is a hit."""
    client.get(URL)
    assert client.get(URL)[CACHE] == "hit"
    return content_version()


def editor_form(page, summary):
    """What the page editor sends for a workshop page."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": summary,
            "learning_goals": streamfield([]),
            "audience": "",
            "duration_minutes": 120,
            "trainer_name": "",
            "trainer_bio": "",
            "sessions": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def test_a_draft_save_in_the_editor_keeps_the_cached_pages(
    client, trainer, workshop, warm
):
    editor = client.__class__()
    editor.force_login(trainer)
    page = WorkshopPage.objects.get(slug="linkedin")

    response = editor.post(
        f"/admin/pages/{page.pk}/edit/", editor_form(page, "Een concept.")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.has_unpublished_changes  # the draft was saved
    assert content_version() == warm
    visit = client.get(URL)
    assert visit[CACHE] == "hit"
    assert "Een concept." not in visit.content.decode()


def test_an_autosave_keeps_the_cached_pages(client, trainer, workshop, warm):
    editor = client.__class__()
    editor.force_login(trainer)
    page = WorkshopPage.objects.get(slug="linkedin")

    response = editor.post(
        f"/admin/pages/{page.pk}/edit/",
        editor_form(page, "Automatisch bewaard."),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    assert json.loads(response.content)["success"] is True
    assert page.revisions.count() >= 1
    assert content_version() == warm
    assert client.get(URL)[CACHE] == "hit"


def test_a_preview_keeps_the_cached_pages(client, trainer, workshop, warm):
    editor = client.__class__()
    editor.force_login(trainer)
    page = WorkshopPage.objects.get(slug="linkedin")
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"

    posted = editor.post(preview_url, editor_form(page, "Alleen een voorbeeld."))
    shown = editor.get(preview_url, {"mode": ""})

    assert posted.status_code == 200 and json.loads(posted.content)["is_valid"]
    assert "Alleen een voorbeeld." in shown.content.decode()
    assert content_version() == warm
    visit = client.get(URL)
    assert visit[CACHE] == "hit"
    assert "Alleen een voorbeeld." not in visit.content.decode()


def test_a_draft_saved_by_code_and_a_lock_keep_the_cached_pages(
    client, trainer, workshop, warm
):
    page = WorkshopPage.objects.get(slug="linkedin")
    page.summary = "Nog een concept."
    page.save_revision(user=trainer)
    page.locked, page.locked_by = True, trainer
    page.save(update_fields=["locked", "locked_by"])

    assert content_version() == warm
    assert client.get(URL)[CACHE] == "hit"


def test_publishing_in_the_editor_replaces_the_cached_pages(
    client, trainer, workshop, warm
):
    editor = client.__class__()
    editor.force_login(trainer)
    page = WorkshopPage.objects.get(slug="linkedin")
    data = editor_form(page, "Nu gepubliceerd.")
    data["action-publish"] = "action-publish"

    response = editor.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 302
    assert content_version() != warm
    visit = client.get(URL)
    assert visit[CACHE] == "miss"
    assert "Nu gepubliceerd." in visit.content.decode()


@pytest.mark.parametrize("action", ["unpublish", "move", "delete"])
def test_unpublishing_moving_and_deleting_a_page_start_a_new_version(
    client, workshop, warm, action
):
    module = ModulePage.objects.child_of(workshop).last()
    if action == "unpublish":
        module.unpublish()
    elif action == "move":
        module.move(workshop, pos="first-child")
    else:
        module.delete()
    assert content_version() != warm


def test_saving_what_is_shown_live_starts_a_new_version(client, workshop, warm):
    settings = SiteSettings.load()
    settings.organisation_name = "Een andere naam"
    settings.save()
    after_settings = content_version()
    assert after_settings != warm

    Quiz.objects.create(title="Nieuwe quiz")
    assert content_version() != after_settings
