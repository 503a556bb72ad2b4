"""Helpers for the citizen portal tests (also used by tests/e2e/test_portal.py): real file bytes,
the online form as a browser posts it, requests brought to a state through the workflow, and a
look at what lies in MEDIA_ROOT."""

import io
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from viewflow.workflow.status import STATUS

from requests_flow import services, workflow
from requests_flow.choices import Channel, IdDocumentType, ProvisionForm, Role
from requests_flow.flows import InformationRequestFlow as Flow
from requests_flow.models import InformationRequest
from tests.backoffice.support import TO_STATE, advance, reload
from tests.helpers import CITIZEN_ID, grant, request_data

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def jpeg_bytes(comment: bytes = b"") -> bytes:
    """A 1x1 JPEG made by Pillow; re-encoding it gives back the same bytes."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 30, 30)).save(out, "JPEG", comment=comment)
    return out.getvalue()


# A real image: uploads are decoded and re-encoded (requests_flow/upload_checks.py).
JPEG = jpeg_bytes()

HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    + _png_chunk(b"IEND", b"")
)


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(agency, /, **overrides) -> dict:
    """Every field of the online form (DOMAIN §2) as a browser posts it, for an individual."""
    values = {
        "token": "form-token-1",
        "agency": str(agency.pk),
        "requester_kind": "individual",
        "requester_name": "Nguyễn Thị Hoa",
        "requester_address": "Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang",
        "id_document_type": IdDocumentType.CCCD.value,
        "id_number": CITIZEN_ID,
        "phone": "0912 345 678",
        "fax": "0207 3822 123",
        "email": "hoa@example.vn",
        "represented_person": "",
        "representative_capacity": "",
        "organisation_name": "",
        "members_text": "",
        "information_requested": "Quyết định số 15/QĐ-UBND ngày 10/01/2025 về quy hoạch đất",
        "provision_form": ProvisionForm.PAPER_COPY.value,
        "copies": "2",
        "reason_purpose": "Tìm hiểu quyền lợi của gia đình về đất ở",
    }
    values.update(overrides)
    return values


def staff_of(agency, officer, head, leader) -> dict:
    grant(officer, agency, Role.FOCAL_OFFICER)
    grant(head, agency, Role.FOCAL_HEAD)
    grant(leader, agency, Role.LEADER)
    return {"officer": officer, "head": head, "leader": leader}


def filed_online(agency, citizen, **data) -> InformationRequest:
    """A request the citizen filed on the portal, its process waiting at the validity review."""
    return workflow.submit_request(
        agency=agency,
        data=request_data(**data),
        channel=Channel.ELECTRONIC,
        actor=citizen,
        requester_user=citizen,
    )


def walk_in(agency, officer, **data) -> InformationRequest:
    """A request brought to the office and entered by the officer (no account)."""
    request = services.request_receive(
        agency=agency, data=request_data(**data), channel=Channel.IN_PERSON, actor=officer
    )
    workflow.start_process(request)
    return request


def provide_with_file(request, staff: dict, file=("ket-qua.pdf", PDF)) -> InformationRequest:
    """The handle step (request in progress): the officer attaches the file, records the secrecy
    review and drafts the provision; the leader approves."""
    officer = staff["officer"]

    def handle(r):
        r = services.request_record_handling(
            request=r, actor=officer, secrecy_reviewed=True, files=[file]
        )
        return services.request_submit_decision(
            request=r, actor=officer, kind="provide", summary="Cung cấp bản sao quyết định."
        )

    workflow.perform_task(request=request, node=Flow.handle, user=officer, perform=handle)
    return advance(request, staff, "approve")


def to_state(request, staff: dict, state: str, file=("ket-qua.pdf", PDF)) -> InformationRequest:
    """Bring a fresh request to `state` through the workflow; on the way to provided the officer
    attaches `file` as the information provided."""
    if state != "provided" or file is None:
        return advance(request, staff, *TO_STATE[state])
    return provide_with_file(advance(request, staff, "accept", "assign", "classify"), staff, file)


def open_task_names(request) -> list[str]:
    process = reload(request).process
    return sorted(t.flow_task.name for t in process.task_set.filter(status__in=OPEN))


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()
