"""Findings of the outside security test on citizen uploads (items 5, 10, 15 and 16): PDFs whose
active content hides behind #xx name escapes or in compressed object streams, images carrying
markup in comments and images with too many pixels, the virus-scanner hook (clamd's INSTREAM
protocol) and files flushed to disk before their row is written."""

import io
import logging
import os
import shutil
import socketserver
import struct
import tempfile
import threading
import zlib
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from portal import services as portal_services
from requests_flow import uploads
from requests_flow.models import RequestAttachment
from requests_flow.uploads import UploadRejected, check_uploads
from tests.security.hostile_files import EICAR, pdf_with, png_chunk

from .support import PDF, PNG, filed_online, form_data, upload
from .test_uploads import RawUpload

# The portal's conftest empties the rate limits, which the test settings keep in the database.
pytestmark = pytest.mark.django_db

NOT_A_FILE_WE_TAKE = "“%(name)s” is not a PDF, JPEG or PNG file."
XSS = b"<img src=x onerror=alert(1)>"


def said(msgid: str, **params) -> str:
    """The message as the user reads it, in the active language (Vietnamese by default)."""
    return gettext(msgid) % params


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(UploadRejected) as caught:
        check_uploads([RawUpload(name, data)])
    return str(caught.value)


def accepted(name: str, data: bytes) -> bytes:
    [(_name, _kind, stored)] = check_uploads([RawUpload(name, data)])
    return stored


# --- PDFs (item 5) -------------------------------------------------------------------------


def pdf_with_object_stream(action: bytes) -> bytes:
    """A PDF 1.5 whose object 4 (`action`, opened by the catalogue) sits FlateDecode-compressed
    in object stream 3, which a cross-reference stream (object 5) lists: no byte of the action
    appears in the file."""
    prefix = b"4 0 "
    packed = zlib.compress(prefix + action)
    body = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n",
        b"3 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(prefix), len(packed))
        + packed
        + b"\nendstream\nendobj\n",
    ]
    out, offsets = b"%PDF-1.5\n", []
    for obj in body:
        offsets.append(len(out))
        out += obj
    xref_at = len(out)
    # Type 0: free; 1: at an offset; 2: in object stream 3, index 0 (W [1 4 2]).
    rows = [(0, 0, 65535), *((1, at, 0) for at in offsets), (2, 3, 0), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    return (
        out
        + b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )


HIDDEN_JS = b"<< /S /JavaScript /JS (app.alert(1)) >>"
HIDDEN_LAUNCH = b"<< /S /Launch /F (cmd.exe) >>"
ACTIVE_PDFS = {
    "JavaScript behind #61": pdf_with(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "Launch behind #61": pdf_with(b"/OpenAction << /S /L#61unch /F (cmd.exe) >>"),
    "EmbeddedFiles behind #45": pdf_with(b"/Names << /#45mbeddedFiles << /Names [] >> >>"),
    "JavaScript in an object stream": pdf_with_object_stream(HIDDEN_JS),
    "Launch in an object stream": pdf_with_object_stream(HIDDEN_LAUNCH),
    "JavaScript name tree in an object stream": pdf_with_object_stream(
        b"<< /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>"
    ),
}


def test_the_hostile_pdfs_hide_their_names_from_a_byte_search():
    """Each would pass a search for the literal names: only a PDF parser sees them."""
    for case, data in ACTIVE_PDFS.items():
        assert not any(
            word in data for word in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile")
        ), case


@pytest.mark.parametrize("case", ACTIVE_PDFS)
def test_pdfs_with_escaped_or_compressed_active_content_are_refused(case):
    with override("vi"):
        message = refusal("don.pdf", ACTIVE_PDFS[case])
        assert message == gettext(NOT_A_FILE_WE_TAKE) % {"name": "don.pdf"}
    assert message != NOT_A_FILE_WE_TAKE % {"name": "don.pdf"}  # it is in Vietnamese


def test_a_pdf_no_parser_can_read_is_refused():
    garbage = b"%PDF-1.4\n" + b"\x00garbage " * 20 + b"\n%%EOF\n"
    assert refusal("don.pdf", garbage) == said(NOT_A_FILE_WE_TAKE, name="don.pdf")


def test_a_pdf_locked_by_a_password_is_refused_with_its_own_message():
    """We cannot look inside it (and neither could the office)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(reportlab_pdf())))
    writer.encrypt(user_password="mat-khau", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert refusal("don.pdf", out.getvalue()) == said(
        "“%(name)s” is protected by a password; please send it without one.", name="don.pdf"
    )


def test_a_pdf_of_too_many_objects_is_refused_before_parsing():
    objects = b"".join(b"%d 0 obj\nnull\nendobj\n" % n for n in range(3, 60_000))
    data = PDF.replace(b"trailer", objects + b"trailer")
    assert refusal("don.pdf", data) == said(NOT_A_FILE_WE_TAKE, name="don.pdf")


def reportlab_pdf() -> bytes:
    """A real PDF as the back office makes them (compressed content, fonts, an info dict)."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pageCompression=1)
    page.drawString(72, 720, "Don de nghi cung cap thong tin")
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [PDF, reportlab_pdf(), pdf_with_object_stream(b"<< /S /GoTo /D [2 0 R /Fit] >>")],
    ids=["minimal", "reportlab", "object stream"],
)
def test_inert_pdfs_still_pass_unchanged(data):
    assert accepted("don.pdf", data) == data


# --- Images (items 10 and 15) --------------------------------------------------------------


def photo(fmt: str = "JPEG", size=(32, 24), **params) -> bytes:
    image = Image.new("RGB", size, (180, 40, 40))
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def png_with_text(text: bytes) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text.decode())
    return photo("PNG", pnginfo=info)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.jpg", photo(comment=XSS)),
        ("anh.png", png_with_text(XSS)),
        ("anh.jpg", photo(comment=b"/JS (app.alert(1))")),  # PDF words mean nothing in a JPEG
    ],
    ids=["JPEG comment", "PNG text chunk", "JPEG comment with PDF words"],
)
def test_markup_in_image_metadata_is_stripped(name, data):
    assert XSS in data or b"/JS" in data
    clean = accepted(name, data)
    assert XSS not in clean and b"/JS" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (32, 24)
        assert not {"comment", "Comment", "exif"} & set(image.info)


