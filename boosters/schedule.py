"""When boosters come due, which questions a booster asks, and what the answers say
about remembering (pure: plain data in, plain data out; no Django).

A booster is short retrieval practice after the workshop day: repeated retrieval at
growing intervals is what makes learning last (Roediger & Karpicke 2006; Karpicke &
Roediger 2007). Passing a module's quiz schedules three boosters for that module,
INTERVALS after the pass. Whenever any is due, the participant answers one booster
of QUESTIONS_PER_BOOSTER questions from all the modules they finished:
- first one question of each module with a booster due (so every due module is
  practised, and its remembering can be measured at that age);
- the rest by need: a question answered wrong while sure of it (a misconception),
  then wrong, then right but unsure, then right; among equals the one not seen for
  longest (never seen first), ties broken by the seed.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

INTERVALS = (timedelta(days=2), timedelta(days=7), timedelta(days=30))
QUESTIONS_PER_BOOSTER = 3

# Certainty levels (quizzes.scoring): 1 not sure, 2 fairly sure, 3 very sure.
UNSURE, SURE = 1, 3


def due_dates(passed_at):
    """(step, due) of the boosters that passing a quiz at `passed_at` schedules."""
    return [(step, passed_at + interval) for step, interval in enumerate(INTERVALS, 1)]


@dataclass(frozen=True)
class Candidate:
    """A question a booster may ask, with the participant's last answer to it."""

    quiz_id: int
    key: str
    last_correct: bool | None = None  # None: never answered
    last_certainty: int | None = None
    last_seen: datetime | None = None


def need(candidate):
    """0 (most in need of practice) .. 4: confidently wrong, wrong, unsure, never
    answered, right."""
    if candidate.last_correct is None:
        return 3
    if not candidate.last_correct:
        return 0 if candidate.last_certainty == SURE else 1
    if candidate.last_certainty == UNSURE:
        return 2
    return 4


def _order(candidates, generator):
    shuffled = list(candidates)
    generator.shuffle(shuffled)  # the tie-break, before the stable sort
    never = datetime.min

    def key(candidate):
        seen = candidate.last_seen
        return (need(candidate), seen.replace(tzinfo=None) if seen else never)

    return sorted(shuffled, key=key)


def choose(candidates, due_quizzes, seed, count=QUESTIONS_PER_BOOSTER):
    """The questions of one booster: `count` candidates (fewer when there are not
    that many), one of each quiz in `due_quizzes` first (in that order, as far as
    `count` goes), then the most needed of the rest."""
    generator = random.Random(seed)  # noqa: S311 - an order, not a secret
    ranked = _order(candidates, generator)
    chosen = []
    for quiz_id in due_quizzes:
        if len(chosen) >= count:
            break
        for candidate in ranked:
            if candidate.quiz_id == quiz_id and candidate not in chosen:
                chosen.append(candidate)
                break
    for candidate in ranked:
        if len(chosen) >= count:
            break
        if candidate not in chosen:
            chosen.append(candidate)
    return chosen


# --- Remembering, for trainers ------------------------------------------------

END, WEEK, MONTH = "end", "week", "month"
# The ages (whole days since the pass) that count as "about a week" and "about a
# month" after the workshop: the 7- and 30-day boosters, answered a few days late.
WINDOWS = {WEEK: (4, 14), MONTH: (21, 60)}


def window(days):
    """WEEK, MONTH or None for an answer given `days` after the pass."""
    for name, (low, high) in WINDOWS.items():
        if low <= days <= high:
            return name
    return None


@dataclass(frozen=True)
class Figure:
    """The share of answers that were right, and how many answers and participants
    it stands on (None: nobody yet)."""

    right: int
    answers: int
    participants: int

    @property
    def share(self):
        return self.right / self.answers if self.answers else None

    @property
    def percent(self):
        share = self.share
        return None if share is None else round(share * 100)


def remembering(end_rows, booster_rows):
    """{quiz id: {END: Figure, WEEK: Figure, MONTH: Figure}}.

    end_rows: (quiz id, user id, right) per answer of each participant's passing
    attempt (what they knew at the end of the workshop); booster_rows: (quiz id,
    user id, days since the pass, right) per booster answer. An answer outside the
    windows (the 2-day booster) counts in neither."""
    tallies = {}

    def add(quiz_id, name, user_id, right):
        right_count, answers, people = tallies.setdefault(quiz_id, {}).setdefault(
            name, [0, 0, set()]
        )
        tallies[quiz_id][name] = [right_count + bool(right), answers + 1, people]
        people.add(user_id)

    for quiz_id, user_id, right in end_rows:
        add(quiz_id, END, user_id, right)
    for quiz_id, user_id, days, right in booster_rows:
        name = window(days)
        if name:
            add(quiz_id, name, user_id, right)
    result = {}
    for quiz_id, figures in tallies.items():
        result[quiz_id] = {
            name: Figure(*figures[name][:2], len(figures[name][2]))
            if name in figures
            else Figure(0, 0, 0)
            for name in (END, WEEK, MONTH)
        }
    return result
