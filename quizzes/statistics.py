"""Quiz statistics for trainers: plain functions over plain data.

Per question:
- facility index: the share of answers that were right (0..1);
- discrimination index: Kelley's upper-lower index with thirds, as in classical test
  theory: rank the attempts by their total score, take the top third and the bottom
  third, and subtract the share right in the bottom third from the share right in the
  top third (-1..1). Good questions score 0.3 or more; below 0 means weak participants
  did better than strong ones;
- for every option, how often it was chosen, overall and in the top and bottom thirds.

Flags a trainer can act on (only with at least MIN_ANSWERS answers):
- "too easy": facility of 0.90 or more: nearly everybody gets it right;
- "too hard": facility of 0.30 or less: most get it wrong;
- "misleading": a wrong option attracts the strong participants: it is chosen by at
  least 20% of the top third and more often in the top third than in the bottom
  third, or the discrimination index is below 0.
"""

from collections import Counter
from dataclasses import dataclass, field

TOO_EASY = 0.90
TOO_HARD = 0.30
MISLEADING_SHARE = 0.20
MIN_ANSWERS = 6

FIRST, ALL = "first", "all"


@dataclass(frozen=True)
class AttemptRecord:
    user_id: int
    number: int
    score: int  # percent
    passed: bool
    answers: dict  # question key -> (frozenset of option keys, right?)


@dataclass(frozen=True)
class OptionStats:
    key: str
    text: str
    correct: bool
    chosen: int
    share: float
    top_share: float
    bottom_share: float


@dataclass(frozen=True)
class QuestionStats:
    key: str
    text: str
    answered: int
    facility: float | None
    discrimination: float | None
    options: list = field(default_factory=list)
    flags: list = field(default_factory=list)


@dataclass(frozen=True)
class QuizSummary:
    attempts: int
    participants: int
    mean_score: float | None
    pass_rate: float | None


def select(attempts, scope):
    """All attempts, or each participant's first attempt only."""
    if scope == ALL:
        return list(attempts)
    return [a for a in attempts if a.number == 1]


def summary(attempts):
    attempts = list(attempts)
    if not attempts:
        return QuizSummary(0, 0, None, None)
    return QuizSummary(
        attempts=len(attempts),
        participants=len({a.user_id for a in attempts}),
        mean_score=sum(a.score for a in attempts) / len(attempts),
        pass_rate=sum(1 for a in attempts if a.passed) / len(attempts),
    )


def thirds(attempts):
    """(top third, bottom third) of the attempts ranked by score; empty below 3."""
    size = len(attempts) // 3
    if size == 0:
        return [], []
    ranked = sorted(attempts, key=lambda a: a.score, reverse=True)
    return ranked[:size], ranked[-size:]


def share(count, total):
    return count / total if total else 0.0


def question_stats(question, attempts):
    """Statistics of one question (scoring.Question) over the given attempts."""
    answered = [a for a in attempts if question.key in a.answers]
    top, bottom = thirds(answered)
    right = sum(1 for a in answered if a.answers[question.key][1])
    facility = share(right, len(answered)) if answered else None
    discrimination = None
    if top and bottom:
        top_right = share(sum(1 for a in top if a.answers[question.key][1]), len(top))
        bottom_right = share(
            sum(1 for a in bottom if a.answers[question.key][1]), len(bottom)
        )
        discrimination = top_right - bottom_right

    def chosen(group):
        return Counter(key for a in group for key in a.answers[question.key][0])

    everyone, in_top, in_bottom = chosen(answered), chosen(top), chosen(bottom)
    options = [
        OptionStats(
            key=option.key,
            text=option.text,
            correct=option.correct,
            chosen=everyone[option.key],
            share=share(everyone[option.key], len(answered)),
            top_share=share(in_top[option.key], len(top)),
            bottom_share=share(in_bottom[option.key], len(bottom)),
        )
        for option in question.options
    ]
    return QuestionStats(
        key=question.key,
        text=question.text,
        answered=len(answered),
        facility=facility,
        discrimination=discrimination,
        options=options,
        flags=flags(len(answered), facility, discrimination, options),
    )


def flags(answered, facility, discrimination, options):
    if answered < MIN_ANSWERS or facility is None:
        return []
    result = []
    if facility >= TOO_EASY:
        result.append("too_easy")
    if facility <= TOO_HARD:
        result.append("too_hard")
    attracts_strong = any(
        not option.correct
        and option.top_share >= MISLEADING_SHARE
        and option.top_share > option.bottom_share
        for option in options
    )
    if attracts_strong or (discrimination is not None and discrimination < 0):
        result.append("misleading")
    return result


def quiz_statistics(questions, attempts, scope=FIRST):
    """(summary, [QuestionStats]) for a quiz's questions over its attempts."""
    chosen = select(attempts, scope)
    return summary(chosen), [question_stats(q, chosen) for q in questions]
