"""Uploads are checked by content, not by name: only real PDF, JPEG and PNG files, within the
configured count and size, with a harmless name, and nothing hidden in them that a browser or a
reader would run (a script, an HTML page, a ZIP archive glued on: polyglots). The byte checks
here come first because they are cheap; requests_flow.upload_checks then scans, parses and
re-encodes. Used by the portal (requesters' files) and the back office (the files an officer
provides), so it lives in requests_flow, which the portal depends on, not the other way."""

import os
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _

from .upload_checks import (
    MAX_PIXELS,
    ContentRefused,
    MalwareFound,
    PasswordProtected,
    ScannerUnavailable,
    TooManyPixels,
    inspected,
)

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
# Markup a browser would render or run, in any kind of file.
MARKUP = re.compile(
    rb"<\s*(script|html|svg|iframe|object|embed)\b|<!doctype\s+html|javascript:", re.IGNORECASE
)
# A PDF's active content written plainly; upload_checks parses the PDF for the rest. Only PDFs
# are searched: in an image these bytes mean nothing (and the image is re-encoded anyway), while
# "/JS" and its kin turn up by chance about once in 7 MB of compressed pixels.
PDF_ACTIVE = re.compile(rb"/JavaScript\b|/JS\b|/Launch\b|/EmbeddedFile\b", re.IGNORECASE)
# CON, PRN, AUX, NUL, COM1-9, LPT1-9: device names on Windows, whatever the extension.
WINDOWS_DEVICE = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)
MAX_NAME = 200


class UploadRejected(ValueError):
    pass


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def safe_name(name: str) -> str:
    """The last path part, NFC, without control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 120:  # shorten the stem, keep the extension
        stem, ext = os.path.splitext(name)
        name = stem[: 120 - len(ext[:16])] + ext[:16]
    return name


def named_for(name: str, kind: str) -> str:
    """The name ends with the extension of what the file is: a PDF sent as "x.exe" or "x.html"
    downloads as "x.exe.pdf", never as something a computer would run or render."""
    if os.path.splitext(name)[1].lower() in EXTENSIONS[kind]:
        return name
    return name + EXTENSIONS[kind][0]


def name_allowed(raw_name: str) -> bool:
    parts = re.split(r"[\\/]", raw_name)
    control = any(unicodedata.category(ch) == "Cc" for ch in raw_name)
    return not (
        control
        or ".." in parts  # ".." only as a path part: "Báo cáo...pdf" is a fine name
        or len(raw_name) > MAX_NAME
        or WINDOWS_DEVICE.fullmatch(parts[-1].strip())
    )


# A stream's body, from the keyword to "endstream" (PDF 32000-1 §7.3.8).
STREAM_BODY = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
BINARY_SHARE = 0.05  # text (a content stream, a script) is all printable; compressed data is not


def _is_binary(body: bytes) -> bool:
    sample = body[:4096]
    unprintable = sum(1 for b in sample if b < 9 or 13 < b < 32 or b > 126)
    return unprintable > len(sample) * BINARY_SHARE


def searchable(data: bytes, kind: str) -> bytes:
    """What the byte searches read: a PDF without the bodies of its binary streams (compressed
    text, images, fonts, a signature). In those, "/JS" or "<svg" turn up by chance (about once
    in 7 MB): one letter in sixty and most multi-page scans were refused. Nothing there is read
    as a name or markup by a PDF reader, and upload_checks parses every object for the rest."""
    if kind != "application/pdf":
        return data
    return STREAM_BODY.sub(
        lambda m: b"stream\nendstream" if _is_binary(m.group(1)) else m.group(0), data
    )


def well_formed(data: bytes, kind: str) -> bool:
    """The file is only what it claims: a PDF ends with %%EOF, a PNG with its IEND chunk, a JPEG
    has its end marker, and nothing active or archived hides inside (a ZIP's directory sits at
    its end)."""
    plain = searchable(data, kind)
    if MARKUP.search(plain) or b"PK\x05\x06" in data[-66_000:]:
        return False
    if kind == "application/pdf":
        return b"%%EOF" in data[-1024:] and not PDF_ACTIVE.search(plain)
    if kind == "image/png":
        return data.endswith(PNG_END)
    return b"\xff\xd9" in data[3:]  # a JPEG's end-of-image marker (phones may add a trailer)


def check_file(upload, max_bytes: int) -> tuple[str, str, bytes]:
    """(safe name, content type, bytes) of one upload, or UploadRejected. An image's bytes are
    its re-encoded pixels, not what was sent."""
    raw_name = upload.name or ""
    if not name_allowed(raw_name):
        raise UploadRejected(
            _("The file name “%(name)s” is not allowed.") % {"name": safe_name(raw_name)[:40]}
        )
    if upload.size == 0 or upload.size > max_bytes:
        raise UploadRejected(
            _("“%(name)s” is empty or larger than %(mb)s MB.")
            % {"name": safe_name(raw_name), "mb": max_bytes // 2**20}
        )
    data = upload.read()
    kind = sniff(data[:16])
    try:
        if kind is None or not well_formed(data, kind):
            raise ContentRefused
        data = inspected(data, kind)  # an image comes back re-encoded
    except ContentRefused as exc:
        raise UploadRejected(refusal(exc, safe_name(raw_name))) from None
    return named_for(safe_name(raw_name) or "tep", kind), kind, data


def refusal(exc: ContentRefused, name: str) -> str:
    """What the user reads for a refusal from the content checks."""
    if isinstance(exc, TooManyPixels):
        return _("“%(name)s” has too many pixels: at most %(n)s million.") % {
            "name": name,
            "n": MAX_PIXELS // 1_000_000,
        }
    if isinstance(exc, PasswordProtected):
        return _("“%(name)s” is protected by a password; please send it without one.") % {
            "name": name
        }
    if isinstance(exc, MalwareFound):
        return _("“%(name)s” contains a virus or other malware and was not accepted.") % {
            "name": name
        }
    if isinstance(exc, ScannerUnavailable):
        return _("Files cannot be checked for viruses right now; please try again later.")
    return _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}


def check_uploads(files: list, *, max_files=None, max_bytes=None) -> list[tuple[str, str, bytes]]:
    """Return (safe name, content type, bytes) for each file, or raise UploadRejected."""
    max_files = max_files or settings.PORTAL_MAX_ATTACHMENTS
    max_bytes = max_bytes or settings.PORTAL_MAX_ATTACHMENT_BYTES
    if len(files) > max_files:
        raise UploadRejected(_("At most %(n)s files.") % {"n": max_files})
    return [check_file(upload, max_bytes) for upload in files]
