"""At least 40 hostile files, each (name, bytes): wrong content for the extension, double
extensions, HTML or SVG with script renamed, polyglots, active PDFs, empty, truncated, and names a
computer treats specially. Sizes and counts over the limits are built by the tests from the
settings."""

import io
import struct
import zipfile
import zlib

from tests.portal.support import JPEG, PDF, PNG

HTML = b"<!DOCTYPE html><html><body><script>fetch('/yeu-cau-cua-toi/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ZIP = zip_of({"index.html": HTML})


def pdf_with(obj: bytes) -> bytes:
    """A well-formed PDF whose catalogue carries `obj` (an action, a file, a page of HTML)."""
    return PDF.replace(b"/Type /Catalog", b"/Type /Catalog " + obj)


def jpeg_with_comment(text: bytes) -> bytes:
    segment = b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text
    return JPEG[:2] + segment + JPEG[2:]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


GOOD_PDF = ("don.pdf", PDF)
SCRIPT_TEXT = b"Comment\x00<script>alert(1)</script>"
# Case -> (file name, content). Each is refused on the portal and in the back office.
HOSTILE_FILES: dict[str, tuple[str, bytes]] = {
    "HTML named .pdf": ("bao-cao.pdf", HTML),
    "HTML named .png": ("anh.png", HTML),
    "HTML named .jpg": ("anh.jpg", HTML),
    "UTF-16 HTML named .pdf": ("don.pdf", "\ufeff<html><script>x</script>".encode("utf-16")),
    "SVG with script named .png": ("anh.png", SVG),
    "SVG with script named .pdf": ("don.pdf", SVG),
    "SVG with script named .svg": ("anh.svg", SVG),
    "Windows PE named .pdf": ("don.pdf", PE),
    "Windows PE named x.pdf.exe": ("x.pdf.exe", PE),
    "ELF named .jpg": ("anh.jpg", ELF),
    "shell script named .pdf": ("don.pdf", b"#!/bin/sh\nrm -rf ~\n"),
    "PHP named .jpg": ("anh.jpg", b"<?php system($_GET['c']); ?>"),
    "GIF named .jpg": ("anh.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    "GIF/JavaScript polyglot": ("anh.gif", b"GIF89a/*\x01\x00\x01\x00\x00\x00*/=alert(1);"),
    "PDF/HTML polyglot": ("don.pdf", PDF.replace(b"trailer", HTML + b"\ntrailer")),
    "HTML then PDF": ("don.pdf", HTML + PDF),
    "PDF with JavaScript": (
        "don.pdf",
        pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    ),
    "PDF with a Launch action": ("don.pdf", pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>")),
    "PDF with an embedded file": (
        "don.pdf",
        pdf_with(b"/Names << /EmbeddedFiles [] >> /EmbeddedFile"),
    ),
    "PDF/ZIP polyglot": ("don.pdf", PDF + ZIP),
    "PNG/ZIP polyglot": ("anh.png", PNG + ZIP),
    "PNG with HTML after IEND": ("anh.png", PNG + HTML),
    "PNG with a script chunk": (
        "anh.png",
        PNG[:-12] + png_chunk(b"tEXt", b"c\x00<script>x</script>") + PNG[-12:],
    ),
    "PNG without IEND (truncated)": ("anh.png", PNG[:-12]),
    "JPEG/ZIP polyglot": ("anh.jpg", JPEG + ZIP),
    "JPEG with a script comment": ("anh.jpg", jpeg_with_comment(b"<script>alert(1)</script>")),
    "JPEG header only": ("anh.jpg", b"\xff\xd8\xff\xe0"),
    "ZIP (docx) named .pdf": ("don.pdf", DOCX),
    "real docx": ("don.docx", DOCX),
    "ZIP named .png": ("anh.png", ZIP),
    "EICAR test text named .pdf": ("don.pdf", EICAR),
    "EICAR test text named .txt": ("eicar.txt", EICAR),
    "plain text named .pdf": ("don.pdf", "Đơn đề nghị cung cấp thông tin".encode()),
    "JSON named .png": ("anh.png", b'{"a": 1}'),
    "RTF named .pdf": ("don.pdf", rb"{\rtf1\ansi x}"),
    "MP4 named .jpg": ("anh.jpg", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16),
    "XML with an external entity named .pdf": (
        "don.pdf",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ),
    "truncated PDF header": ("don.pdf", b"%PDF-1."),
    "PDF without %%EOF (truncated)": ("don.pdf", PDF[: len(PDF) // 2]),
    "PDF magic not at the start": ("don.pdf", b" " + PDF),
    "empty file": ("don.pdf", b""),
    "Windows device name CON.pdf": ("CON.pdf", PDF),
    "Windows device name aux.png": ("aux.png", PNG),
    "Windows device name LPT1.jpg": ("LPT1.jpg", JPEG),
    "name of 201 characters": ("a" * 197 + ".pdf", PDF),
}
# Names Django's multipart parser rewrites before any view sees them (path parts dropped,
# control characters removed, 255 characters at most: tests/portal/test_uploads.py shows what
# arrives); requests_flow.uploads refuses them when given as they were typed.
RAW_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\Windows\\win.ini.pdf",
    "a/../../x.pdf",
    "x\x00.pdf",
    "x.pdf\x00.exe",
    "x\r\n.pdf",
    "x\r\nContent-Type: text/html.pdf",
    "a" * 300 + ".pdf",
    "nul",
    "COM1.pdf",
]
