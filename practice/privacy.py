"""The tips practice's part of the personal-data export: everything private too
(the notes of the self-assessment, the plan, the reflections, reminder settings)."""

from .models import CheckIn, PlanItem, Rating, ReminderSettings


def export_practice(user):
    reminders = ReminderSettings.objects.filter(user=user).first()
    return {
        "ratings": [
            {
                "tip": r.tip.title,
                "rating": r.rating,
                "note": r.note,
                "rated_at": r.rated_at.isoformat(),
            }
            for r in Rating.objects.filter(user=user).select_related("tip")
        ],
        "plan": [
            {
                "tip": p.tip.title,
                "action": p.action,
                "created_at": p.created_at.isoformat(),
            }
            for p in PlanItem.objects.filter(user=user).select_related("tip")
        ],
        "check_ins": [
            {
                "week": c.week.isoformat(),
                "created_at": c.created_at.isoformat(),
                "answers": [
                    {
                        "tip": a.tip.title,
                        "did_it": a.did_it,
                        "reflection": a.reflection,
                    }
                    for a in c.answers.all()
                ],
            }
            for c in CheckIn.objects.filter(user=user).prefetch_related("answers__tip")
        ],
        "reminders": {
            "unsubscribed": reminders.unsubscribed if reminders else False,
            "last_sent_on": (
                reminders.last_sent_on.isoformat()
                if reminders and reminders.last_sent_on
                else None
            ),
        },
    }
