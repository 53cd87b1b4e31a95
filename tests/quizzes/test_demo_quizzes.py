"""The demo quizzes cannot be passed without reading them.

Trainers (and our own demo) tend to write the right answer first, make it the
longest and mark three of five answers right in every "choose all" question. The
order on the page is random, but a pattern in the content itself still gives the
answers away. These checks over fixtures/demo_quizzes.json keep it from coming back.
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from quizzes import scoring

DEMO_QUIZZES = Path(settings.BASE_DIR) / "fixtures" / "demo_quizzes.json"


def demo_quizzes():
    return json.loads(DEMO_QUIZZES.read_text(encoding="utf-8"))["quizzes"]


def questions_of(kind):
    return [
        question
        for quiz in demo_quizzes()
        for question in quiz["questions"]
        if question["type"] == kind
    ]


def right_positions(question):
    return [n for n, option in enumerate(question["options"]) if option["correct"]]


def test_the_right_answer_is_written_at_varied_positions():
    single = questions_of("single")
    positions = Counter(right_positions(q)[0] for q in single)
    assert len(single) >= 20
    assert len(positions) >= 3, positions
    assert max(positions.values()) <= 0.4 * len(single), positions
    assert positions[0] <= len(single) / 3, positions


def test_the_right_answer_is_seldom_the_longest_nor_has_any_length_rank_of_its_own():
    single = questions_of("single")
    longest = shortest = 0
    ranks = Counter()
    for question in single:
        lengths = [len(option["text"]) for option in question["options"]]
        right = lengths[right_positions(question)[0]]
        longest += right >= max(lengths)
        shortest += right <= min(lengths)
        ranks[sorted(lengths, reverse=True).index(right)] += 1
    assert longest <= len(single) / 3, (longest, len(single))
    assert shortest <= len(single) / 3, (shortest, len(single))
    assert max(ranks.values()) <= 0.4 * len(single), ranks


def test_choose_all_questions_have_varied_numbers_of_right_answers():
    multiple = questions_of("multiple")
    counts = Counter(len(right_positions(q)) for q in multiple)
    assert len(multiple) >= 8
    assert len(counts) >= 3, counts
    assert max(counts.values()) <= len(multiple) / 2, counts
    # Nor are the right ones simply the first ones written.
    leading = sum(
        right_positions(q) == list(range(len(right_positions(q)))) for q in multiple
    )
    assert leading <= len(multiple) / 3, leading


def test_every_option_has_feedback_and_every_question_an_explanation():
    for quiz in demo_quizzes():
        for question in quiz["questions"]:
            assert len(question["explanation"].split()) >= 12, question["text"]
            for option in question["options"]:
                assert len(option["feedback"].split()) >= 5, option["text"]
            assert any(option["correct"] for option in question["options"])


def answer_by_pattern(question, pick):
    """The option keys a participant who follows a pattern chooses."""
    options = question["options"]
    if question["type"] == "true_false":
        return {"0"}  # "true"
    if question["type"] == "single":
        return {str(pick(options))}
    # "Choose all": the three the pattern favours most, as the old demo had it.
    ranked = sorted(range(len(options)), key=lambda n: pick.rank(options, n))
    return {str(n) for n in ranked[:3]}


class First:
    def __call__(self, options):
        return 0

    @staticmethod
    def rank(options, n):
        return n


class Longest:
    def __call__(self, options):
        return max(range(len(options)), key=lambda n: len(options[n]["text"]))

    @staticmethod
    def rank(options, n):
        return -len(options[n]["text"])


def as_scoring_question(number, question):
    return scoring.Question(
        key=str(number),
        kind=question["type"],
        text=question["text"],
        options=tuple(
            scoring.Option(str(n), option["text"], option["correct"])
            for n, option in enumerate(question["options"])
        ),
    )


@pytest.mark.parametrize("pattern", [First(), Longest()], ids=["first", "longest"])
def test_no_demo_quiz_is_passed_by_a_pattern(pattern):
    for quiz in demo_quizzes():
        questions = [as_scoring_question(n, q) for n, q in enumerate(quiz["questions"])]
        answers = {
            str(n): answer_by_pattern(q, pattern)
            for n, q in enumerate(quiz["questions"])
        }
        result = scoring.score(questions, answers, quiz["pass_mark"])
        assert not result.passed, (quiz["title"], result.percent)
