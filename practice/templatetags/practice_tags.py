from django import template
from django.utils import timezone
from django.utils.translation import get_language

from academy.base import caching
from courses.tips import shown_tips
from practice import logic

register = template.Library()


@register.inclusion_tag("practice/includes/dashboard_card.html", takes_context=True)
def tips_practice_card(context):
    """The tips practice on the dashboard: steps done, plan, check-ins, the chart."""
    user = context["request"].user
    today = timezone.localdate()
    # This participant's own card, cached until they rate, plan, check in or change
    # their reminders (their stamp, see practice.apps), a new day begins or the tips
    # change; one per language (the tips' titles).
    stamp = caching.stamp(f"practice:{user.pk}", create=True)
    card = caching.cached_content(
        ("practice-card", user.pk, stamp, today.isoformat(), get_language()),
        lambda: build_card(user, today),
    )
    return {**card, "CONTENT_LANGUAGE": context.get("CONTENT_LANGUAGE", "nl")}


def build_card(user, today):
    status = logic.status(user, today)
    chart = []
    if status.assessed:
        titles = {tip.pk: tip.title for tip in shown_tips()}
        for tip_id, first in status.ratings_first.items():
            latest = status.ratings_latest[tip_id]
            chart.append(
                {
                    "title": titles.get(tip_id, ""),
                    "first": first,
                    "latest": latest,
                    "change": latest - first,
                }
            )
    # Reminders matter once there is a plan to check in on.
    reminders = logic.reminders_on(user.pk) if status.plan else None
    return {"status": status, "chart": chart, "reminders_on": reminders}