def test_a_stored_photo_carries_no_comment(as_citizen, agency):
    data = photo(comment=XSS)
    form = form_data(agency, attachments=[upload("anh.jpg", data, "image/jpeg")])
    assert as_citizen.post(reverse("portal:submit"), form).status_code == 302
    row = RequestAttachment.objects.get()
    with row.file.open("rb") as stored:
        kept = stored.read()
    assert XSS not in kept and kept.startswith(b"\xff\xd8\xff")
    assert (row.size, row.content_type) == (len(kept), "image/jpeg")


def test_a_phone_photo_is_stored_upright_without_its_exif():
    """Stripping EXIF drops the orientation tag, so the pixels are turned first."""
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise
    clean = accepted("anh.jpg", photo(size=(40, 20), exif=exif))
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (20, 40)
        assert not image.getexif()


def png_declaring(width: int, height: int) -> bytes:
    """A black-and-white PNG whose header declares width by height; its data holds one row, so
    the file stays tiny: only a decoder would find out, after allocating the whole image."""
    row = b"\x00" * (1 + (width + 7) // 8)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        PNG[:8]
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(row))
        + png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [30_000, 7_000], ids=["beyond Pillow's limit", "49 MP"])
def test_images_with_too_many_pixels_are_refused_before_decoding(side):
    message = refusal("anh.png", png_declaring(side, side))
    limit = uploads.MAX_PIXELS // 1_000_000
    expected = "“%(name)s” has too many pixels: at most %(n)s million."
    assert message == said(expected, name="anh.png", n=limit)


def test_a_truncated_image_is_refused():
    data = photo(size=(64, 64))
    truncated = data[:200] + b"\xff\xd9"
    assert refusal("anh.jpg", truncated) == said(NOT_A_FILE_WE_TAKE, name="anh.jpg")


# --- Virus scanner (item 15) ---------------------------------------------------------------


