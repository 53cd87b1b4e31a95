"""Certainty-based marking and question pools: the pure rules, worked out by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes import scoring
from quizzes.scoring import InvalidAnswer, Option, Question


def question(key, right="b"):
    return Question(
        key,
        "single",
        f"Vraag {key}",
        tuple(Option(o, o.upper(), o == right) for o in "abc"),
        "Uitleg",
    )


QUESTIONS = [question("q1"), question("q2"), question("q3"), question("q4")]


def test_the_marks_are_moodles_scheme():
    assert [scoring.certainty_mark(True, level) for level in (1, 2, 3)] == [1, 2, 3]
    assert [scoring.certainty_mark(False, level) for level in (1, 2, 3)] == [0, -2, -6]


def test_the_certainty_score_adds_the_marks_and_the_pass_stays_on_the_plain_score():
    answers = {"q1": ["b"], "q2": ["b"], "q3": ["b"], "q4": ["a"]}
    certainty = {"q1": 3, "q2": 2, "q3": 1, "q4": 3}
    result = scoring.score(QUESTIONS, answers, 75, certainty)
    # right 3 + 2 + 1, wrong while very sure -6
    assert result.certainty_points == 0
    assert result.certainty_average == 0
    assert result.percent == 75 and result.passed  # 3 of 4, the pass mark 75
    assert [r.confidently_wrong for r in result.questions] == [
        False,
        False,
        False,
        True,
    ]


def test_a_careful_participant_scores_more_than_a_reckless_one_with_the_same_answers():
    answers = {"q1": ["b"], "q2": ["b"], "q3": ["a"], "q4": ["a"]}
    careful = scoring.score(
        QUESTIONS, answers, 50, {"q1": 3, "q2": 3, "q3": 1, "q4": 1}
    )
    reckless = scoring.score(
        QUESTIONS, answers, 50, {"q1": 3, "q2": 3, "q3": 3, "q4": 3}
    )
    assert careful.percent == reckless.percent == 50
    assert careful.certainty_points == 6 and reckless.certainty_points == -6
    assert careful.certainty_average == 1.5 and reckless.certainty_average == -1.5


def test_without_certainty_there_is_no_certainty_score():
    result = scoring.score(QUESTIONS, {q.key: ["b"] for q in QUESTIONS}, 70)
    assert result.certainty_points is None and result.certainty_average is None


@pytest.mark.parametrize("levels", [{}, {"q1": 3}, {q.key: 4 for q in QUESTIONS}])
def test_certainty_missing_or_out_of_range_is_refused(levels):
    with pytest.raises(InvalidAnswer):
        scoring.score(QUESTIONS, {q.key: ["b"] for q in QUESTIONS}, 70, levels)


# Question pools


def test_a_pool_draws_the_count_in_the_trainers_order():
    drawn = scoring.draw(QUESTIONS, 2, {}, seed="x")
    assert len(drawn) == 2
    assert drawn == sorted(drawn, key=QUESTIONS.index)


def test_a_retake_prefers_the_questions_not_seen():
    drawn = scoring.draw(QUESTIONS, 2, {"q1": 1, "q3": 1}, seed="x")
    assert [q.key for q in drawn] == ["q2", "q4"]
    # Seen once beats seen twice when every question was seen.
    drawn = scoring.draw(QUESTIONS, 2, {"q1": 2, "q2": 1, "q3": 2, "q4": 1}, "x")
    assert [q.key for q in drawn] == ["q2", "q4"]


def test_no_count_or_a_count_not_smaller_asks_everything():
    assert scoring.draw(QUESTIONS, None, {}, "x") == QUESTIONS
    assert scoring.draw(QUESTIONS, 4, {}, "x") == QUESTIONS
    assert scoring.draw(QUESTIONS, 9, {}, "x") == QUESTIONS


@given(
    st.integers(1, 6),
    st.dictionaries(st.sampled_from(["q1", "q2", "q3", "q4"]), st.integers(1, 5)),
    st.text(max_size=10),
)
def test_a_draw_never_takes_a_seen_question_while_an_unseen_one_is_left(
    count, seen, seed
):
    drawn = scoring.draw(QUESTIONS, count, seen, seed)
    assert len(drawn) == min(count, len(QUESTIONS))
    assert len({q.key for q in drawn}) == len(drawn)
    left_out = [q for q in QUESTIONS if q not in drawn]
    if left_out:
        assert max(seen.get(q.key, 0) for q in drawn) <= min(
            seen.get(q.key, 0) for q in left_out
        )
