"""The administrative layout of Decree 30/2020/NĐ-CP, Annex I: A4; margins top/bottom 20 mm,
left 30 mm, right 20 mm (the frame has no padding of its own: reportlab's 6 pt made it 22 mm);
national title and motto top right with a rule under the motto; parent and issuing agency top
left with a rule under the agency; "Số:" under the agency and the italic
place and date under the motto, on one line; bold upper-case title (a công văn has none: its
"V/v …" stands under the number); justified 14 pt body with a 1 cm first-line indent; signer
block; "Nơi nhận:" 12 pt bold italic, its list 11 pt; page numbers centred at the top from page 2
only."""

import io
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from .data import DRAFT, FOR_SIGNATURE, LetterData, signature_anchor
from .fonts import register_fonts
from .number_fields import DATE_FIELD, NUMBER_FIELD, FieldSlot, add_fields
from .qr import draw_verification

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 20 * mm, 20 * mm, 20 * mm
CONTENT_WIDTH = A4[0] - LEFT - RIGHT


def nfc(text: str) -> str:
    return escape(unicodedata.normalize("NFC", text))


NBSP = "\u00a0"
# The administrative units a name ends with (Decree 30 Annex I §II.2: "ỦY BAN NHÂN DÂN TỈNH
# TUYÊN QUANG"); the unit word and the proper noun after it are one group a line never splits.
UNIT_WORDS = ("TỈNH", "THÀNH PHỐ", "XÃ", "PHƯỜNG", "ĐẶC KHU", "tỉnh", "thành phố", "xã", "phường")


def keep_groups(name: str) -> str:
    """The name with its last "unit + proper noun" group joined by non-breaking spaces, so that
    the line breaks before "TỈNH", never inside "TUYÊN QUANG"."""
    name = unicodedata.normalize("NFC", name)
    cut = max((name.rfind(f" {unit} ") for unit in UNIT_WORDS), default=-1)
    if cut < 0:
        return name
    return name[: cut + 1] + name[cut + 1 :].replace(" ", NBSP)


def is_official_letter(letter: LetterData) -> bool:
    """A công văn (Annex III, Mẫu 1.5) has no type name: its "V/v …" summary stands under the
    number instead of a title."""
    return letter.subject.startswith("V/v")


def date_line(place: str, day) -> str:
    """ "Tuyên Quang, ngày 05 tháng 02 năm 2026": day < 10 and months 1-2 with a leading 0;
    blanks for the clerk to fill before the letter is issued."""
    if day is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm{BLANK}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


BLANK = "\u00a0" * 7  # the width of a number written by hand


def number_line(letter: LetterData) -> str:
    return f"Số: {letter.number_text or BLANK + '/' + letter.symbol}"


def styles(font: str) -> dict[str, ParagraphStyle]:
    def style(name, size, bold=False, italic=False, align=TA_CENTER, **kw):
        face = font + (
            "-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else ""
        )
        kw.setdefault("leading", size * 1.2)
        return ParagraphStyle(name, fontName=face, fontSize=size, alignment=align, **kw)

    return {
        "agency_parent": style("ap", 12.5),
        "agency": style("ag", 12.5, bold=True),
        "national": style("nt", 12.5, bold=True),
        "motto": style("mo", 13.5, bold=True),
        "number": style("nu", 13),
        "summary": style("vv", 12.5, spaceBefore=6),
        "date": style("da", 13.5, italic=True),
        "title": style("ti", 14, bold=True, spaceBefore=12),
        "subject": style("su", 14, bold=True),
        "addressee": style("ad", 14, align=TA_CENTER, spaceBefore=6, spaceAfter=6),
        "body": style(
            "bo", 14, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6, leading=14 * 1.3
        ),
        "signer": style("si", 14, bold=True),
        "signer_name": style("sn", 14, bold=True, spaceBefore=60),
        "recipients_title": style("rt", 12, bold=True, italic=True, align=TA_LEFT),
        "recipients": style("re", 11, align=TA_LEFT),
    }


