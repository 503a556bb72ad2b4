"""The Decree 13 Art. 12(4) report as an administrative document (Decree 30 layout, the letters'
header and signer block: "Số:      /BC-STP" left blank, since a report is numbered when signed)
and as a spreadsheet. The difficulties and proposals are typed on the page and not stored."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from ..letters import layout
from ..letters.data import LetterData, Signer
from ..letters.fonts import register_fonts
from ..services.letters import header_for
from .exports import xlsx_table
from .report import ReportFigures
from .scope import period_line

TITLE = "BÁO CÁO"
SUBJECT = "Tình hình thực hiện cung cấp thông tin theo yêu cầu"
BASIS = (
    "Căn cứ Điều 12 Nghị định số 13/2018/NĐ-CP ngày 23 tháng 01 năm 2018 của Chính phủ quy định "
    "chi tiết và biện pháp thi hành Luật Tiếp cận thông tin, {agency} báo cáo tình hình thực hiện "
    "cung cấp thông tin theo yêu cầu {period} như sau:"
)
SCOPE = (
    "Số liệu tính trên các yêu cầu cung cấp thông tin tiếp nhận trong kỳ, theo tình trạng giải "
    "quyết đến ngày lập báo cáo."
)
NOTHING = "Không có."
BLANK_NUMBER = "\u00a0" * 8  # the number is written in when the report is signed


@dataclass(frozen=True)
class ReportText:
    difficulties: str = ""
    proposals: str = ""


def number_text(short_name: str) -> str:
    return f"{BLANK_NUMBER}/BC-{short_name}"


def configured_signer(agency) -> Signer | None:
    """Who signs the report: the signer configured on the agency. The report is no letter to a
    requester and has no approval in the letters' life (services.letter_life), whose letters
    print their approver instead; none configured leaves the signature block to fill in."""
    if not agency.signer_name:
        return None
    return Signer(
        prefix=agency.signer_prefix,
        authority=agency.signer_authority.upper(),
        title=agency.signer_title.upper(),
        name=agency.signer_name,
    )


def report_letter(figures: ReportFigures, issued_on: date) -> LetterData:
    """The parts of the report that are laid out like a letter (header, signer, recipients)."""
    agency = figures.agency
    header = header_for(agency, configured_signer(agency))
    return LetterData(
        parent_agency=header.parent_agency.upper(),
        agency=header.agency.upper(),
        number_text=number_text(agency.short_name),
        place=header.place,
        issued_on=issued_on,
        title=TITLE,
        subject=SUBJECT,
        addressee="",
        paragraphs=(),
        signer=header.signer,
        recipients=(f"{header.parent_agency};" if header.parent_agency else "……;",),
        archive=f"Lưu: VT, {header.drafting_unit}." if header.drafting_unit else "Lưu: VT.",
    )


def _figures_table(figures: ReportFigures, font: str) -> Table:
    cell = ParagraphStyle("fc", fontName=font, fontSize=13, leading=16, alignment=TA_LEFT)
    bold = ParagraphStyle("fh", parent=cell, fontName=f"{font}-Bold", alignment=TA_CENTER)
    data = [[Paragraph(_("No."), bold), Paragraph(_("Item"), bold), Paragraph(_("Number"), bold)]]
    number = 0
    for label, value, indent in figures.lines():
        if indent == 0:
            number += 1
        text = layout.nfc(f"- {label}" if indent else label)
        style = ParagraphStyle("fi", parent=cell, leftIndent=8 * mm * indent)
        data.append(
            [Paragraph(str(number) if not indent else "", cell), Paragraph(text, style), value]
        )
    widths = [layout.CONTENT_WIDTH * w for w in (0.1, 0.72, 0.18)]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("FONT", (2, 1), (2, -1), font, 13),
                ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _free_text(text: str, style: ParagraphStyle) -> list[Paragraph]:
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return [Paragraph(layout.nfc(p), style) for p in paragraphs or [NOTHING]]


def report_pdf(figures: ReportFigures, text: ReportText, *, issued_on: date) -> bytes:
    font = register_fonts()
    s = layout.styles(font)
    heading = ParagraphStyle("he", parent=s["body"], fontName=f"{font}-Bold", spaceBefore=6)
    letter = report_letter(figures, issued_on)
    basis = BASIS.format(agency=figures.agency.name, period=period_line(figures.period).lower())
    scope = SCOPE
    if figures.with_children:
        scope += " Gồm các cơ quan: " + "; ".join(figures.agency_names) + "."
    story = [
        layout.header(letter, s, []),  # no number or date fields: the report prints both
        Paragraph(TITLE, s["title"]),
        Paragraph(layout.nfc(SUBJECT), s["subject"]),
        HRFlowable(width="30%", thickness=0.6, color="black", spaceBefore=4, spaceAfter=9),
        Paragraph(layout.nfc(basis), s["body"]),
        Paragraph("I. TÌNH HÌNH CUNG CẤP THÔNG TIN THEO YÊU CẦU", heading),
        Paragraph(layout.nfc(scope), s["body"]),
        _figures_table(figures, font),
        Paragraph("II. NHỮNG KHÓ KHĂN, VƯỚNG MẮC", heading),
        *_free_text(text.difficulties, s["body"]),
        Paragraph("III. KIẾN NGHỊ, ĐỀ XUẤT", heading),
    ]
    proposals = _free_text(text.proposals, s["body"])
    # The signature never stands alone on a page: the last paragraph goes with it.
    story += [
        *proposals[:-1],
        KeepTogether([proposals[-1], Spacer(1, 10), layout.closing(letter, s)]),
    ]

    return layout.build_pdf(
        story,
        font=font,
        title=f"{TITLE} {SUBJECT}",
        author=figures.agency.name,
        subject=period_line(figures.period),
    )


def report_xlsx(figures: ReportFigures, text: ReportText) -> bytes:
    heading = [
        f"{TITLE}: {SUBJECT}",
        figures.agency.name,
        period_line(figures.period),
        SCOPE,
    ]
    if figures.with_children:
        heading.append("Gồm các cơ quan: " + "; ".join(figures.agency_names))
    rows = [(("  " * indent) + label, value) for label, value, indent in figures.lines()]
    rows += [
        ("", ""),
        (_("Difficulties and obstacles"), text.difficulties.strip() or NOTHING),
        (_("Proposals"), text.proposals.strip() or NOTHING),
    ]
    return xlsx_table(_("Report"), heading, [_("Item"), _("Number")], rows, [60, 40])
