"""The verification mark at the foot of a letter's first page (DOMAIN §7.1 point 4; issue #13
item 4): a QR code that opens the public page /xac-thuc/<code>/ and, beside it, the short code
for someone who types it. It stands in the bottom margin at the left, under the "Nơi nhận" column,
so it never touches the signature block (right column) where the signatures are placed."""

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

SIZE = 16 * mm  # scannable from paper by a phone; fits the 20 mm bottom margin with room
GAP = 3 * mm
MIN_EDGE = 2 * mm  # clear of the paper's edge, where printers leave a strip blank


def verification_drawing(url: str, size: float = SIZE) -> Drawing:
    """A QR code of `url`, `size` points square (the widget's value is the URL itself)."""
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def draw_verification(canvas, doc, url: str, code: str, font: str) -> None:
    """Draw the mark on the current page (called by the first page's callback). Nothing for a
    document without a code (a report, a sample)."""
    if not (url and code):
        return
    # Inside the bottom margin whatever its size, so the text frame never overlaps the mark.
    size = min(SIZE, doc.bottomMargin - 2 * MIN_EDGE)
    x, y = doc.leftMargin, (doc.bottomMargin - size) / 2
    canvas.saveState()
    renderPDF.draw(verification_drawing(url, size), canvas, x, y)
    text_x = x + size + GAP
    canvas.setFont(font, 9)
    canvas.drawString(text_x, y + size - 9, "Mã xác thực văn bản:")
    canvas.setFont(font + "-Bold", 11)
    canvas.drawString(text_x, y + size / 2 - 5, code)
    canvas.setFont(font, 8)
    canvas.drawString(text_x, y + 1, url)
    canvas.restoreState()
