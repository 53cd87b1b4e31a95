"""Scoring as a plain function: examples worked out by hand, and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.scoring import InvalidAnswer, Option, Question, score


def single(key, correct="b", options="abc"):
    return Question(
        key,
        "single",
        f"Vraag {key}",
        tuple(Option(o, o, o == correct) for o in options),
    )


def multiple(key, correct=("a", "b"), options="abcd"):
    return Question(
        key,
        "multiple",
        f"Vraag {key}",
        tuple(Option(o, o, o in correct, f"feedback {o}") for o in options),
    )


QUIZ = [single("q1"), multiple("q2"), single("q3", correct="a")]


def test_all_right_scores_100_and_passes():
    result = score(QUIZ, {"q1": ["b"], "q2": ["a", "b"], "q3": ["a"]}, pass_mark=70)
    assert (result.points, result.max_points, result.percent) == (3, 3, 100)
    assert result.passed


def test_two_of_three_is_66_percent_rounded_down():
    result = score(QUIZ, {"q1": ["b"], "q2": ["a", "b"], "q3": ["c"]}, pass_mark=67)
    assert (result.points, result.percent, result.passed) == (2, 66, False)
    assert score(QUIZ, {"q1": ["b"], "q2": ["a", "b"], "q3": ["c"]}, 66).passed


def test_multiple_response_is_right_only_when_exactly_right():
    for chosen in (["a"], ["a", "b", "c"], ["c", "d"]):
        result = score([multiple("q")], {"q": chosen}, pass_mark=50)
        assert not result.questions[0].correct, chosen
    assert score([multiple("q")], {"q": ["b", "a"]}, 50).questions[0].correct


def test_feedback_is_for_the_chosen_options_only():
    result = score([multiple("q")], {"q": ["c", "a"]}, pass_mark=50)
    assert [o.key for o in result.questions[0].feedback] == ["a", "c"]


@pytest.mark.parametrize(
    "answers",
    [
        {"q1": ["x"], "q2": ["a"], "q3": ["a"]},  # not an option at all
        {"q1": ["b"], "q2": ["a"], "q3": ["a"], "q9": ["a"]},  # unknown question
        {"q1": ["b"], "q2": ["a"]},  # q3 not answered
        {"q1": ["b"], "q2": ["a"], "q3": []},  # q3 answered with nothing
        {"q1": ["a", "b"], "q2": ["a"], "q3": ["a"]},  # two answers to one choice
    ],
)
def test_answers_that_do_not_fit_are_rejected(answers):
    with pytest.raises(InvalidAnswer):
        score(QUIZ, answers, pass_mark=50)


def test_an_option_of_another_question_is_rejected():
    first = Question("q1", "single", "1", (Option("q1-a", "a", True),))
    second = Question("q2", "single", "2", (Option("q2-a", "a", True),))
    with pytest.raises(InvalidAnswer):
        score([first, second], {"q1": ["q2-a"], "q2": ["q2-a"]}, pass_mark=50)


@st.composite
def quiz_and_answers(draw):
    questions, answers = [], {}
    for number in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["single", "multiple"]))
        keys = [f"{number}-{i}" for i in range(draw(st.integers(2, 5)))]
        if kind == "single":
            correct = {draw(st.sampled_from(keys))}
            chosen = [draw(st.sampled_from(keys))]
        else:
            correct = set(
                draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
            )
            chosen = draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
        options = tuple(Option(k, k, k in correct) for k in keys)
        questions.append(Question(str(number), kind, "?", options))
        answers[str(number)] = chosen
    return questions, answers


@given(data=quiz_and_answers(), pass_mark=st.integers(1, 100), seed=st.randoms())
def test_score_properties(data, pass_mark, seed):
    questions, answers = data
    result = score(questions, answers, pass_mark)
    assert 0 <= result.points <= result.max_points == len(questions)
    assert 0 <= result.percent <= 100
    assert result.passed == (result.percent >= pass_mark)

    # The order of questions and of chosen options does not matter.
    shuffled = {key: seed.sample(value, len(value)) for key, value in answers.items()}
    questions_shuffled = seed.sample(questions, len(questions))
    assert score(questions_shuffled, shuffled, pass_mark).points == result.points

    # Choosing exactly the correct options scores 100%.
    perfect = {q.key: list(q.correct_keys) for q in questions}
    assert score(questions, perfect, pass_mark).percent == 100
