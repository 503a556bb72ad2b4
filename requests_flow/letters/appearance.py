"""What the two signatures look like on the page, and where they go (Decree 30/2020/NĐ-CP,
Annex I §II.7(d) and §II.8(a)).

- §II.7(d): the image of the signer's digital signature "đặt canh giữa chức vụ của người ký và
  họ tên người ký": centred between the signer's title and name, in blue. Without an image of the
  handwritten signature we print a blue stamp with the signer's name and the signing time.
- §II.8(a): the agency's digital signature shows "hình ảnh dấu của cơ quan ... màu đỏ, kích
  thước bằng kích thước thực tế của dấu ... trùm lên khoảng 1/3 hình ảnh chữ ký số của người có
  thẩm quyền về bên trái": the seal image, red, actual size, over about the left third of the
  signer's signature image.

Both are drawn here with reportlab (vector, the letter's own font), nothing taken from elsewhere.
"""

import io
import math
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .data import ANCHOR_PREFIX, holder_key, signature_anchor
from .fonts import register_fonts

RED = Color(0.85, 0.05, 0.05)
BLUE = Color(0.05, 0.2, 0.75)
# "kích thước bằng kích thước thực tế của dấu": the seal image at the real seal's size. Round
# agency seals are commonly about 36 mm across (UNCONFIRMED: the sizes are set by the seal
# models of the Ministry of Public Security, not read for this work); one value for now.
SEAL_DIAMETER = 36 * mm
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = 150.0, 48.0


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    signature_box: tuple[float, float, float, float]  # x1, y1, x2, y2 in points
    seal_box: tuple[float, float, float, float]


class NotPrinted(ValueError):
    """The signer's name is not on the letter's last page."""


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _pages(node) -> list:
    """The page references of a page tree, in order."""
    found = []
    for kid in node.get_object()["/Kids"]:
        if kid.get_object()["/Type"] == "/Pages":
            found += _pages(kid)
        else:
            found.append(kid)
    return found


def _anchor(reader: PdfFileReader, name: str) -> tuple[int, float, float] | None:
    """(page, centre x, top y) of the signer's name from the named destination the letter
    renderer leaves there (layout.SignerName), or None for a PDF made elsewhere. NotPrinted if
    the letter's signer block names someone else."""
    dests = reader.root.get("/Dests")
    anchors = {
        str(key)[1:]: value
        for key, value in (dests.get_object().items() if dests else ())
        if str(key)[1:].startswith(ANCHOR_PREFIX)
    }
    if not anchors:
        return None
    target = anchors.get(signature_anchor(name))
    if target is None:
        raise NotPrinted(name)
    page_ref, _fit, x, y = list(target.get_object())[:4]
    pages = [ref.reference for ref in _pages(reader.root["/Pages"])]
    return pages.index(page_ref.reference), float(x), float(y)


def _name_position(pdf: bytes, name: str) -> tuple[int, float, float]:
    """(page, centre x, top y) of the last line reading `name` on the last page, from the page's
    text (slower: tens of milliseconds)."""
    reader = PdfReader(io.BytesIO(pdf))
    page_index = len(reader.pages) - 1
    wanted = holder_key(name)
    found = []

    def visit(text, cm, tm, font, size):
        if holder_key(text) == wanted:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, size * (tm[3] or 1)))

    reader.pages[page_index].extract_text(visitor_text=visit)
    if not found:
        raise NotPrinted(name)
    x, y, size = found[-1]
    width = stringWidth(name, register_fonts() + "-Bold", size)
    return page_index, x + width / 2, y + size


def placement(pdf: bytes, reader: PdfFileReader, signer_name: str) -> Placement:
    """The signature in the gap between the signer's title and name (§II.7(d)), the seal's right
    edge a third of the way into it from its left, centred on it vertically (§II.8(a))."""
    name = _flat(signer_name)
    page, centre, bottom = _anchor(reader, name) or _name_position(pdf, name)
    left = centre - SIGNATURE_WIDTH / 2
    signature = (left, bottom, left + SIGNATURE_WIDTH, bottom + SIGNATURE_HEIGHT)
    seal_right = left + SIGNATURE_WIDTH / 3
    middle = bottom + SIGNATURE_HEIGHT / 2
    seal = (
        seal_right - SEAL_DIAMETER,
        middle - SEAL_DIAMETER / 2,
        seal_right,
        middle + SEAL_DIAMETER / 2,
    )
    return Placement(page=page, signature_box=signature, seal_box=seal)


