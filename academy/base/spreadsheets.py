"""How the reports' cells go into CSV and XLSX files, shared by every app."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas (and skip a
    leading tab or carriage return first); a quote in front makes such text text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_time(value):
    """A date and time as the trainer reads it: local, to the minute."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def local_datetime(value):
    """A date and time for a spreadsheet cell: local, without a time zone (XLSX
    cells have none, and the trainer reads the report's times as local)."""
    from django.utils import timezone

    if value is None or timezone.is_naive(value):
        return value
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def yes_no(value):
    """A yes/no cell as a word in the trainer's language, not True/False."""
    from django.utils.translation import gettext

    return gettext("Yes") if value else gettext("No")
