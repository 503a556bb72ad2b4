"""The outgoing register as CSV, XLSX and PDF, with the writers of the request register (the
same formula and control-character guards, the same landscape A4 page and embedded font)."""

from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _
from reportlab.platypus import Spacer, Table, TableStyle

from ..letters.fonts import register_fonts
from .exports import csv_table, xlsx_table
from .outgoing import OUTGOING_COLUMNS, OutgoingRow
from .pdf import WIDTH, _paragraph, _styles, build_register_pdf
from .rows import day_text

OUTGOING_TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
# Relative widths of the PDF columns and XLSX widths (characters), by column key.
WEIGHTS = {"agency": 2.6, "summary": 4.0, "signer": 3.0, "recipient": 2.6, "notes": 1.8}
XLSX_WIDTHS = {"agency": 30, "summary": 48, "signer": 32, "recipient": 26, "notes": 20}


Columns = Sequence[tuple[str, str]]


def _headers(columns: Columns) -> list[str]:
    return [str(header) for _key, header in columns]


def _cells(rows: Sequence[OutgoingRow], columns: Columns):
    for row in rows:
        yield [row.value(key) for key, _header in columns]


def outgoing_csv(rows: Sequence[OutgoingRow], columns: Columns = OUTGOING_COLUMNS) -> bytes:
    return csv_table(_headers(columns), _cells(rows, columns))


def outgoing_xlsx(
    rows: Sequence[OutgoingRow],
    agency_name: str,
    scope_text: str,
    columns: Columns = OUTGOING_COLUMNS,
) -> bytes:
    return xlsx_table(
        _("Outgoing register"),
        [OUTGOING_TITLE, agency_name, scope_text],
        _headers(columns),
        _cells(rows, columns),
        [XLSX_WIDTHS.get(key, 14) for key, _header in columns],
    )


def _table(rows: Sequence[OutgoingRow], s: dict, columns: Columns) -> Table:
    weights = [WEIGHTS.get(key, 1.6) for key, _header in columns]
    widths = [WIDTH * w / sum(weights) for w in weights]
    data = [[_paragraph(header, s["head"]) for header in _headers(columns)]]
    for row in rows:
        cells = [row.value(key) for key, _header in columns]
        data.append(
            [_paragraph(day_text(c) if isinstance(c, date) else c, s["cell"]) for c in cells]
        )
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#e8e8e8"),
            ]
        )
    )
    return table


def outgoing_pdf(
    rows: Sequence[OutgoingRow],
    *,
    agency_name: str,
    scope_text: str,
    printed_on: date,
    columns: Columns = OUTGOING_COLUMNS,
) -> bytes:
    font = register_fonts()
    s = _styles(font)
    story = [
        _paragraph(agency_name.upper(), s["line"]),
        Spacer(1, 4),
        _paragraph(OUTGOING_TITLE, s["title"]),
        _paragraph(scope_text, s["period"]),
        _paragraph(f"Ngày in: {day_text(printed_on)}", s["period"]),
        Spacer(1, 8),
        _table(rows, s, columns),
    ]
    if not rows:
        story += [Spacer(1, 6), _paragraph("Không có văn bản đi nào.", s["line"])]

    return build_register_pdf(
        story, font=font, title=OUTGOING_TITLE, author=agency_name, subject=scope_text
    )
