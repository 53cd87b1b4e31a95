"""Helpers for the reports' CSV exports, shared by every app."""


def csv_safe(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas; not ours."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def local_time(value):
    """A date and time as the trainer reads it: local, to the minute."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
