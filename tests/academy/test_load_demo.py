"""`manage.py load_demo`: the demo course and accounts, loaded once, safely."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from courses.models import ModulePage, Tip, WorkshopPage
from live_sessions.models import WorkshopSession
from quizzes.models import Quiz

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    User = get_user_model()
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "revisions": Revision.objects.count(),
        "tips": Tip.objects.count(),
        "users": sorted(User.objects.values_list("email", "password")),
        "images": get_image_model().objects.count(),
        "quizzes": sorted(Quiz.objects.values_list("title", "updated_at")),
        "sessions": sorted(WorkshopSession.objects.values_list("pk", "starts_at")),
    }


def test_load_demo_creates_the_course_and_accounts(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "een-demo-wachtwoord")
    load_demo()

    # Two workshops, each in Dutch (the source) and in English (its translation).
    assert WorkshopPage.objects.live().count() == 4
    dutch = WorkshopPage.objects.filter(locale__language_code="nl")
    assert dutch.live().count() == 2
    linkedin = dutch.get(slug="linkedin")
    twitter = dutch.get(slug="twitter-x")
    assert ModulePage.objects.child_of(linkedin).live().count() >= 4
    assert ModulePage.objects.child_of(twitter).live().count() >= 3
    assert Tip.objects.filter(locale__language_code="nl").count() == 10
    assert Tip.objects.filter(locale__language_code="en").count() == 10
    for workshop in (linkedin, twitter):
        sessions = list(workshop.sessions.filter(starts_at__gt=timezone.now()))
        assert len(sessions) == 2
        assert {bool(s.location) for s in sessions} == {True, False}  # room, online
    for module in ModulePage.objects.live():
        assert module.quiz is not None, module.title
        questions = module.quiz.question_data()
        assert len(questions) >= 5
        assert {q.kind for q in questions} == {"single", "multiple", "true_false"}
        assert all(q.explanation and q.correct_keys for q in questions)

    User = get_user_model()
    trainer = User.objects.get(email="trainer@example.com")
    participant = User.objects.get(email="participant@example.com")
    assert trainer.groups.filter(name="Trainers").exists()
    assert not participant.groups.exists()
    assert trainer.check_password("een-demo-wachtwoord")
    assert not trainer.is_superuser and not participant.is_staff


def test_load_demo_twice_changes_and_duplicates_nothing():
    load_demo()
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "nothing changed" in output


def test_load_demo_keeps_a_trainers_edits():
    load_demo()
    module = ModulePage.objects.first()
    module.title = "Door de trainer aangepast"
    module.save_revision().publish()

    load_demo()

    module.refresh_from_db()
    assert module.title == "Door de trainer aangepast"


def test_demo_accounts_can_log_in(client):
    load_demo()
    assert client.login(email="participant@example.com", password="academy-demo-2026")


def test_load_demo_refuses_where_demo_is_not_allowed(settings):
    settings.ACADEMY_DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        load_demo()
    assert not get_user_model().objects.filter(email="trainer@example.com").exists()


def test_migrations_create_no_accounts():
    assert not get_user_model().objects.exists()
