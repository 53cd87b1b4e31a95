"""Scoring a quiz attempt: plain data in, plain data out (no database, no request).

A question is right only when exactly its correct options are chosen; each question
counts one point. The score is the share of points in whole percent, rounded down,
and an attempt passes when that score reaches the pass mark.

Certainty-based marking (a quiz may switch it on): with each answer the participant
says how sure they are (CERTAINTY_LEVELS), and the certainty score adds the marks of
Moodle's documented scheme (CERTAINTY_MARKS: +1/+2/+3 when right, 0/-2/-6 when
wrong). It is shown beside the plain score; the pass mark stays on the plain score.
"""

import random
from dataclasses import dataclass, field


class InvalidAnswer(ValueError):
    """An answer names a question or option that is not in this quiz."""


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # "single", "multiple" or "true_false"
    text: str
    options: tuple[Option, ...]
    explanation: str = ""

    @property
    def correct_keys(self):
        return frozenset(option.key for option in self.options if option.correct)

    @property
    def allows_several(self):
        return self.kind == "multiple"


# 1: not sure, 2: fairly sure, 3: very sure.
CERTAINTY_LEVELS = (1, 2, 3)
# {level: (mark when right, mark when wrong)}
CERTAINTY_MARKS = {1: (1, 0), 2: (2, -2), 3: (3, -6)}
# The answer of a participant who was very sure and wrong: a misconception.
CONFIDENT = 3


def certainty_mark(correct, level):
    """The certainty mark of one answer."""
    right, wrong = CERTAINTY_MARKS[level]
    return right if correct else wrong


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    selected: frozenset
    correct: bool
    certainty: int | None = None

    @property
    def certainty_mark(self):
        return (
            None
            if self.certainty is None
            else certainty_mark(self.correct, self.certainty)
        )

    @property
    def confidently_wrong(self):
        return not self.correct and self.certainty == CONFIDENT

    @property
    def feedback(self):
        """The feedback of the options the participant chose, in question order."""
        return [
            option
            for option in self.question.options
            if option.key in self.selected and option.feedback
        ]


@dataclass(frozen=True)
class Result:
    questions: tuple[QuestionResult, ...] = field(default_factory=tuple)
    pass_mark: int = 100

    @property
    def points(self):
        return sum(1 for result in self.questions if result.correct)

    @property
    def max_points(self):
        return len(self.questions)

    @property
    def percent(self):
        return self.points * 100 // self.max_points if self.max_points else 0

    @property
    def passed(self):
        return self.max_points > 0 and self.percent >= self.pass_mark

    @property
    def certainty_points(self):
        """The sum of the certainty marks (None without certainty-based marking)."""
        if not self.questions or any(r.certainty is None for r in self.questions):
            return None
        return sum(r.certainty_mark for r in self.questions)

    @property
    def certainty_average(self):
        """The certainty score per question, -6..3 (Moodle's "CBM average")."""
        points = self.certainty_points
        return None if points is None else points / self.max_points


def score(questions, answers, pass_mark, certainty=None):
    """Score `answers` ({question key: iterable of option keys}) against `questions`.

    Every question must be answered; unknown questions or options raise InvalidAnswer
    (an option of another question counts as unknown). Order does not matter.
    With `certainty` ({question key: level}, certainty-based marking) every question
    needs a level of CERTAINTY_LEVELS.
    """
    by_key = {question.key: question for question in questions}
    unknown = set(answers) - set(by_key)
    if unknown:
        raise InvalidAnswer(f"unknown questions: {sorted(unknown)}")
    results = []
    for question in questions:
        selected = frozenset(answers.get(question.key, ()))
        if not selected:
            raise InvalidAnswer(f"question {question.key} is not answered")
        if not selected <= {option.key for option in question.options}:
            raise InvalidAnswer(f"unknown options for question {question.key}")
        if len(selected) > 1 and not question.allows_several:
            raise InvalidAnswer(f"question {question.key} takes one answer")
        level = None
        if certainty is not None:
            level = certainty.get(question.key)
            if level not in CERTAINTY_LEVELS:
                raise InvalidAnswer(f"question {question.key} has no certainty")
        results.append(
            QuestionResult(question, selected, selected == question.correct_keys, level)
        )
    return Result(tuple(results), pass_mark)


def draw(questions, count, seen, seed):
    """The questions of one attempt at a quiz that draws `count` of them (a question
    pool): the ones the participant has not seen first, then the ones seen least
    often; ties at random from `seed` (a keyed hash: see attempts.order_seed). In
    the trainer's order; all of them when `count` is empty or not smaller.

    seen: {question key: times the participant answered it before}.
    """
    questions = list(questions)
    if not count or count >= len(questions):
        return questions
    generator = random.Random(seed)  # noqa: S311 - an order, not a secret
    tie = {question.key: generator.random() for question in questions}
    ranked = sorted(questions, key=lambda q: (seen.get(q.key, 0), tie[q.key]))
    picked = {question.key for question in ranked[:count]}
    return [question for question in questions if question.key in picked]
