from django import template

from courses.models import WorkshopPage

register = template.Library()


@register.simple_tag
def published_workshops():
    """Every live, public workshop with its cover and module count (fixed queries)."""
    return WorkshopPage.listing(WorkshopPage.objects.all())


@register.filter
def duration(minutes):
    """Format minutes as "1 u 30 min" / "1 h 30 min" in the active language."""
    from django.utils.translation import gettext

    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return gettext("%(hours)d h %(minutes)d min") % {
            "hours": hours,
            "minutes": rest,
        }
    if hours:
        return gettext("%(hours)d h") % {"hours": hours}
    return gettext("%(minutes)d min") % {"minutes": rest}