def _rule(width) -> HRFlowable:
    # Below the descenders of the line above (a rule at 1 pt crossed "p", "g", "ệ").
    return HRFlowable(
        width=width,
        thickness=0.6,
        color="black",
        spaceBefore=4,
        spaceAfter=3,
        hAlign="CENTER",
    )


def _text_width(text: str, style: ParagraphStyle, available: float) -> float:
    text = unicodedata.normalize("NFC", text)
    return min(stringWidth(text, style.fontName, style.fontSize), available)


def _dated(letter: LetterData, s: dict, slots: list) -> tuple:
    """The number's and the date's paragraphs, or empty fields in their place."""
    number = nfc(number_line(letter))
    date = nfc(date_line(letter.place, letter.issued_on))
    if letter.mode == FOR_SIGNATURE:
        return (
            FieldSlot(NUMBER_FIELD, number, s["number"], slots),
            FieldSlot(DATE_FIELD, date, s["date"], slots),
        )
    return Paragraph(number, s["number"]), Paragraph(date, s["date"])


def header(letter: LetterData, s: dict, slots: list) -> Table:
    """Two rows, so that "Số:" and the place-date line share a line (Annex I §II.3-4); the rule
    under the agency is 2/5 of its name, the one under the motto as long as the motto, both
    centred (Annex I §II.1-2)."""
    left_width, right_width = CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.6
    left = []
    if letter.parent_agency:
        left.append(Paragraph(nfc(keep_groups(letter.parent_agency)), s["agency_parent"]))
    left += [
        Paragraph(nfc(keep_groups(letter.agency)), s["agency"]),
        _rule(0.4 * _text_width(letter.agency, s["agency"], left_width)),
    ]
    right = [
        Paragraph(NATIONAL_TITLE, s["national"]),
        Paragraph(MOTTO, s["motto"]),
        _rule(_text_width(MOTTO, s["motto"], right_width)),
    ]
    number_paragraph, date = _dated(letter, s, slots)
    number = [number_paragraph]
    if is_official_letter(letter):
        number.append(Paragraph(nfc(letter.subject), s["summary"]))
    rows = [[left, right], [number, date]]
    table = Table(rows, colWidths=[left_width, right_width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), s["number"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
            ]
        )
    )
    return table


class SignerName(Paragraph):
    """The signer's name; it leaves a named destination at the centre of its top edge, where the
    signature image goes (just above, Annex I §II.7(d)), so that signing finds the spot and
    whose name is printed there without reading the page's text (signing.py)."""

    def __init__(self, name: str, style) -> None:
        super().__init__(nfc(name), style)
        self.anchor = signature_anchor(name)

    def draw(self):
        canvas = self.canv
        canvas.bookmarkHorizontal(self.anchor, self.width / 2, self.height)
        # reportlab writes a destination only when something links to it: the catalog's /Dests.
        canvas._doc.Catalog.Dests = PDFDictionary(
            {self.anchor: canvas._bookmarkReference(self.anchor)}
        )
        super().draw()


