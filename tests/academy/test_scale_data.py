"""The 100,000-participant data set (make_scale_data), built small here: consistent
with what the application itself stores, and only where it may be built."""

import io
import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Q

from certificates.models import Certificate
from courses.models import Enrolment, ModuleCompletion, ModulePage, WorkshopPage
from live_sessions.models import Registration
from practice.models import CheckIn, Rating
from quizzes.models import Answer, Attempt


def make(**options):
    out = io.StringIO()
    call_command("make_scale_data", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_anything_but_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("this database is PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL"):
        make(participants=10)
    assert not get_user_model().objects.filter(email__startswith="deelnemer").exists()


@pytest.mark.django_db
def test_refuses_where_demo_data_is_not_allowed(settings):
    settings.ACADEMY_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="Not in production"):
        make(participants=10)


# Skipped before the database is set up on SQLite: a transactional test flushes the
# database when it ends, and the tests after it that restore the test database's
# snapshot (serialized_rollback) then found the Trainers group twice.
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="make_scale_data needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_builds_a_consistent_data_set_once():
    output = make(participants=60, enrolments=90, attempts=600, workshops=3)
    assert "60 participants" in output

    # The Dutch course (the English translations of the demo come with it).
    workshops = WorkshopPage.objects.live().filter(locale__language_code="nl")
    assert workshops.count() == 3
    # Every module has a quiz of its own, published.
    quizzes = ModulePage.objects.filter(quiz__isnull=False).values_list("quiz")
    assert quizzes.count() == len(set(quizzes))
    assert Enrolment.objects.count() == 90
    assert Attempt.objects.count() == 600
    assert (
        EmailAddress.objects.filter(
            verified=True, email__startswith="deelnemer"
        ).count()
        == 60
    )
    # Participants log in with the benchmark's password.
    user = get_user_model().objects.get(email="deelnemer00059@example.com")
    assert user.check_password("bench-password")

    # As the application stores them: numbered 1..n, nothing after a pass, the
    # score from the answers, the answers with their question's snapshot.
    per_pair = Attempt.objects.values("user", "quiz").annotate(
        n=Count("pk"), last=Max("number"), passes=Count("pk", filter=Q(passed=True))
    )
    for pair in per_pair:
        assert pair["n"] == pair["last"]
        assert pair["passes"] <= 1
    for attempt in Attempt.objects.filter(passed=True)[:100]:
        assert not Attempt.objects.filter(
            user=attempt.user_id, quiz=attempt.quiz_id, number__gt=attempt.number
        ).exists()
    for attempt in Attempt.objects.order_by("?")[:40]:
        answers = list(Answer.objects.filter(attempt=attempt))
        assert len(answers) == attempt.max_points
        assert sum(a.correct for a in answers) == attempt.points
        assert attempt.passed == (attempt.score >= attempt.pass_mark)
        assert {"kind", "text", "options"} <= set(answers[0].question)
    # A completed module is a passed quiz; a certificate is a finished workshop.
    for completion in ModuleCompletion.objects.select_related("module")[:40]:
        assert Attempt.objects.filter(
            user=completion.user_id, quiz=completion.module.quiz_id, passed=True
        ).exists()
    assert Certificate.objects.exists()
    assert Rating.objects.exists() and CheckIn.objects.exists()
    assert Registration.objects.filter(attended=True).exists()

    # A second run changes nothing.
    assert "nothing changed" in make(
        participants=60, enrolments=90, attempts=600, workshops=3
    )
    assert Attempt.objects.count() == 600
