"""Quiz statistics on small examples worked out by hand."""

import pytest

from quizzes.scoring import Option, Question
from quizzes.statistics import (
    ALL,
    FIRST,
    AttemptRecord,
    question_stats,
    quiz_statistics,
    summary,
)

Q = Question(
    "q",
    "single",
    "Wat doe je eerst?",
    (
        Option("a", "Luisteren", True),
        Option("b", "Reageren", False),
        Option("c", "Negeren", False),
    ),
)


def attempt(user, score, choice, number=1, passed=None):
    return AttemptRecord(
        user_id=user,
        number=number,
        score=score,
        passed=score >= 70 if passed is None else passed,
        answers={"q": (frozenset({choice}), choice == "a")},
    )


# Six attempts ranked by score: top third = scores 100, 90; bottom third = 20, 10.
SIX = [
    attempt(1, 100, "a"),
    attempt(2, 90, "a"),
    attempt(3, 70, "a"),
    attempt(4, 50, "b"),
    attempt(5, 20, "a"),
    attempt(6, 10, "c"),
]


def test_facility_and_discrimination_by_hand():
    stats = question_stats(Q, SIX)
    # 4 of 6 right: facility 4/6 = 0.667.
    assert stats.facility == pytest.approx(4 / 6)
    # Top third both right (1.0), bottom third 1 of 2 right (0.5): D = 0.5.
    assert stats.discrimination == pytest.approx(0.5)
    counts = {o.key: o.chosen for o in stats.options}
    assert counts == {"a": 4, "b": 1, "c": 1}
    assert stats.flags == []


def test_too_easy_and_too_hard():
    easy = [attempt(n, 100 - n, "a") for n in range(10)]
    assert question_stats(Q, easy).flags == ["too_easy"]  # facility 1.0
    hard = [attempt(n, 100 - n, "b" if n < 8 else "a") for n in range(10)]
    stats = question_stats(Q, hard)
    assert stats.facility == pytest.approx(0.2)  # 2 of 10
    assert "too_hard" in stats.flags


def test_misleading_when_strong_participants_pick_a_wrong_option():
    # Top third (scores 95, 90) both chose "b"; bottom third (20, 10) chose "a".
    attempts = [
        attempt(1, 95, "b"),
        attempt(2, 90, "b"),
        attempt(3, 60, "a"),
        attempt(4, 50, "a"),
        attempt(5, 20, "a"),
        attempt(6, 10, "a"),
    ]
    stats = question_stats(Q, attempts)
    b = next(o for o in stats.options if o.key == "b")
    assert (b.top_share, b.bottom_share) == (1.0, 0.0)
    assert stats.discrimination == pytest.approx(-1.0)  # 0.0 - 1.0
    assert "misleading" in stats.flags


def test_no_flags_on_too_few_answers():
    assert question_stats(Q, SIX[:5]).flags == []
    assert question_stats(Q, []).facility is None


def test_first_attempts_only_or_all():
    attempts = [*SIX, attempt(4, 100, "a", number=2), attempt(6, 80, "a", number=2)]
    first_summary, (first,) = quiz_statistics([Q], attempts, FIRST)
    all_summary, (every,) = quiz_statistics([Q], attempts, ALL)
    assert first.answered == 6 and every.answered == 8
    assert first.facility == pytest.approx(4 / 6)
    assert every.facility == pytest.approx(6 / 8)
    assert (first_summary.attempts, first_summary.participants) == (6, 6)
    assert (all_summary.attempts, all_summary.participants) == (8, 6)


def test_summary_mean_and_pass_rate():
    result = summary(SIX)
    assert result.mean_score == pytest.approx((100 + 90 + 70 + 50 + 20 + 10) / 6)
    assert result.pass_rate == pytest.approx(3 / 6)  # 100, 90 and 70 pass
    assert summary([]).mean_score is None
