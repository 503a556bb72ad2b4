"""Uploads are checked by content, not by name: only real PDF, JPEG and PNG files, within the
configured count and size, with a harmless name."""

import os
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}


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


def check_uploads(files: list) -> list[tuple[str, str, bytes]]:
    """Return (safe name, content type, bytes) for each file, or raise UploadRejected."""
    max_files = settings.PORTAL_MAX_ATTACHMENTS
    max_bytes = settings.PORTAL_MAX_ATTACHMENT_BYTES
    if len(files) > max_files:
        raise UploadRejected(_("At most %(n)s files.") % {"n": max_files})
    checked = []
    for upload in files:
        raw_name = upload.name or ""
        # ".." only as a path part: "Báo cáo...pdf" is a fine name.
        if "\x00" in raw_name or ".." in re.split(r"[\\/]", raw_name) or len(raw_name) > 255:
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
        if kind is None:
            raise UploadRejected(
                _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": safe_name(raw_name)}
            )
        checked.append((named_for(safe_name(raw_name) or "tep", kind), kind, data))
    return checked
