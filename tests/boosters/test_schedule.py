"""The booster rules, worked out by hand (no database)."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from boosters import schedule
from boosters.schedule import Candidate, Figure

PASSED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_passing_schedules_boosters_two_seven_and_thirty_days_later():
    assert schedule.due_dates(PASSED) == [
        (1, datetime(2026, 3, 4, 10, 0, tzinfo=UTC)),
        (2, datetime(2026, 3, 9, 10, 0, tzinfo=UTC)),
        (3, datetime(2026, 4, 1, 10, 0, tzinfo=UTC)),
    ]


def seen(days):
    return PASSED + timedelta(days=days)


def test_need_orders_confidently_wrong_wrong_unsure_unseen_right():
    confidently_wrong = Candidate(1, "a", False, 3, seen(1))
    wrong = Candidate(1, "b", False, 1, seen(1))
    unsure = Candidate(1, "c", True, 1, seen(1))
    never = Candidate(1, "d")
    right = Candidate(1, "e", True, 3, seen(1))
    fairly_sure_right = Candidate(1, "f", True, 2, seen(1))
    assert [
        schedule.need(c)
        for c in (confidently_wrong, wrong, unsure, never, right, fairly_sure_right)
    ] == [0, 1, 2, 3, 4, 4]


def test_a_booster_asks_one_question_of_every_due_module_first():
    # Module 1 has a wrong answer; module 2 only right ones; module 2 is due.
    candidates = [
        Candidate(1, "a", False, 2, seen(1)),
        Candidate(1, "b", False, 2, seen(1)),
        Candidate(1, "c", False, 2, seen(1)),
        Candidate(2, "x", True, 3, seen(1)),
        Candidate(2, "y", True, 3, seen(5)),
    ]
    chosen = schedule.choose(candidates, due_quizzes=[2], seed="s")
    assert len(chosen) == 3
    # Module 2's question is the one not seen for longest (x, seen on day 1) ...
    assert chosen[0] == candidates[3]
    # ... and the rest are the most needed: module 1's wrong answers.
    assert {c.key for c in chosen[1:]} <= {"a", "b", "c"}


def test_among_equals_the_question_not_seen_for_longest_comes_first():
    candidates = [
        Candidate(1, "recent", True, 3, seen(20)),
        Candidate(1, "older", True, 3, seen(3)),
        Candidate(1, "oldest", True, 3, seen(1)),
        Candidate(1, "newest", True, 3, seen(25)),
    ]
    chosen = schedule.choose(candidates, due_quizzes=[], seed="s")
    assert [c.key for c in chosen] == ["oldest", "older", "recent"]


def test_fewer_questions_than_a_booster_asks_gives_them_all():
    candidates = [Candidate(1, "a"), Candidate(2, "b")]
    assert sorted(c.key for c in schedule.choose(candidates, [1, 2], "s")) == [
        "a",
        "b",
    ]
    assert schedule.choose([], [1], "s") == []


def test_more_due_modules_than_questions_takes_the_first_due():
    candidates = [Candidate(q, "k") for q in (1, 2, 3, 4)]
    chosen = schedule.choose(candidates, due_quizzes=[4, 3, 2, 1], seed="s")
    assert [c.quiz_id for c in chosen] == [4, 3, 2]


def test_the_same_seed_picks_the_same_questions():
    candidates = [Candidate(1, str(n)) for n in range(10)]
    first = schedule.choose(candidates, [1], "seed-1")
    assert schedule.choose(candidates, [1], "seed-1") == first
    picks = {tuple(schedule.choose(candidates, [1], f"seed-{n}")) for n in range(20)}
    assert len(picks) > 1  # ties are broken at random, not always the same way


@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.sampled_from([None, True, False]),
            st.sampled_from([None, 1, 2, 3]),
            st.integers(0, 60),
        ),
        max_size=25,
    ),
    st.lists(st.integers(1, 4), max_size=4, unique=True),
    st.text(max_size=8),
)
def test_a_booster_never_repeats_a_question_and_covers_the_due_modules(raw, due, seed):
    candidates = list(
        {
            (quiz, f"k{n}"): Candidate(
                quiz,
                f"k{n}",
                right,
                level if right is not None else None,
                seen(days) if right is not None else None,
            )
            for n, (quiz, right, level, days) in enumerate(raw)
        }.values()
    )
    chosen = schedule.choose(candidates, due, seed)
    assert len(chosen) == min(3, len(candidates))
    assert len(set(chosen)) == len(chosen)
    present = [q for q in due if any(c.quiz_id == q for c in candidates)]
    for quiz in present[:3]:
        assert any(c.quiz_id == quiz for c in chosen)
    # Nothing left out is in more need than what was chosen beyond the due ones.
    rest = [c for c in candidates if c not in chosen]
    covered = {c.quiz_id for c in chosen[: len(present[:3])]}
    extra = chosen[len(covered) :]
    if extra and rest:
        assert max(schedule.need(c) for c in extra) <= min(
            schedule.need(c) for c in rest
        )


def test_the_windows_of_about_a_week_and_about_a_month():
    days = (0, 2, 3, 4, 7, 14, 15, 20, 21, 30, 60, 61)
    assert [schedule.window(d) for d in days] == [
        None, None, None, "week", "week", "week", None, None, "month", "month",
        "month", None,
    ]  # fmt: skip


def test_remembering_counts_answers_and_participants_per_window():
    end_rows = [
        (7, 1, True), (7, 1, True), (7, 1, False),  # participant 1: 2 of 3
        (7, 2, True), (7, 2, True), (7, 2, True),  # participant 2: 3 of 3
    ]  # fmt: skip
    booster_rows = [
        (7, 1, 2, False),  # the 2-day booster: in no window
        (7, 1, 7, True),
        (7, 2, 8, False),
        (7, 2, 9, True),
        (7, 1, 31, False),
    ]
    figures = schedule.remembering(end_rows, booster_rows)[7]
    assert figures[schedule.END] == Figure(5, 6, 2)
    assert figures[schedule.END].percent == 83
    assert figures[schedule.WEEK] == Figure(2, 3, 2)
    assert figures[schedule.WEEK].percent == 67
    assert figures[schedule.MONTH] == Figure(0, 1, 1)
    assert figures[schedule.MONTH].percent == 0


def test_a_module_without_answers_has_no_figure():
    figure = Figure(0, 0, 0)
    assert figure.share is None and figure.percent is None
