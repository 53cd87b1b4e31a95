"""The tips practice as plain functions: no request objects, tested without HTTP."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courses import tips as golden_tips
from courses.models import Enrolment

from .models import (
    MAX_PLAN_TIPS,
    CheckIn,
    CheckInAnswer,
    PlanItem,
    Rating,
    ReminderSettings,
)

UNSUBSCRIBE_SALT = "practice.unsubscribe"
REMINDER_INTERVAL = timedelta(days=7)


class PracticeError(ValueError):
    """Input that does not fit the practice (shown to the participant)."""


def week_of(day):
    """The Monday of `day`'s week: check-ins are counted per week."""
    return day - timedelta(days=day.weekday())


@dataclass
class PracticeStatus:
    ratings_first: dict = field(default_factory=dict)  # tip id -> first rating
    ratings_latest: dict = field(default_factory=dict)  # tip id -> latest rating
    plan: list = field(default_factory=list)  # PlanItem
    check_ins: int = 0
    checked_in_this_week: bool = False
    next_due: date | None = None

    @property
    def assessed(self):
        return bool(self.ratings_first)

    @property
    def steps_done(self):
        """The tips "module": a self-assessment and a first plan."""
        return int(self.assessed) + int(bool(self.plan))

    @property
    def percent(self):
        return self.steps_done * 100 // 2


def status(user, today):
    """Where a participant stands with the tips, in three queries."""
    result = PracticeStatus()
    # Explicit order_by: the models' default ordering sorts by user, a join.
    ratings = Rating.objects.filter(user=user).order_by("tip_id", "rated_at", "pk")
    for tip_id, rating in ratings.values_list("tip_id", "rating"):
        result.ratings_first.setdefault(tip_id, rating)
        result.ratings_latest[tip_id] = rating
    result.plan = list(
        PlanItem.objects.filter(user=user)
        .select_related("tip")
        .order_by("tip__sort_order")
    )
    golden_tips.in_language([item.tip for item in result.plan])
    weeks = list(
        CheckIn.objects.filter(user=user).order_by().values_list("week", flat=True)
    )
    result.check_ins = len(weeks)
    this_week = week_of(today)
    result.checked_in_this_week = this_week in weeks
    if result.plan:
        result.next_due = (
            this_week + REMINDER_INTERVAL
            if (result.checked_in_this_week)
            else this_week
        )
    return result


@transaction.atomic
def save_assessment(user, answers, now):
    """answers: {tip id: (rating 1-5, note)} for every tip; a new point in time."""
    tips = set(golden_tips.source_tips().values_list("pk", flat=True))
    if set(answers) != tips:
        raise PracticeError("rate every tip")
    for tip_id, (rating, note) in answers.items():
        if rating not in range(1, 6):
            raise PracticeError("rating out of range")
        Rating.objects.create(
            user=user, tip_id=tip_id, rating=rating, note=note, rated_at=now
        )


@transaction.atomic
def save_plan(user, actions):
    """actions: {tip id: action}; at most three tips; replaces the plan."""
    if not 1 <= len(actions) <= MAX_PLAN_TIPS:
        raise PracticeError("choose one to three tips")
    if any(not action.strip() for action in actions.values()):
        raise PracticeError("an action for every tip")
    known = set(
        golden_tips.source_tips().filter(pk__in=actions).values_list("pk", flat=True)
    )
    if known != set(actions):
        raise PracticeError("unknown tip")
    PlanItem.objects.filter(user=user).exclude(tip_id__in=actions).delete()
    for tip_id, action in actions.items():
        PlanItem.objects.update_or_create(
            user=user, tip_id=tip_id, defaults={"action": action.strip()}
        )


