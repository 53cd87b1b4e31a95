"""How the site writes things people read, in the active language."""

from django.utils.translation import gettext


def format_duration(minutes):
    """Minutes as "1 u 30 min" / "1 h 30 min" in the active language ("" if none)."""
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
