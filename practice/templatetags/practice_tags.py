from django import template
from django.utils import timezone

from courses.models import Tip
from practice import logic

register = template.Library()


@register.inclusion_tag("practice/includes/dashboard_card.html", takes_context=True)
def tips_practice_card(context):
    """The tips practice on the dashboard: steps done, plan, check-ins, the chart."""
    user = context["request"].user
    status = logic.status(user, timezone.localdate())
    chart = []
    if status.assessed:
        titles = dict(Tip.objects.values_list("pk", "title"))
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
    return {
        "status": status,
        "chart": chart,
        "CONTENT_LANGUAGE": context.get("CONTENT_LANGUAGE", "nl"),
    }
