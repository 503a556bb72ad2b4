"""The register as a PDF: landscape A4, the embedded Liberation Serif of the letters, a title
block (agency, title, period), then one table whose header row is repeated on every page; a row
too tall for what is left of a page continues on the next (splitInRow)."""

import io
from collections.abc import Sequence
from datetime import date
from functools import partial

from django.utils.translation import gettext, gettext_lazy
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..letters.fonts import register_fonts
from ..letters.layout import nfc
from .exports import TITLE
from .rows import RegisterRow, day_text

PAGE = landscape(A4)
LEFT, RIGHT, TOP, BOTTOM = 20 * mm, 15 * mm, 15 * mm, 15 * mm
WIDTH = PAGE[0] - LEFT - RIGHT


def money(amount: int | None) -> str:
    """45000 -> "45.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") if amount else ""


def _lines(*parts: str) -> str:
    return "\n".join(str(p) for p in parts if p)


def _due(row: RegisterRow) -> str:
    extension = ""
    if row.extension_days:
        extension = gettext("Extended by %(days)s days") % {"days": row.extension_days}
    return _lines(*(str(d) for d in row.due_dates), extension)


# (header, relative width, cell text): several register columns share a cell to fit the page.
PDF_COLUMNS = (
    (gettext_lazy("Register no."), 1.3, lambda r: r.register_number),
    (gettext_lazy("Date received"), 1.8, lambda r: day_text(r.received_on)),
    (gettext_lazy("Channel"), 1.6, lambda r: r.channel),
    (
        gettext_lazy("Requester, ID number (masked), contact"),
        3.2,
        lambda r: _lines(r.requester, r.id_number, r.contact),
    ),
    (gettext_lazy("Information requested"), 3.6, lambda r: r.information_requested),
    (gettext_lazy("Form of provision"), 2.1, lambda r: r.provision_form),
    (
        gettext_lazy("Valid on; simple / complex"),
        1.8,
        lambda r: _lines(day_text(r.valid_on), r.complexity),
    ),
    (gettext_lazy("Notices issued"), 3.0, lambda r: r.value("notices")),
    (
        gettext_lazy("Costs (VND); paid on"),
        1.8,
        lambda r: _lines(money(r.cost), day_text(r.paid_on)),
    ),
    (gettext_lazy("Due dates; extension"), 2.9, _due),
    (
        gettext_lazy("Result; date provided / closed"),
        2.9,
        lambda r: _lines(r.result, day_text(r.closed_on)),
    ),
    (gettext_lazy("Complaint or lawsuit"), 1.8, lambda r: r.complaint),
)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle(
            "t", fontName=f"{font}-Bold", fontSize=14, leading=18, alignment=TA_CENTER
        ),
        "line": ParagraphStyle("l", fontName=font, fontSize=12, leading=15, alignment=TA_CENTER),
        "period": ParagraphStyle(
            "p", fontName=f"{font}-Italic", fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "head": ParagraphStyle(
            "h", fontName=f"{font}-Bold", fontSize=8, leading=9.6, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle("c", fontName=font, fontSize=8, leading=9.6, alignment=TA_LEFT),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(nfc(str(text)).replace("\n", "<br/>"), style)


def register_table(rows: Sequence[RegisterRow], s: dict) -> Table:
    total = sum(weight for _h, weight, _f in PDF_COLUMNS)
    widths = [WIDTH * weight / total for _h, weight, _f in PDF_COLUMNS]
    data = [[_paragraph(header, s["head"]) for header, _w, _f in PDF_COLUMNS]]
    data += [[_paragraph(cell(row), s["cell"]) for _h, _w, cell in PDF_COLUMNS] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), "#e8e8e8"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def register_pdf(
    rows: Sequence[RegisterRow], *, agency_name: str, period_text: str, printed_on: date
) -> bytes:
    font = register_fonts()
    s = _styles(font)
    story = [
        _paragraph(agency_name.upper(), s["line"]),
        Spacer(1, 4),
        _paragraph(TITLE, s["title"]),
        _paragraph(period_text, s["period"]),
        _paragraph(f"Ngày in: {day_text(printed_on)}", s["period"]),
        Spacer(1, 8),
        register_table(rows, s),
    ]
    if not rows:
        story += [Spacer(1, 6), _paragraph("Không có yêu cầu nào trong kỳ.", s["line"])]

    return build_register_pdf(
        story, font=font, title=TITLE, author=agency_name, subject=period_text
    )


def build_register_pdf(story: list, *, font: str, title: str, author: str, subject: str) -> bytes:
    """A landscape register (request or outgoing): A4 across, page numbers at the foot."""

    def page_number(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawRightString(PAGE[0] - RIGHT, BOTTOM / 2, f"Trang {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        subject=subject,
    )
    doc.build(
        story,
        onFirstPage=page_number,
        onLaterPages=page_number,
        canvasmaker=partial(Canvas, initialFontName=font, initialFontSize=9),
    )
    return buffer.getvalue()
