"""Tables as downloads: CSV, or XLSX through openpyxl (imported only when a workbook is asked for).

Text people typed never runs in a spreadsheet: a cell that a spreadsheet would read as a formula (text starting
with =, +, -, @, a tab or a carriage return, as OWASP lists) is written as text. In CSV, which has no types, it
gets a leading apostrophe; in XLSX it is stored as a string cell, so it shows exactly as typed. A check looks past
Unicode's direction controls, which the text loses when it is saved (core/text.py): what it checks is what is stored.
"""

import csv
import io

from django.http import HttpResponse

from .text import without_direction_controls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and without_direction_controls(value).startswith(FORMULA_STARTS)


def csv_safe(value):
    """The value as a CSV cell that no spreadsheet will run."""
    return f"'{value}" if is_formula_like(value) else value


def write_csv(rows, buffer: io.StringIO) -> None:
    csv.writer(buffer).writerows([[csv_safe(value) for value in row] for row in rows])


def _xlsx(rows: list[list]) -> bytes:
    # deferred (heavy library): openpyxl takes a quarter of a second to import and only a spreadsheet download needs it
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # openpyxl took typed text for a formula: keep it as the text it is
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(rows: list[list], filename: str, fmt: str) -> HttpResponse:
    """rows include the header; filename has no extension; fmt is csv or xlsx."""
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(rows), content_type=XLSX)
    else:
        buffer = io.StringIO()
        write_csv(rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
