"""Tables as CSV (UTF-8 with a byte-order mark, so that Excel reads Vietnamese) and XLSX.

Text typed by requesters ends up in these files: a cell that starts like a formula ("=", "+",
"-", "@") is written as text, never as a formula (CSV: with a leading apostrophe, as OWASP
advises; XLSX: typed as a string). In CSV every cell is quoted, and a cell any of whose parts
starts like a formula after a ",", ";" or tab gets the apostrophe too: Vietnamese regional
settings make spreadsheets split on ";" (outside test, #17.7). Control characters other than
tab and line breaks are dropped: openpyxl refuses them, which failed the whole export (#17.4)."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .rows import COLUMNS, RegisterRow, day_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = re.compile(r"[,;\t]")
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TITLE = "SỔ THEO DÕI CUNG CẤP THÔNG TIN THEO YÊU CẦU"
# Column widths in the XLSX sheet (characters), by column key; 14 when not listed.
WIDTHS = {
    "requester": 24,
    "contact": 24,
    "information_requested": 40,
    "provision_form": 24,
    "notices": 40,
    "due_dates": 36,
    "result": 30,
}


def printable(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return day_text(value)
    text = printable(str(value))
    parts = [text, *(part.lstrip(" ") for part in SEPARATORS.split(text)[1:])]
    return "'" + text if any(p.startswith(FORMULA_START) for p in parts) else text


def csv_table(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_cell(sheet, row: int, column: int, value, *, bold: bool = False):
    """One cell: dates as dates (dd/mm/yyyy), numbers as numbers, text always as text."""
    if value is not None and not isinstance(value, date | int | float):
        value = printable(str(value))
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_table(
    sheet_title: str,
    heading: Sequence[str],
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] = (),
) -> bytes:
    """A sheet: heading lines (bold), an empty line, the header row (bold, frozen, filtered),
    then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(sheet_title)[:31]
    for number, line in enumerate(heading, start=1):
        write_cell(sheet, number, 1, line, bold=True).alignment = Alignment(wrap_text=False)
    header_row = len(heading) + 2 if heading else 1
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, header_row, column, header, bold=True)
    last = header_row
    for last, row in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, last, column, value)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if headers:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(rows: Iterable[RegisterRow]):
    for row in rows:
        yield [row.value(key) for key, _header in COLUMNS]


def register_csv(rows: Iterable[RegisterRow]) -> bytes:
    return csv_table([header for _key, header in COLUMNS], _cells(rows))


def register_xlsx(rows: Iterable[RegisterRow], agency_name: str, period_text: str) -> bytes:
    return xlsx_table(
        _("Register"),
        [TITLE, agency_name, period_text],
        [header for _key, header in COLUMNS],
        _cells(rows),
        [WIDTHS.get(key, 14) for key, _header in COLUMNS],
    )
