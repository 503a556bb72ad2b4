"""Page 1 of each letter as a PNG in artifacts/screenshots/letters/ (git-ignored), for a person
to look at; the test checks the picture exists and is not blank."""

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .samples import KINDS, pdf

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots" / "letters"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize("kind", KINDS)
def test_page_one_as_png(kind, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{kind}.pdf"
    source.write_bytes(pdf(kind))
    prefix = SCREENSHOTS / kind
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", source, prefix],
        check=True,
        capture_output=True,
    )
    image = prefix.with_suffix(".png")
    data = image.read_bytes()
    # A4 at 60 dpi is about 496 x 702 pixels; a blank page compresses to some 2 kB, a page of
    # text to over 100 kB.
    width, height = png_size(data)
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1
    assert len(data) > 20_000, f"{image} looks blank ({len(data)} bytes)"
