"""Reading a rendered letter as a reader's tool does: poppler's `pdftotext` (Debian
poppler-utils), its plain text and, with -bbox, each word's box in points."""

import html
import re
import subprocess  # nosec B404: poppler's own tool, fixed arguments
import tempfile
import unicodedata
from pathlib import Path

from reportlab.lib.units import mm

PAGE_WIDTH = 210 * mm


def _run(pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(pdf)
        out = subprocess.run(  # nosec B603 B607
            ["pdftotext", *args, str(source), "-"], check=True, capture_output=True
        )
    return unicodedata.normalize("NFC", out.stdout.decode())


def pdftotext(pdf: bytes) -> str:
    """The letter's text, runs of white space (line breaks, non-breaking spaces) as one space."""
    return re.sub(r"\s+", " ", _run(pdf)).strip()


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'
)


def words(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page number from 1, xMin, yMin, xMax, word) of every word, from `pdftotext -bbox`."""
    found = []
    pages = _run(pdf, "-bbox").split("<page ")[1:]
    for number, page in enumerate(pages, start=1):
        for x_min, y_min, x_max, text in WORD.findall(page):
            found.append((number, float(x_min), float(y_min), float(x_max), html.unescape(text)))
    return found
