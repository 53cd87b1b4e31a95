"""The benchmark data set: realistic, consistent, and on the demo workshops."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from courses.models import Enrolment, ModulePage
from quizzes.models import Answer, Attempt

pytestmark = pytest.mark.django_db


def make(**options):
    call_command("make_bench_data", stdout=io.StringIO(), **options)


def test_bench_data_uses_the_demo_workshops(demo):
    make(participants=30, attempts=200)
    demo_quizzes = set(
        ModulePage.objects.filter(quiz__isnull=False).values_list("quiz", flat=True)
    )
    assert Attempt.objects.count() == 200
    assert set(Attempt.objects.values_list("quiz", flat=True)) <= demo_quizzes
    assert Enrolment.objects.filter(user__email__startswith="deelnemer").exists()
    # Scores agree with the stored answers, and participants can log in.
    for attempt in Attempt.objects.all()[:50]:
        right = Answer.objects.filter(attempt=attempt, correct=True).count()
        assert attempt.points == right
        assert attempt.passed == (attempt.score >= attempt.pass_mark)
    assert EmailAddress.objects.filter(verified=True).count() >= 30


def test_bench_data_makes_its_own_course_on_an_empty_site(db):
    make(participants=10, attempts=40)
    assert ModulePage.objects.filter(quiz__isnull=False).count() == 12
    assert Attempt.objects.count() == 40
