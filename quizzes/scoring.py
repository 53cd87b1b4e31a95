"""Scoring a quiz attempt: plain data in, plain data out (no database, no request).

A question is right only when exactly its correct options are chosen; each question
counts one point. The score is the share of points in whole percent, rounded down,
and an attempt passes when that score reaches the pass mark.
"""

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


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    selected: frozenset
    correct: bool

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


def score(questions, answers, pass_mark):
    """Score `answers` ({question key: iterable of option keys}) against `questions`.

    Every question must be answered; unknown questions or options raise InvalidAnswer
    (an option of another question counts as unknown). Order does not matter.
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
        results.append(
            QuestionResult(question, selected, selected == question.correct_keys)
        )
    return Result(tuple(results), pass_mark)
