"""Reading the reports' exports in tests: CSV as text, XLSX as its cell values."""

import csv
import io

from openpyxl import load_workbook


def read_csv(response):
    """The rows of a streamed CSV export, as lists of strings."""
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def read_xlsx(response):
    """The rows of an XLSX export, as lists of cell values (as openpyxl reads them)."""
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_export(response):
    """CSV or XLSX, by the response's content type."""
    if response["Content-Type"].startswith("text/csv"):
        return read_csv(response)
    return read_xlsx(response)