def _draw_arc_text(c: Canvas, text: str, font: str, size: float, radius: float, top: bool):
    """Letters on a circle around the origin, upright to a reader turning the seal, centred on
    the top (reading clockwise) or the bottom (reading counter-clockwise)."""
    c.setFont(font, size)
    widths = [stringWidth(ch, font, size) for ch in text]
    angle = sum(widths) / radius  # radians the text spans
    position = math.pi / 2 + angle / 2 if top else -math.pi / 2 - angle / 2
    for ch, width in zip(text, widths, strict=True):
        step = width / radius
        middle = position - step / 2 if top else position + step / 2
        c.saveState()
        c.rotate(math.degrees(middle) - 90 if top else math.degrees(middle) + 90)
        c.drawCentredString(0, radius if top else -radius - size * 0.7, ch)
        c.restoreState()
        position += -step if top else step


def _star(c: Canvas, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.38
        a = math.pi / 2 + i * math.pi / 5
        points.append((r * math.cos(a), r * math.sin(a)))
    path = c.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


@lru_cache(maxsize=64)
def seal_pdf(agency: str, place: str, diameter: float = SEAL_DIAMETER) -> bytes:
    """A one-page PDF of the round red seal: the agency's name along the top, the place along
    the bottom, a star in the middle; nothing painted outside the rings (transparent)."""
    font = register_fonts() + "-Bold"
    r = diameter / 2
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(diameter, diameter), initialFontName=font, pageCompression=1)
    c.translate(r, r)
    c.setStrokeColor(RED)
    c.setFillColor(RED)
    c.setLineWidth(1.8)
    c.circle(0, 0, r - 1.2)
    c.setLineWidth(0.6)
    c.circle(0, 0, r * 0.62)
    text = _flat(agency).upper()
    size = min(8.5, 0.8 * math.pi * r * 0.75 / max(stringWidth(text, font, 1), 1))
    _draw_arc_text(c, text, font, size, r * 0.72, top=True)
    if place:
        _draw_arc_text(c, _flat(place).upper(), font, min(size, 7), r * 0.76, top=False)
    _star(c, r * 0.42)
    c.showPage()
    c.save()
    return buffer.getvalue()


@lru_cache(maxsize=256)
def signature_pdf(name: str) -> bytes:
    """The signer's stamp in blue: the name and "(đã ký số)". It stands where the image of the
    handwritten signature would; the signing time is in the signature itself, which every PDF
    reader shows, so the image does not change from letter to letter and is drawn once."""
    italic = register_fonts() + "-Italic"  # one face: each embeds a font subset of ~20 KB
    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=(SIGNATURE_WIDTH, SIGNATURE_HEIGHT),
        initialFontName=italic,
        pageCompression=1,
    )
    c.setFillColor(BLUE)
    c.setStrokeColor(BLUE)
    c.setLineWidth(0.6)
    c.roundRect(0.5, 0.5, SIGNATURE_WIDTH - 1, SIGNATURE_HEIGHT - 1, 4)
    name = _flat(name)
    size = min(12, (SIGNATURE_WIDTH - 12) / max(stringWidth(name, italic, 1), 1))
    c.setFont(italic, size)
    c.drawCentredString(SIGNATURE_WIDTH / 2, SIGNATURE_HEIGHT - 20, name)
    c.setFont(italic, 8)
    c.drawCentredString(SIGNATURE_WIDTH / 2, 11, "(đã ký số)")
    c.showPage()
    c.save()
    return buffer.getvalue()


_readers = threading.local()


def _reader(data: bytes) -> PdfFileReader:
    """A parsed appearance, kept per thread (a reader caches the objects it resolved and is not
    safe to share): parsing the embedded font again for every letter cost 15 ms."""
    cache = getattr(_readers, "cache", None)
    if cache is None or len(cache) > 64:
        cache = _readers.cache = {}
    reader = cache.get(data)
    if reader is None:
        reader = cache[data] = PdfFileReader(io.BytesIO(data))
    return reader


class PdfBytesPage(PdfContent):
    """The first page of a PDF held in memory, as a form XObject for a signature appearance
    (pyHanko's ImportedPdfPage reads a file name)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        xobj = self._ensure_writer.import_page_as_xobject(_reader(self.data))
        self.resources.xobject["/Img"] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Img Do"
