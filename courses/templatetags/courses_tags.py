from django import template

from academy.base.formats import format_duration
from courses.models import WorkshopPage

register = template.Library()


@register.simple_tag
def published_workshops():
    """Every live, public workshop with its cover and module count (fixed queries)."""
    return WorkshopPage.listing(WorkshopPage.objects.all())


@register.filter
def duration(minutes):
    """Format minutes as "1 u 30 min" / "1 h 30 min" in the active language."""
    return format_duration(minutes)