class FakeClamdHandler(socketserver.StreamRequestHandler):
    """clamd's INSTREAM protocol, as documented in clamd(8): FOUND for the EICAR test string."""

    def handle(self):
        command = self.rfile.read(len(b"zINSTREAM\0"))
        payload = b""
        while size := struct.unpack(">I", self.rfile.read(4))[0]:
            payload += self.rfile.read(size)
        self.server.seen.append((command, payload))
        found = EICAR in payload
        self.wfile.write(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")


@pytest.fixture
def fake_clamd():
    folder = tempfile.mkdtemp(prefix="clamd-")  # short: UNIX socket paths end at 108 bytes
    server = socketserver.ThreadingUnixStreamServer(f"{folder}/clamd.sock", FakeClamdHandler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    shutil.rmtree(folder)


PDF_WITH_EICAR = PDF.replace(b"trailer", b"%" + EICAR + b"\ntrailer")


def test_without_the_setting_nothing_is_scanned(settings, fake_clamd):
    settings.TIEPCAN_CLAMD_SOCKET = ""
    assert accepted("don.pdf", PDF_WITH_EICAR) == PDF_WITH_EICAR
    assert fake_clamd.seen == []


def test_clamd_sees_each_upload_and_a_finding_is_refused(settings, fake_clamd):
    settings.TIEPCAN_CLAMD_SOCKET = fake_clamd.server_address
    assert accepted("don.pdf", PDF) == PDF
    assert refusal("don.pdf", PDF_WITH_EICAR) == said(
        "“%(name)s” contains a virus or other malware and was not accepted.", name="don.pdf"
    )
    assert fake_clamd.seen == [(b"zINSTREAM\0", PDF), (b"zINSTREAM\0", PDF_WITH_EICAR)]


def test_no_clamd_means_no_upload(settings, tmp_path, caplog):
    """Fail closed: a scanner that cannot answer lets nothing through, and says so in the log."""
    settings.TIEPCAN_CLAMD_SOCKET = str(tmp_path / "clamd.sock")
    with caplog.at_level(logging.ERROR, logger="requests_flow.upload_checks"):
        message = refusal("don.pdf", PDF)
    assert message == said("Files cannot be checked for viruses right now; please try again later.")
    assert any("clamd" in record.getMessage() for record in caplog.records)


CLAMD = "/usr/sbin/clamd"


def test_the_real_clamd_finds_eicar():
    if not os.path.exists(CLAMD):
        pytest.skip("clamd is not installed on this machine")
    socket_path = os.environ.get("TIEPCAN_CLAMD_SOCKET", "/run/clamav/clamd.ctl")
    if not os.path.exists(socket_path):
        pytest.skip(f"clamd is installed but not listening on {socket_path}")
    from requests_flow.upload_checks import clamd_scan

    assert clamd_scan(PDF, socket_path) is None
    assert "Eicar" in (clamd_scan(EICAR, socket_path) or "")


# --- Durability (item 16) ------------------------------------------------------------------


def test_a_file_and_its_folder_reach_the_disk_before_its_row(agency, citizen, monkeypatch):
    request = filed_online(agency, citizen)
    real_fsync, synced = os.fsync, []

    def spy(fd):
        # Linux: /proc names the file behind a descriptor.
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        synced.append((path, RequestAttachment.objects.count()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    portal_services.save_attachments(
        request, [("don.pdf", "application/pdf", PDF)], kind="other", user=citizen
    )
    path = Path(RequestAttachment.objects.get().file.path).resolve()
    assert (path, 0) in synced
    assert (path.parent, 0) in synced


def test_the_default_storage_flushes_too(monkeypatch, settings, tmp_path):
    """Officers' response files and the letters' PDFs use the default storage: durable too."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path
    real_fsync, synced = os.fsync, []

    def spy(fd):
        synced.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    storage = storages.create_storage({"BACKEND": settings.STORAGES["default"]["BACKEND"]})
    name = storage.save("letters/2026/thu.pdf", ContentFile(PDF))
    path = Path(storage.path(name)).resolve()
    assert synced[:3] == [path, path.parent, path.parent.parent]


def pdf_with_image(body: bytes) -> bytes:
    """A PDF whose catalogue names an image XObject with `body` as its (DCT-encoded) data."""
    image = (
        b"/TiepCanImage << /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace "
        b"/DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>" % len(body)
    )
    return pdf_with(image).replace(b"endobj", b"stream\n" + body + b"\nendstream\nendobj", 1)


# Compressed data (a scan's pixels, a letter's fonts and text) in which the bytes of "/JS" and
# "<svg" turn up, as they do by chance about once in 7 MB.
NOISE = bytes((n * 7919 + 13) % 256 for n in range(8192))
LUCKY = NOISE[:3000] + b"/JS " + NOISE[3000:6000] + b"<svg " + NOISE[6000:]


def test_a_pdf_whose_compressed_data_holds_the_bytes_of_a_name_is_accepted():
    """One letter in sixty, and most multi-page scans, were refused for bytes in their binary
    streams that no PDF reader reads as a name or as markup."""
    data = pdf_with_image(LUCKY)
    assert b"/JS " in data and b"<svg " in data
    assert accepted("ban-quet.pdf", data) == data


def test_the_same_words_written_as_text_in_a_stream_are_still_refused():
    for words in (b"BT /JS (app.alert(1)) ET", b"<svg onload=alert(1)>"):
        data = pdf_with_image(words)
        with override("vi"):
            assert refusal("don.pdf", data) == gettext(NOT_A_FILE_WE_TAKE) % {"name": "don.pdf"}
