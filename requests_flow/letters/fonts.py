"""The letter font: a Times-metric Unicode TrueType font with every Vietnamese letter.

reportlab's built-in fonts print Vietnamese as boxes, so a missing font is an error that names
the Debian package and the setting, never a silent fallback."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "TiepCanSerif"
FILES = {
    FAMILY: "LiberationSerif-Regular.ttf",
    f"{FAMILY}-Bold": "LiberationSerif-Bold.ttf",
    f"{FAMILY}-Italic": "LiberationSerif-Italic.ttf",
    f"{FAMILY}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}


class LetterFontMissing(RuntimeError):
    pass


def font_dir() -> Path:
    return Path(settings.LETTER_FONT_DIR)


def font_files(directory: Path | None = None) -> dict[str, Path]:
    """The four faces' files in the configured folder; LetterFontMissing if one is missing."""
    directory = font_dir() if directory is None else directory
    files = {name: directory / filename for name, filename in FILES.items()}
    for path in files.values():
        if not path.is_file():
            raise LetterFontMissing(
                f"Letter font {path} not found: install the Debian package fonts-liberation2 "
                f"(apt-get install fonts-liberation2) or set TIEPCAN_LETTER_FONT_DIR to a folder "
                f"with {', '.join(FILES.values())}."
            )
    return files


@register(Tags.compatibility)
def check_letter_font(app_configs=None, **kwargs) -> list[Warning]:
    """`manage.py check` (and every command that runs the checks, runall included) says at once
    that letters cannot be rendered, instead of the first letter failing in the worker."""
    try:
        font_files()
    except LetterFontMissing as exc:
        return [Warning(str(exc), id="tiepcan.W001")]
    return []


def register_fonts() -> str:
    """Register the four faces once per process; return the family name."""
    if FAMILY in pdfmetrics.getRegisteredFontNames():
        return FAMILY
    for name, path in font_files().items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=FAMILY,
        bold=f"{FAMILY}-Bold",
        italic=f"{FAMILY}-Italic",
        boldItalic=f"{FAMILY}-BoldItalic",
    )
    return FAMILY
