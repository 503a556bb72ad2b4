"""The printed letters (DOMAIN §7, Decree 30/2020 Annex I): every element each kind must show,
A4, page numbers from page 2 only, an embedded font with every Vietnamese letter, and a clear
error when the font is missing. Rendering is pure: no database."""

import shutil
import subprocess
import unicodedata

import pytest
from django.test import override_settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from requests_flow.letters import fonts
from requests_flow.letters.layout import TOP

from .samples import COMMON, KINDS, NAME, SPECIFICS, chunks, number_text, pdf, reader, text_of

TOP_MARGIN_Y = A4[1] - TOP  # anything drawn above this line is in the top margin
VOWELS = "aăâeêioôơuưy"
TONES = (
    "",
    "\u0300",
    "\u0301",
    "\u0309",
    "\u0303",
    "\u0323",
)  # none, grave, acute, hook, tilde, dot


def vietnamese_letters() -> list[str]:
    lower = [unicodedata.normalize("NFC", v + tone) for v in VOWELS for tone in TONES]
    return [*lower, *(c.upper() for c in lower), "Đ", "đ"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_required_element_is_printed(kind):
    text = text_of(kind)
    expected = (*COMMON, f"Số: {number_text(kind)}", *SPECIFICS[kind])
    missing = [element for element in expected if element not in text]
    assert not missing, f"{kind}: not printed: {missing}"
    assert "\ufffd" not in text and "■" not in text
    assert text.count("Nơi nhận:") == 1


@pytest.mark.parametrize("kind", KINDS)
def test_header_number_and_date_share_a_line_and_the_date_is_italic(kind):
    page = chunks(reader(kind).pages[0])
    number = next(c for c in page if c[2].startswith("Số: "))
    date = next(c for c in page if c[2].startswith("Tuyên Quang, ngày"))
    assert abs(number[0] - date[0]) < 2, "Số: and the place-date line sit on one line"
    assert date[1].endswith("LiberationSerif-Italic")
    assert next(c for c in page if c[2] == "Độc lập - Tự do - Hạnh phúc")[1].endswith("-Bold")
    signer = [c for c in chunks(reader(kind).pages[-1]) if c[2] in {"Nơi nhận:", "KT. GIÁM ĐỐC"}]
    assert len(signer) == 2 and abs(signer[0][0] - signer[1][0]) < 3, "level with the signer"
    assert signer[[c[2] for c in signer].index("Nơi nhận:")][1].endswith("-BoldItalic")


def test_a_cover_letter_has_no_type_name_but_its_summary_under_the_number():
    """Annex III Mẫu 1.5: a công văn carries "V/v …" under the number, not a title."""
    page = chunks(reader("cover").pages[0])
    texts = [c[2] for c in page]
    assert "CÔNG VĂN" not in texts
    summary = page[texts.index("V/v cung cấp thông tin theo yêu cầu")]
    number = page[[t.startswith("Số: ") for t in texts].index(True)]
    assert summary[0] < number[0] and "-Bold" not in summary[1]
    assert page[[t.startswith("Kính gửi") for t in texts].index(True)][0] < summary[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a4_with_page_numbers_from_page_two_in_the_top_margin(kind):
    pages = reader(kind).pages
    assert len(pages) > 1, "the long body runs over a page"
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / mm), round(height / mm)) == (210, 297)
    assert [c for c in chunks(pages[0]) if c[0] > TOP_MARGIN_Y] == [], "no number on page 1"
    for number, page in enumerate(pages[1:], start=2):
        in_margin = [c[2] for c in chunks(page) if c[0] > TOP_MARGIN_Y]
        assert in_margin == [str(number)]
        assert page.extract_text().lstrip().startswith(str(number))


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs pdffonts (poppler-utils)")
@pytest.mark.parametrize("kind", KINDS)
def test_only_the_embedded_liberation_serif_is_used(kind, tmp_path):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf(kind))
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
    names = {row[0].split("+")[-1] for row in rows}
    assert names <= {f"LiberationSerif{face}" for face in ("", "-Bold", "-Italic", "-BoldItalic")}
    assert "LiberationSerif" in names
    for row in rows:
        emb = row[-5]  # name, type (1-2 words), encoding, emb, sub, uni, object, ID
        assert emb == "yes", f"{row[0]} is not embedded"


def test_the_146_vietnamese_letters_have_glyphs_in_every_face():
    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 146
    assert all(len(letter) == 1 for letter in letters), "each letter is one precomposed character"
    fonts.register_fonts()
    for face in fonts.FILES:
        char_to_glyph = pdfmetrics.getFont(face).face.charToGlyph
        missing = [c for c in letters if not char_to_glyph.get(ord(c))]
        assert not missing, f"{face} has no glyph for {missing}"


def assert_names_the_fix(error):
    message = str(error.value)
    assert "fonts-liberation2" in message and "TIEPCAN_LETTER_FONT_DIR" in message


def test_a_missing_font_directory_names_the_package_and_the_setting(tmp_path):
    no_font = override_settings(LETTER_FONT_DIR=str(tmp_path))
    with no_font, pytest.raises(fonts.LetterFontMissing) as error:
        fonts.font_files()
    assert_names_the_fix(error)
    assert str(tmp_path / "LiberationSerif-Regular.ttf") in str(error.value)


def test_one_missing_face_is_enough_to_refuse(tmp_path):
    for filename in list(fonts.FILES.values())[:3]:
        shutil.copy(fonts.font_dir() / filename, tmp_path / filename)
    no_font = override_settings(LETTER_FONT_DIR=str(tmp_path))
    with no_font, pytest.raises(fonts.LetterFontMissing) as error:
        fonts.font_files()
    assert "LiberationSerif-BoldItalic.ttf not found" in str(error.value)


def test_registering_without_the_font_fails_instead_of_falling_back(tmp_path, monkeypatch):
    """As in a fresh process: nothing registered yet (the process-wide registration is left
    alone), the folder empty."""
    monkeypatch.setattr(fonts.pdfmetrics, "getRegisteredFontNames", list)
    no_font = override_settings(LETTER_FONT_DIR=str(tmp_path))
    with no_font, pytest.raises(fonts.LetterFontMissing) as error:
        fonts.register_fonts()
    assert_names_the_fix(error)


def test_decomposed_input_is_printed_precomposed():
    """Names typed with combining marks (NFD) print as NFC: one glyph per letter, no stray
    accents; the raw extracted text, not normalised here, shows it."""
    raw = " ".join(reader("refusal").pages[0].extract_text().split())
    assert f"của Bà {NAME}" in raw
    assert unicodedata.normalize("NFD", NAME) not in raw
