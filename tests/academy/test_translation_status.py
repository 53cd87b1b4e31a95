"""Reports → Translation status: trainers see which pages and quizzes have no
translation yet, an unpublished one, or one older than its source (issue 20)."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.base import translation_status
from courses.models import ModulePage
from tests.factories import make_quiz, make_workshop, translate, translate_quiz

pytestmark = pytest.mark.django_db
URL = "/admin/reports/translation-status/"


def status_by_title():
    return {
        (row["title"], row["language_code"]): row["status"]
        for row in translation_status.translation_rows()
    }


@pytest.fixture
def course():
    workshop = make_workshop(modules=2)
    first = ModulePage.objects.get(slug="module-1")
    first.quiz = make_quiz(title="Toets")
    first.save_revision().publish()
    translate(workshop, title="LinkedIn (en)")
    translate(first, title="First (en)", slug="first")
    return workshop


def test_missing_draft_out_of_date_and_up_to_date(course):
    status = status_by_title()
    assert status[("LinkedIn", "en")] == "up_to_date"
    assert status[("Module 1 van LinkedIn", "en")] == "up_to_date"
    assert status[("Module 2 van LinkedIn", "en")] == "missing"
    assert status[("Toets", "en")] == "missing"
    assert ("LinkedIn (en)", "en") not in status  # translations are no sources

    # The trainer changes the Dutch module after it was translated.
    module = ModulePage.objects.get(slug="module-1")
    module.intro = "Nieuwe inleiding"
    revision = module.save_revision()
    later = timezone.now() + timedelta(minutes=5)
    revision.publish()
    ModulePage.objects.filter(pk=module.pk).update(last_published_at=later)
    assert status_by_title()[("Module 1 van LinkedIn", "en")] == "out_of_date"

    # A quiz translation saved but never published.
    english = translate_quiz(ModulePage.objects.get(pk=module.pk).quiz)
    type(english).objects.filter(pk=english.pk).update(live=False)
    assert status_by_title()[("Toets", "en")] == "draft"


def test_the_report_for_trainers_with_links_to_translate(trainer_client, course):
    html = trainer_client.get(URL, {"status": "todo"}).content.decode()
    assert "Module 2 van LinkedIn" in html and "Toets" in html
    assert "/admin/localize/submit/page/" in html
    assert "/admin/localize/submit/snippet/quizzes/quiz/" in html
    assert "Module 1 van LinkedIn" not in html  # up to date
    body = b"".join(
        trainer_client.get(URL, {"export": "csv"}).streaming_content
    ).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert ["Module 2 van LinkedIn", "Engels", "ontbreekt"] in [r[1:4] for r in rows]


def test_participants_may_not_see_it(participant_client, course):
    assert participant_client.get(URL).status_code in (302, 403)


def test_the_queries_do_not_grow_with_the_pages(trainer_client, course):
    def count():
        with CaptureQueriesContext(connection) as queries:
            translation_status.translation_rows()
        return len(queries)

    few = count()
    make_workshop(modules=4, slug="twitter", title="Twitter")
    assert count() == few
