"""How long a certificate is valid, and when its holder hears about it (pure).

No Django here: plain dates and numbers, tested without a database.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

# Reminders before a certificate expires, in days (the issue: 30 and 7).
REMINDER_DAYS = (30, 7)
# A certificate may be renewed from this long before it expires (and any time after).
RENEW_BEFORE = timedelta(days=60)


def expires(start, months):
    """The end of a validity of `months` from `start` (None: never). The same day of
    the month, or the month's last day (31 January + 1 month = 28/29 February)."""
    if not months:
        return None
    return start + relativedelta(months=months)


def reminder_due(valid_until, now, days_before):
    """Whether the reminder `days_before` days ahead is due at `now`: inside its
    window (from `days_before` days ahead until the next, shorter reminder's, or
    the expiry), so a reminder run that was missed for a day still sends it, and one
    that comes after the next window has opened does not send both."""
    if valid_until is None or valid_until <= now:
        return False
    left = valid_until - now
    shorter = [d for d in REMINDER_DAYS if d < days_before]
    floor = timedelta(days=max(shorter)) if shorter else timedelta(0)
    return floor < left <= timedelta(days=days_before)
