"""The one base for trainers' reports in the Wagtail admin (Reports menu).

Every report of every app is a `TrainerReport`: its column headings come from
`export_headings`, rows are decorated one at a time by `decorate(row)` (status
labels, rounded figures), and exports stream: CSV rows are read from the database in
chunks and written as they come, XLSX is written row by row, so an export of many
thousands of rows never sits in memory as a list. Spreadsheet cells are made safe
(`csv_safe`) in the fields a report lists in `text_fields`; times in `time_fields`
are exported as local "YYYY-MM-DD HH:MM".
"""

from django.db.models import QuerySet
from wagtail.admin.views.reports import ReportView

from .spreadsheets import csv_safe, local_time

CHUNK = 500


class TrainerReport(ReportView):
    export_headings = {}
    text_fields = ()  # exported through csv_safe (names, titles, free text)
    time_fields = ()  # exported as local time

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        preprocess = {field: {"csv": csv_safe} for field in self.text_fields}
        preprocess.update({field: {"csv": local_time} for field in self.time_fields})
        preprocess.update(self.custom_field_preprocess or {})
        self.custom_field_preprocess = preprocess

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
