"""The boosters app reacts to the quizzes app: a pass schedules boosters. It also
adds its part of the personal-data export."""

from academy.base import privacy
from quizzes.signals import quiz_passed


def schedule_after_pass(sender, user, quiz, attempt, **kwargs):
    from . import logic

    logic.schedule_boosters(user, quiz, attempt.submitted_at)


def connect():
    from quizzes import records

    from . import logic
    from .models import Booster, BoosterAnswer

    # A quiz with boosters is not deleted: they are the participants' records.
    records.register(Booster)
    records.register(BoosterAnswer)

    quiz_passed.connect(schedule_after_pass, dispatch_uid="boosters-schedule")
    privacy.register(
        "boosters",
        logic.export_boosters,
        [
            "boosters.Booster",
            "boosters.BoosterRound",
            "boosters.BoosterAnswer",
            "boosters.BoosterSettings",
        ],
    )
