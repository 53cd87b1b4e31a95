from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RATING = [MinValueValidator(1), MaxValueValidator(5)]
MAX_PLAN_TIPS = 3


class Rating(models.Model):
    """How often a participant applies a tip (1: never .. 5: always), at a moment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tip_ratings"
    )
    # A tip with records is not deleted (courses.dependent_records).
    tip = models.ForeignKey("courses.Tip", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=RATING)
    note = models.TextField(_("private note"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "tip", "rated_at", "pk"]
        indexes = [models.Index(fields=["user", "tip", "rated_at"])]

    def __str__(self):
        return f"{self.user} – {self.tip}: {self.rating}"


class PlanItem(models.Model):
    """A tip the participant works on, with their concrete action (at most three)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_items"
    )
    # A tip with records is not deleted (courses.dependent_records).
    tip = models.ForeignKey("courses.Tip", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("my action"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "tip__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tip"], name="one_plan_item_per_tip"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.tip}"


class CheckIn(models.Model):
    """One week's check-in on the plan."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    week = models.DateField(_("week (Monday)"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "week"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="one_check_in_a_week")
        ]

    def __str__(self):
        return f"{self.user} – {self.week}"


class CheckInAnswer(models.Model):
    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="answers"
    )
    # A tip with records is not deleted (courses.dependent_records).
    tip = models.ForeignKey("courses.Tip", on_delete=models.PROTECT, related_name="+")
    did_it = models.BooleanField(_("I did it"))
    reflection = models.TextField(_("reflection"), blank=True, max_length=2000)

    def __str__(self):
        return f"{self.check_in} – {self.tip}"


class ReminderSettings(models.Model):
    """Whether and when we last reminded a participant of their check-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    unsubscribed = models.BooleanField(default=False)
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.user}"