def save_check_in(user, week, answers, ratings, now):
    """This week's check-in: answers {tip id: (did it, reflection)} for the plan's
    tips, and optional new ratings {tip id: rating}. Once a week, never ahead."""
    if week != week_of(timezone.localdate(now)):
        raise PracticeError("only this week")
    plan = set(PlanItem.objects.filter(user=user).values_list("tip_id", flat=True))
    if not plan or set(answers) != plan or not set(ratings) <= plan:
        raise PracticeError("answer for the tips in your plan")
    if any(r not in range(1, 6) for r in ratings.values()):
        raise PracticeError("rating out of range")
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(user=user, week=week, created_at=now)
            CheckInAnswer.objects.bulk_create(
                CheckInAnswer(
                    check_in=check_in, tip_id=tip, did_it=did, reflection=text
                )
                for tip, (did, text) in answers.items()
            )
            Rating.objects.bulk_create(
                Rating(user=user, tip_id=tip, rating=rating, rated_at=now)
                for tip, rating in ratings.items()
            )
    except IntegrityError as error:
        raise PracticeError("already checked in this week") from error
    return check_in


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token):
    """The user id in an unsubscribe token, or None when it is not ours."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def set_reminders(user_id, on):
    """Turn the weekly check-in reminders on or off; a deleted account has none."""
    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(pk=user_id).exists():
        ReminderSettings.objects.update_or_create(
            user_id=user_id, defaults={"unsubscribed": not on}
        )


def unsubscribe(user_id):
    """Stop reminders (the link in every reminder)."""
    set_reminders(user_id, on=False)


def reminders_on(user_id):
    return not ReminderSettings.objects.filter(
        user_id=user_id, unsubscribed=True
    ).exists()


def first_reminder_before(today):
    """A plan made before this moment is old enough for a reminder today: the first
    one comes a week after the plan, not on the day it was made."""
    first_day = today - REMINDER_INTERVAL + timedelta(days=1)
    return timezone.make_aware(datetime.combine(first_day, time.min))


def due_for_reminder(today):
    """Participants with a plan, no check-in this week, not unsubscribed, and not
    reminded in the last seven days; their plan is a week old, or they checked in
    before (a changed plan keeps their weekly rhythm)."""
    from django.contrib.auth import get_user_model

    this_week = week_of(today)
    checked_in = CheckIn.objects.filter(user=OuterRef("pk"), week=this_week)
    checked_in_before = CheckIn.objects.filter(user=OuterRef("pk"))
    has_plan = PlanItem.objects.filter(user=OuterRef("pk"))
    plan_a_week_old = has_plan.filter(created_at__lt=first_reminder_before(today))
    quiet = ReminderSettings.objects.filter(user=OuterRef("pk")).filter(
        unsubscribed=True
    ) | ReminderSettings.objects.filter(
        user=OuterRef("pk"), last_sent_on__gt=today - REMINDER_INTERVAL
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(has_plan))
        .filter(Exists(plan_a_week_old) | Exists(checked_in_before))
        .exclude(Exists(checked_in))
        .exclude(Exists(quiet))
    )


def mark_reminded(user, today):
    ReminderSettings.objects.update_or_create(
        user=user, defaults={"last_sent_on": today}
    )


def cohort_rows(today):
    """Per workshop and tip: participants with a plan, still checking in (in the last
    two weeks), and the average change in self-rating since their first rating.
    Individual notes and reflections are not part of it."""
    from courses.models import WorkshopPage

    rows = []
    tips = list(golden_tips.shown_tips())
    recent = week_of(today) - timedelta(days=7)
    # The source workshops: enrolments are theirs, whatever the language.
    workshops = WorkshopPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    )
    for workshop in workshops.order_by("title"):
        members = Enrolment.objects.filter(workshop=workshop).values("user_id")
        with_plan = set(
            PlanItem.objects.filter(user__in=members).values_list("user_id", flat=True)
        )
        checking_in = set(
            CheckIn.objects.filter(user__in=members, week__gte=recent).values_list(
                "user_id", flat=True
            )
        )
        first, latest = {}, {}
        for user_id, tip_id, rating in Rating.objects.filter(
            user__in=members
        ).values_list("user_id", "tip_id", "rating"):
            first.setdefault((user_id, tip_id), rating)
            latest[(user_id, tip_id)] = rating
        for tip in tips:
            changes = [latest[key] - first[key] for key in first if key[1] == tip.pk]
            rows.append(
                {
                    "workshop": workshop.title,
                    "participants": members.count(),
                    "with_plan": len(with_plan),
                    "checking_in": len(checking_in),
                    "tip": tip.title,
                    "rated": len(changes),
                    "average_change": round(sum(changes) / len(changes), 2)
                    if changes
                    else None,
                }
            )
    return rows


def _on_tips(ids, on_pages):
    return {"tip__page_id__in": ids} if on_pages else {"tip_id__in": ids}


def rating_users(ids, on_pages=False):
    """Who rated these tips (or the tips of these pages): courses.dependent_records."""
    return Rating.objects.filter(**_on_tips(ids, on_pages)).values_list(
        "user_id", flat=True
    )


def planning_users(ids, on_pages=False):
    """Who planned to work on these tips (or the tips of these pages)."""
    return PlanItem.objects.filter(**_on_tips(ids, on_pages)).values_list(
        "user_id", flat=True
    )


def checking_in_users(ids, on_pages=False):
    """Who checked in on these tips (or the tips of these pages)."""
    return CheckInAnswer.objects.filter(**_on_tips(ids, on_pages)).values_list(
        "check_in__user_id", flat=True
    )
