"""Quiz statistics for trainers: plain functions over plain data.

Per question:
- facility index: the share of answers that were right (0..1);
- discrimination index: Kelley's upper-lower index with thirds, as in classical test
  theory: rank the attempts by their total score, take the top third and the bottom
  third, and subtract the share right in the bottom third from the share right in the
  top third (-1..1). Good questions score 0.3 or more; below 0 means weak participants
  did better than strong ones. A third holds exactly n // 3 attempts: when attempts
  with the same score straddle its edge, each of them counts for the same fraction
  (the places left, shared by all attempts with that score), so the result never
  depends on the order the database returns tied attempts in, and it follows from
  counts per score alone (see tallies.py, which keeps those counts);
- for every option, how often it was chosen, overall and in the top and bottom thirds;
- with certainty-based marking, how many answered it wrong while very sure
  ("confidently wrong"): a misconception to address in the room.

Flags a trainer can act on (only with at least MIN_ANSWERS answers):
- "too easy": facility of 0.90 or more: nearly everybody gets it right;
- "too hard": facility of 0.30 or less: most get it wrong;
- "misleading": a wrong option attracts the strong participants: it is chosen by at
  least 20% of the top third and more often in the top third than in the bottom
  third, or the discrimination index is below 0.
"""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

TOO_EASY = 0.90
TOO_HARD = 0.30
MISLEADING_SHARE = 0.20
MIN_ANSWERS = 6

FIRST, ALL = "first", "all"
CONFIDENT = 3  # scoring.CONFIDENT: very sure


@dataclass(frozen=True)
class AttemptRecord:
    user_id: int
    number: int
    score: int  # percent
    passed: bool
    # question key -> (frozenset of option keys, right?[, certainty level])
    answers: dict


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
    confidently_wrong: int = 0


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
    """(top third, bottom third) of the attempts ranked by score, as lists of
    (attempt, weight); empty below 3 attempts. Each third weighs n // 3 in all:
    attempts with a better score than the third's edge count fully (weight 1), and
    the attempts with the edge score share the places left equally (a Fraction)."""
    size = len(attempts) // 3
    if size == 0:
        return [], []
    return _third(attempts, size, reverse=True), _third(attempts, size, reverse=False)


def _third(attempts, size, reverse):
    ranked = sorted(attempts, key=lambda a: a.score, reverse=reverse)
    edge = ranked[size - 1].score
    inside = [a for a in ranked if (a.score > edge if reverse else a.score < edge)]
    at_edge = [a for a in ranked if a.score == edge]
    weight = Fraction(size - len(inside), len(at_edge))
    return [(a, Fraction(1)) for a in inside] + [(a, weight) for a in at_edge]


def share(count, total):
    return count / total if total else 0.0


def question_stats(question, attempts):
    """Statistics of one question (scoring.Question) over the given attempts: the
    reference over raw attempts (question_stats_from_counts gives the same from
    counts per score)."""
    answered = [a for a in attempts if question.key in a.answers]
    top, bottom = thirds(answered)
    size = len(answered) // 3
    right = sum(1 for a in answered if a.answers[question.key][1])

    def weighed(group, test):
        return sum((w for a, w in group if test(a.answers[question.key])), Fraction())

    def chosen_in(group, key):
        return weighed(group, lambda answer: key in answer[0])

    def is_right(answer):
        return answer[1]

    everyone = Counter(key for a in answered for key in a.answers[question.key][0])
    return _question_stats(
        question,
        confidently_wrong=sum(
            1 for a in answered if is_confidently_wrong(a.answers[question.key])
        ),
        answered=len(answered),
        right=right,
        top_right=weighed(top, is_right) if size else None,
        bottom_right=weighed(bottom, is_right) if size else None,
        chosen={o.key: everyone[o.key] for o in question.options},
        top_chosen={o.key: chosen_in(top, o.key) for o in question.options},
        bottom_chosen={o.key: chosen_in(bottom, o.key) for o in question.options},
    )


def is_confidently_wrong(answer):
    """An answer (selected, right?[, certainty]) given wrong while very sure."""
    return not answer[1] and len(answer) > 2 and answer[2] == CONFIDENT


def _question_stats(
    question,
    answered,
    right,
    top_right,
    bottom_right,
    chosen,
    top_chosen,
    bottom_chosen,
    confidently_wrong=0,
):
    """QuestionStats from the exact counts (top and bottom: weighed, Fractions, over
    thirds of answered // 3 each); the floats are made once, at the end, so both
    ways of counting give the same figures to the last bit."""
    size = answered // 3
    facility = share(right, answered) if answered else None
    discrimination = None
    if size:
        discrimination = float((top_right - bottom_right) / size)

    def third_share(count):
        return float(Fraction(count) / size) if size else 0.0

    options = [
        OptionStats(
            key=option.key,
            text=option.text,
            correct=option.correct,
            chosen=chosen[option.key],
            share=share(chosen[option.key], answered),
            top_share=third_share(top_chosen[option.key]),
            bottom_share=third_share(bottom_chosen[option.key]),
        )
        for option in question.options
    ]
    return QuestionStats(
        key=question.key,
        text=question.text,
        answered=answered,
        facility=facility,
        discrimination=discrimination,
        options=options,
        flags=flags(answered, facility, discrimination, options),
        confidently_wrong=confidently_wrong,
    )


@dataclass
class ScoreCounts:
    """What the attempts with one score did with one question: how many answered
    it, how many got it right, and how often each option was chosen."""

    answered: int = 0
    right: int = 0
    chosen: Counter = field(default_factory=Counter)
    confidently_wrong: int = 0


def question_stats_from_counts(question, by_score):
    """The same as question_stats, from {score: ScoreCounts} of that question."""
    answered = sum(c.answered for c in by_score.values())
    size = answered // 3

    def third(reverse):
        left, right, chosen = size, Fraction(), Counter()
        for score in sorted(by_score, reverse=reverse):
            counts = by_score[score]
            if left == 0:
                break
            if counts.answered <= 0:
                continue
            weight = Fraction(min(left, counts.answered), counts.answered)
            right += weight * counts.right
            for key, times in counts.chosen.items():
                chosen[key] += weight * times
            left -= min(left, counts.answered)
        return right, chosen

    top_right, top_chosen = third(reverse=True)
    bottom_right, bottom_chosen = third(reverse=False)
    everyone = Counter()
    for counts in by_score.values():
        everyone.update(counts.chosen)
    return _question_stats(
        question,
        confidently_wrong=sum(c.confidently_wrong for c in by_score.values()),
        answered=answered,
        right=sum(c.right for c in by_score.values()),
        top_right=top_right if size else None,
        bottom_right=bottom_right if size else None,
        chosen={o.key: everyone[o.key] for o in question.options},
        top_chosen={o.key: top_chosen[o.key] for o in question.options},
        bottom_chosen={o.key: bottom_chosen[o.key] for o in question.options},
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


def summary_from_counts(attempts, passed, score_sum, participants):
    """The same as summary, from counts."""
    if not attempts:
        return QuizSummary(0, 0, None, None)
    return QuizSummary(
        attempts=attempts,
        participants=participants,
        mean_score=score_sum / attempts,
        pass_rate=passed / attempts,
    )
