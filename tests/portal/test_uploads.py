"""Hostile uploads on the online form: judged by content, not by name; refused with a message and
nothing stored (no attachment row, no file in MEDIA_ROOT, no request). Good PDF, JPEG and PNG
files are stored under a random name.

Names: Django's multipart parser already keeps only the last path part of a file name, drops
unprintable characters (NUL too) and shortens names to 255 characters before any view sees them,
so through HTTP such names arrive neutralised (tested with raw multipart bodies below, since the
test client itself strips paths); requests_flow.uploads refuses them when called with the raw
name."""

import hashlib
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils.html import escape

from requests_flow.models import InformationRequest, RequestAttachment
from requests_flow.uploads import UploadRejected, check_uploads

from .support import JPEG, PDF, PNG, form_data, media_files, upload

pytestmark = pytest.mark.django_db

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/yeu-cau-cua-toi/')</script></body></html>"
MAX_BYTES = 4096


def pdf_of_size(size: int) -> bytes:
    """A well-formed PDF of exactly `size` bytes (a comment line fills it, %%EOF stays last)."""
    filler = size - len(PDF) - 2
    return PDF.replace(b"trailer", b"%" + b"x" * filler + b"\ntrailer")


HOSTILE = {
    "HTML named .pdf": [("bao-cao.pdf", HTML)],
    "Windows PE named .png": [("anh.png", PE)],
    "ELF named .png": [("anh.png", ELF)],
    "SVG with script named .png": [("anh.png", SVG)],
    "SVG with script named .svg": [("anh.svg", SVG)],
    "PE named x.pdf.exe": [("x.pdf.exe", PE)],
    "GIF named .jpg": [("anh.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")],
    "ZIP (docx) named .pdf": [("don.pdf", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40)],
    "good PDF then HTML": [("don.pdf", PDF), ("bao-cao.pdf", HTML)],
    "empty file": [("don.pdf", b"")],
    "one byte over the size limit": [("don.pdf", pdf_of_size(MAX_BYTES + 1))],
    "one file too many": [(f"don-{i}.pdf", PDF) for i in range(3)],
}


def post(client, agency, files):
    data = form_data(agency, attachments=[upload(name, content) for name, content in files])
    return client.post(reverse("portal:submit"), data)


def test_hostile_files_are_refused_with_a_message_and_nothing_is_stored(
    as_citizen, agency, settings, capsys
):
    settings.PORTAL_MAX_ATTACHMENT_BYTES = MAX_BYTES
    settings.PORTAL_MAX_ATTACHMENTS = 2
    before = media_files()
    refused, not_refused = [], []
    for case, files in HOSTILE.items():
        response = post(as_citizen, agency, files)
        errors = response.context["form"].errors if response.context else {}
        if response.status_code == 200 and errors.get("attachments"):
            assert escape(errors["attachments"][0]) in response.content.decode(), case
            refused.append(case)
        else:
            not_refused.append(case)
        assert not InformationRequest.objects.exists(), case
        assert not RequestAttachment.objects.exists(), case
        assert media_files() == before, case
    with capsys.disabled():
        print(f"\nhostile uploads: {len(HOSTILE)} tried, {len(refused)} refused")
    assert not not_refused, f"accepted: {not_refused}"


def test_files_at_the_limits_are_accepted(as_citizen, agency, settings):
    settings.PORTAL_MAX_ATTACHMENT_BYTES = MAX_BYTES
    settings.PORTAL_MAX_ATTACHMENTS = 2
    exactly = pdf_of_size(MAX_BYTES)
    assert len(exactly) == MAX_BYTES
    response = post(as_citizen, agency, [("don.pdf", exactly), ("anh.png", PNG)])
    assert response.status_code == 302
    assert RequestAttachment.objects.count() == 2


def test_good_pdf_jpeg_and_png_are_stored_under_a_random_name(as_citizen, agency):
    files = [("Đơn đề nghị.pdf", PDF), ("ảnh CCCD.jpeg", JPEG), ("chu-ky.png", PNG)]
    before = media_files()
    response = post(as_citizen, agency, files)

    assert response.status_code == 302
    rows = list(RequestAttachment.objects.order_by("id"))
    assert [(r.name, r.content_type) for r in rows] == [
        ("Đơn đề nghị.pdf", "application/pdf"),
        ("ảnh CCCD.jpeg", "image/jpeg"),
        ("chu-ky.png", "image/png"),
    ]
    new = media_files() - before
    assert len(new) == 3
    for row, (name, content) in zip(rows, files, strict=True):
        assert re.fullmatch(rf"attachments/{agency.pk}/[0-9a-f]{{32}}", row.file.name)
        assert name not in row.file.name
        path = next(p for p in new if p.as_posix().endswith(row.file.name))
        # Sealed at rest (DOMAIN §8): the disk holds ciphertext, the field gives the plaintext.
        assert path.read_bytes().startswith(b"TCENC2") and content not in path.read_bytes()
        with row.file.open("rb") as stored:
            assert stored.read() == content
        assert row.sha256 == hashlib.sha256(content).hexdigest()


def test_a_pdf_named_exe_is_kept_as_the_pdf_it_is(as_citizen, agency):
    """Judged by content: a real PDF named x.pdf.exe is accepted, recorded as a PDF, and its
    name gets .pdf at the end so that it never downloads as a program."""
    assert post(as_citizen, agency, [("x.pdf.exe", PDF)]).status_code == 302
    row = RequestAttachment.objects.get()
    assert (row.name, row.content_type) == ("x.pdf.exe.pdf", "application/pdf")


BOUNDARY = "tiepcan-boundary-42"


def raw_multipart(fields: dict, filename: bytes, content: bytes) -> bytes:
    """A multipart body with the file name exactly as given (the test client strips paths)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="'.encode()
        + filename
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


@pytest.mark.parametrize(
    ("raw", "stored_as"),
    [
        (b"../../../../etc/cron.d/x.pdf", "x.pdf"),
        (b"..\\..\\Windows\\System32\\x.pdf", "x.pdf"),
        (b"x\x00.pdf", "x.pdf"),
        ("hoa-don\u202efdp.exe".encode(), "hoa-donfdp.exe.pdf"),
        (b"a" * 196 + b".pdf", "a" * 116 + ".pdf"),
        ("Báo cáo...pdf".encode(), "Báo cáo...pdf"),
    ],
)
def test_hostile_names_through_http_arrive_neutralised(as_citizen, agency, raw, stored_as):
    body = raw_multipart(form_data(agency), raw, PDF)
    response = as_citizen.post(
        reverse("portal:submit"), body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code == 302
    row = RequestAttachment.objects.get()
    assert row.name == stored_as
    assert re.fullmatch(rf"attachments/{agency.pk}/[0-9a-f]{{32}}", row.file.name)


@dataclass
class RawUpload:
    """An upload whose name nothing has cleaned (UploadedFile's own setter would)."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def read(self) -> bytes:
        return self.data


@pytest.mark.parametrize(
    "name",
    ["../x.pdf", "..\\x.pdf", "a/../../x.pdf", "x\x00.pdf", "x.pdf\x00.exe", "a" * 252 + ".pdf"],
)
def test_check_uploads_refuses_raw_hostile_names(name):
    with pytest.raises(UploadRejected):
        check_uploads([RawUpload(name, PDF)])
