from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Booster(models.Model):
    """A booster that passing a module's quiz scheduled: step 1, 2 or 3 (about 2, 7
    and 30 days later, schedule.INTERVALS). Answered by the first booster round the
    participant answers once it is due."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="boosters",
    )
    # A participant's record: a quiz with boosters cannot be deleted (its attempts
    # protect it already).
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("quiz"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    step = models.PositiveSmallIntegerField(_("step"))
    passed_at = models.DateTimeField(_("quiz passed at"))
    due_at = models.DateTimeField(_("due at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    round = models.ForeignKey(
        "BoosterRound",
        verbose_name=_("answered in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boosters",
    )
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booster")
        verbose_name_plural = _("boosters")
        ordering = ["user", "due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "step"], name="one_booster_per_step"
            )
        ]
        indexes = [
            # The daily email job: open boosters by due date, across participants.
            models.Index(
                fields=["due_at"],
                condition=models.Q(answered_at=None, emailed_at=None),
                name="boosters_to_email",
            ),
            models.Index(fields=["user", "answered_at", "due_at"]),
        ]

    def __str__(self):
        return f"{self.user} – {self.quiz} #{self.step}"


class BoosterRound(models.Model):
    """One booster as shown to the participant (its questions picked when the page
    was first opened) and, once sent, answered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="booster_rounds",
    )
    submission = models.CharField(max_length=64, editable=False)
    # [[quiz id, question key], ...] in the order shown
    questions = models.JSONField(_("questions"), default=list)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booster round")
        verbose_name_plural = _("booster rounds")
        ordering = ["user", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "submission"], name="one_booster_round_per_form"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.created_at:%Y-%m-%d}"


class BoosterAnswer(models.Model):
    """One answer in a booster, with the question as it was. Never an attempt: it
    changes no quiz result, progress or certificate."""

    round = models.ForeignKey(
        BoosterRound, on_delete=models.CASCADE, related_name="answers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    question_key = models.CharField(max_length=64)
    question = models.JSONField(help_text="The question and its options, as shown.")
    selected = models.JSONField(help_text="The option keys the participant chose.")
    correct = models.BooleanField()
    certainty = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    # Whole days between passing the quiz and this answer: the age of the memory.
    days_since_pass = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("booster answer")
        verbose_name_plural = _("booster answers")
        ordering = ["round", "position"]
        indexes = [models.Index(fields=["quiz", "days_since_pass"])]

    def __str__(self):
        return f"{self.round} – {self.question.get('text', '')[:60]}"


class BoosterSettings(models.Model):
    """Whether the participant wants an email when a booster is due."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    emails = models.BooleanField(_("email me when a booster is due"), default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booster settings")
        verbose_name_plural = _("booster settings")

    def __str__(self):
        return f"{self.user}"
