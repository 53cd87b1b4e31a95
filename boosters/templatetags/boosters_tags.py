from django import template
from django.utils import timezone

from academy.base import caching
from boosters import logic

register = template.Library()


@register.inclusion_tag("boosters/includes/dashboard_card.html", takes_context=True)
def booster_card(context):
    """The boosters on the dashboard: one waiting, or when the next one comes. No
    query once cached: the participant's earliest open booster is kept until they
    pass a quiz or answer a booster (their stamp)."""
    user = context["request"].user
    stamp = caching.stamp(f"boosters:{user.pk}", create=True)
    (next_at,) = caching.cached_content(
        ("booster-next", user.pk, stamp), lambda: (logic.earliest_open(user),)
    )
    now = timezone.now()
    return {
        "has_boosters": next_at is not None,
        "due": next_at is not None and next_at <= now,
        "next_at": next_at,
    }
