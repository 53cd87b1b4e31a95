"""Columns that other apps add to the trainers' progress report.

The progress report is one row per enrolment; apps above `courses` add what they know
about it (the certificate code, the live session and attendance) by registering a
column from their `AppConfig.ready()`. `courses` annotates the rows with each
column's SQL expression (over `OuterRef("user")` and `OuterRef("workshop")`) and
shows and exports it, without importing the app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_columns = {}


@dataclass(frozen=True)
class ReportColumn:
    name: str  # the annotation's name on each row
    heading: Any
    annotation: Callable  # () -> a query expression for an Enrolment queryset
    display: Callable = str  # value -> safe HTML for the admin table
    export: Callable = None  # value -> plain value for CSV/XLSX (default: as is)
    order: int = 100


def register(column):
    _columns[column.name] = column
    return column


def progress_columns():
    return sorted(_columns.values(), key=lambda column: column.order)
