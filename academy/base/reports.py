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

import csv
import datetime
import io
import itertools
import tempfile
from functools import partial
from types import SimpleNamespace

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.encoding import force_str, is_protected_type
from django.utils.functional import Promise
from wagtail.admin.views.reports import ReportView

from .replica import reads_from_replica
from .spreadsheets import csv_safe, local_datetime, local_time, write_xlsx, yes_no

CHUNK = 2000  # rows read from the database at a time (a server-side cursor)
CSV_BUFFER = 64 * 1024  # bytes of CSV sent at a time
CSV, XLSX = ReportView.FORMAT_CSV, ReportView.FORMAT_XLSX
_UNKNOWN = object()


def _accessor(field):
    """A function reading a dotted `field` from a row (attributes, dict keys,
    callables called), as Wagtail's multigetattr, without an exception per cell."""
    bits = field.split(".")

    def read(item):
        for bit in bits:
            item = item[bit] if isinstance(item, dict) else getattr(item, bit)
            if callable(item) and not getattr(item, "alters_data", False):
                item = item()
        return item

    return read


def values_as_rows(queryset, names):
    """Rows with the attributes `names` ("workshop.title" a nested attribute),
    read with values_list in chunks from a server-side cursor."""
    lookups = [name.replace(".", "__") for name in names]
    paths = [name.split(".") for name in names]
    for values in queryset.values_list(*lookups).iterator(CHUNK):
        row = SimpleNamespace()
        for path, value in zip(paths, values, strict=True):
            target = row
            for part in path[:-1]:
                target = target.__dict__.setdefault(part, SimpleNamespace())
            setattr(target, path[-1], value)
        yield row


def _local_time_now():
    """local_time with the time zone and format looked up once (per export)."""
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    return lambda value: (
        value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""
    )


def _local_datetime_now():
    """local_datetime with the time zone looked up once (per export)."""
    from django.utils import timezone

    zone = timezone.get_current_timezone()

    def local(value):
        if value is None or timezone.is_naive(value):
            return value
        return value.astimezone(zone).replace(tzinfo=None, microsecond=0)

    return local


def _yes_no_now():
    """yes_no with the two words translated once (per export)."""
    yes, no = yes_no(True), yes_no(False)
    return lambda value: yes if value else no


# The preprocessors that look something up for every cell, and their faster form
# for one export (the same result: tests/academy/test_report_exports.py).
_FOR_ONE_EXPORT = {
    local_time: lambda f: _local_time_now(),
    local_datetime: lambda f: _local_datetime_now(),
    yes_no: lambda f: _yes_no_now(),
}


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

    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Straight to the file: the listing's context would count (and so
            # load) every row first.
            return self.as_spreadsheet(
                self.decorate_paginated_queryset(self.get_filtered_queryset()),
                request.GET.get("export"),
            )
        return super().get(request, *args, **kwargs)

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
        also when a column's own export function made it. The function for a
        column and a type of value is looked up once per export, not per cell."""
        cache = self.__dict__.setdefault("_preprocessors", {})
        key = (field, type(value), export_format)
        function = cache.get(key, _UNKNOWN)
        if function is _UNKNOWN:
            function = self.get_preprocess_function(field, value, export_format)
            function = _FOR_ONE_EXPORT.get(function, lambda f: f)(function)
            if (
                isinstance(function, partial)
                and function.func is force_str
                and is_protected_type(value)
            ):
                function = None  # numbers and None stay as they are
            cache[key] = function
        if function is not None:
            value = function(value)
        if isinstance(value, Promise):
            value = str(value)
        return csv_safe(value) if isinstance(value, str) else value

    def to_row_dict(self, item):
        accessors = self.__dict__.get("_accessors")
        if accessors is None:
            accessors = self._accessors = [
                (field, _accessor(field)) for field in self.list_export
            ]
        return {field: read(item) for field, read in accessors}

    # For big exports: the dotted names ("user.email") each row needs. The rows
    # are then read as plain values, not model instances (several times faster).
    export_values = None

    def export_rows(self, queryset):
        if isinstance(queryset, QuerySet):
            if self.export_values:
                queryset = values_as_rows(queryset, self.export_values)
            else:
                queryset = queryset.iterator(CHUNK)
        return self.decorate_rows(queryset)

    def stream_csv(self, queryset):
        """CSV text in pieces of about CSV_BUFFER bytes, row by row from a
        server-side cursor: memory stays the same for any number of rows."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([self.get_heading(queryset, f) for f in self.list_export])
        for item in self.export_rows(queryset):
            row = self.to_row_dict(item)
            writer.writerow(
                [self.preprocess_field_value(f, v, CSV) for f, v in row.items()]
            )
            if buffer.tell() >= CSV_BUFFER:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    def write_xlsx(self, queryset, output):
        """The workbook, written as a stream (spreadsheets.write_xlsx): text is
        guarded as in CSV (preprocess_field_value), times are local date-time
        cells in the admin's date format."""
        from wagtail.admin.views.mixins import ExcelDateFormatter

        heading = [self.get_heading(queryset, f) for f in self.list_export]
        cells = (
            [
                self.preprocess_field_value(f, v, XLSX)
                for f, v in self.to_row_dict(item).items()
            ]
            for item in self.export_rows(queryset)
        )
        write_xlsx(
            output,
            itertools.chain([heading], cells),
            datetime_format=ExcelDateFormatter().get(),
        )

    def write_xlsx_response(self, queryset):
        """The workbook written row by row (openpyxl's write-only mode) to a
        temporary file, then sent from it: memory stays the same for any number
        of rows (Wagtail's own keeps the whole file in memory)."""
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
            filename=f"{self.get_filename()}.xlsx",
        )

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))
