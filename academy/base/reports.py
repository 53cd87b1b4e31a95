"""The one base for trainers' reports in the Wagtail admin (Reports menu).

Every report of every app is a `TrainerReport`: its column headings come from
`export_headings`, rows are decorated one at a time by `decorate(row)` (status
labels, rounded figures), and exports stream: CSV rows are read from the database in
chunks and written as they come, XLSX is written row by row, so an export of many
thousands of rows never sits in memory as a list.

What goes into a cell is decided here, by the value, for every report and every
column alike (a list of columns per report is a list someone forgets to extend):

- text is made safe for spreadsheet programs (`csv_safe`): names, emails, titles,
  places and free text can start with = + - @ and would run as a formula;
- numbers and dates stay numbers and dates;
- times are local: "YYYY-MM-DD HH:MM" in CSV, a local date-time cell in XLSX;
- yes/no is a word ("Ja"/"Nee"), in both files.

A report reads from the database replica when there is one (academy/base/replica.py):
the page, its results and its exports, also while an export streams.
"""

import datetime

from django.db.models import QuerySet
from django.utils.functional import Promise
from wagtail.admin.views.reports import ReportView

from .replica import reads_from_replica
from .spreadsheets import csv_safe, local_datetime, local_time, yes_no

CHUNK = 500
CSV, XLSX = ReportView.FORMAT_CSV, ReportView.FORMAT_XLSX


class TrainerReport(ReportView):
    export_headings = {}
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,  # dates, lists
        datetime.datetime: {CSV: local_time, XLSX: local_datetime},
        bool: {CSV: yes_no, XLSX: yes_no},
    }

    @classmethod
    def as_view(cls, **initkwargs):
        return reads_from_replica(super().as_view(**initkwargs))

    def decorate(self, row):
        """Add what a row shows besides its fields; returns the row."""
        return row

    def decorate_rows(self, rows):
        for row in rows:
            yield self.decorate(row)

    def decorate_paginated_queryset(self, object_list):
        if getattr(self, "is_export", False):
            return object_list  # decorated row by row while streaming, below
        return list(self.decorate_rows(object_list))

    def preprocess_field_value(self, field, value, export_format):
        """A cell's value (see the module's docstring); text never starts a formula,
        also when a column's own export function made it."""
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, Promise):
            value = str(value)
        return csv_safe(value) if isinstance(value, str) else value

    def export_rows(self, queryset):
        if isinstance(queryset, QuerySet):
            queryset = queryset.iterator(CHUNK)
        return self.decorate_rows(queryset)

    def stream_csv(self, queryset):
        return super().stream_csv(self.export_rows(queryset))

    def write_xlsx(self, queryset, output):
        return super().write_xlsx(self.export_rows(queryset), output)

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))
