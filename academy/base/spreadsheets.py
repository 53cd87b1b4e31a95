"""Helpers for the reports' CSV exports, shared by every app."""


def csv_safe(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas; not ours."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