def closing(letter: LetterData, s: dict) -> Table:
    recipients = [Paragraph("Nơi nhận:", s["recipients_title"])]
    recipients += [Paragraph(f"- {nfc(r)}", s["recipients"]) for r in letter.recipients]
    recipients.append(Paragraph(f"- {nfc(letter.archive)}", s["recipients"]))
    signer = letter.signer
    block = []
    if not signer.name:  # a draft: the person with authority is known once they approve it
        block.append(Paragraph("NGƯỜI CÓ THẨM QUYỀN KÝ", s["signer"]))
    elif signer.prefix:
        block.append(Paragraph(nfc(f"{signer.prefix} {signer.authority}"), s["signer"]))
    if signer.name:
        block += [
            Paragraph(nfc(signer.title), s["signer"]),
            SignerName(signer.name, s["signer_name"]),
        ]
    table = Table([[recipients, block]], colWidths=[CONTENT_WIDTH * 0.5, CONTENT_WIDTH * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), s["recipients"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render(letter: LetterData) -> bytes:
    """PDF bytes of the letter (pure: no database, no clock), drawn as its `mode` says."""
    pdf, slots = render_parts(letter)
    return add_fields(pdf, slots) if slots else pdf


def render_parts(letter: LetterData) -> tuple[bytes, list]:
    """The letter without its number and date fields, and where they go (number_fields.Slot):
    the approver's signature adds them in its own revision."""
    font = register_fonts()
    s = styles(font)
    slots: list = []
    story = [header(letter, s, slots)]
    if not is_official_letter(letter):
        story.append(Paragraph(nfc(letter.title.upper()), s["title"]))
        if letter.subject:
            story += [Paragraph(nfc(letter.subject), s["subject"]), _rule("30%")]
    if is_official_letter(letter):  # "Kính gửi" belongs to a công văn (Annex III Mẫu 1.5)
        story.append(Paragraph(f"Kính gửi: {nfc(letter.addressee)}", s["addressee"]))
    body = [Paragraph(nfc(p), s["body"]) for p in letter.paragraphs]
    # The signature never stands alone on a page: the last paragraph goes with it.
    story += [*body[:-1], KeepTogether([*body[-1:], Spacer(1, 6), closing(letter, s)])]

    def first_page(canvas, doc):
        if letter.mode != DRAFT:  # a draft is not verifiable: it is nothing yet
            draw_verification(canvas, doc, letter.verification_url, letter.verification_code, font)

    pdf = build_pdf(
        story,
        font=font,
        title=letter.title,
        author=letter.agency,
        subject=letter.number_text,
        first_page=first_page,
        mark=DRAFT_MARK if letter.mode == DRAFT else "",
    )
    return pdf, slots


DRAFT_MARK = "DỰ THẢO"


def _draw_mark(canvas, font: str, mark: str) -> None:
    """A draft's mark across every page, light enough to read the text under it."""
    canvas.saveState()
    canvas.setFont(f"{font}-Bold", 96)
    canvas.setFillColorRGB(0.85, 0.2, 0.2, alpha=0.18)
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, 0, mark)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFont(f"{font}-Bold", 13)
    canvas.setFillColorRGB(0.7, 0.1, 0.1)
    canvas.drawString(LEFT, A4[1] - 12 * mm, mark)
    canvas.restoreState()


def build_pdf(
    story: list,
    *,
    font: str,
    title: str,
    author: str,
    subject: str,
    first_page=None,
    mark: str = "",
) -> bytes:
    """An A4 administrative document: Decree 30 margins, page numbers centred at the top from
    page 2 on (none on page 1); `mark` ("DỰ THẢO") across every page."""

    def on_first(canvas, doc):
        if mark:
            _draw_mark(canvas, font, mark)
        if first_page is not None:
            first_page(canvas, doc)

    def later_pages(canvas, doc):
        if mark:
            _draw_mark(canvas, font, mark)
        canvas.saveState()
        canvas.setFont(font, 13)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        subject=subject,
        # The canvas starts in this font: reportlab's default, Helvetica, is not embedded and
        # has no Vietnamese (the canvasmaker's own initialFontName is overridden by the doc's).
        initialFontName=font,
        initialFontSize=13,
    )

    # No padding: the text reaches the margins Decree 30 gives, not 6 pt inside them.
    def frame() -> Frame:
        width, height = A4[0] - LEFT - RIGHT, A4[1] - TOP - BOTTOM
        return Frame(LEFT, BOTTOM, width, height, 0, 0, 0, 0, id="normal")

    doc.addPageTemplates(
        [
            PageTemplate(
                "First",
                [frame()],
                onPage=on_first,
                autoNextPageTemplate="Later",
            ),
            PageTemplate("Later", [frame()], onPage=later_pages),
        ]
    )
    doc.build(story)
    return buffer.getvalue()
