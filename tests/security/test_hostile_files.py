"""Item 5 of issue #8, hostile files: every file of tests/security/hostile_files.py, one over the
size limit and one too many, through the online form, the completion form and the back office's
response-file upload: refused with a Vietnamese message, and nothing stored (no request, no
attachment or response-file row, no new file under MEDIA_ROOT, the request's state unchanged).
Names Django rewrites before the view are refused by requests_flow.uploads as typed."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from requests_flow.models import InformationRequest, RequestAttachment, ResponseFile
from requests_flow.services.gathering import MAX_FILE_BYTES
from requests_flow.uploads import UploadRejected, check_uploads
from tests.backoffice.support import Flow, take_open, url
from tests.helpers import signed_in
from tests.portal.support import PDF, filed_online, form_data, staff_of, to_state, upload
from tests.portal.test_uploads import RawUpload, pdf_of_size

from .actors import media_files
from .hostile_files import GOOD_PDF, HOSTILE_FILES, RAW_NAMES

pytestmark = pytest.mark.django_db

MAX_BYTES = 4096
VIETNAMESE = re.compile(r"[À-ỹđĐ]")


def cases(max_files: int, max_bytes: int) -> dict[str, list[tuple[str, bytes]]]:
    found = {case: [file] for case, file in HOSTILE_FILES.items()}
    found["one byte over the size limit"] = [("don.pdf", pdf_of_size(max_bytes + 1))]
    found["one file too many"] = [GOOD_PDF] * (max_files + 1)
    found["a good PDF with a hostile one"] = [GOOD_PDF, HOSTILE_FILES["PDF/HTML polyglot"]]
    return found


def stored() -> tuple:
    return (
        InformationRequest.objects.count(),
        RequestAttachment.objects.count(),
        ResponseFile.objects.count(),
        len(media_files()),
    )


def refused_with_message(response, form_key: str, field: str) -> bool:
    form = (response.context or {}).get(form_key)
    errors = form.errors.get(field, []) if form is not None else []
    page = response.content.decode()
    return (
        response.status_code == 200
        and bool(errors)
        and all(VIETNAMESE.search(e) and escape(e) in page for e in errors)
    )


@pytest.fixture
def limits(settings):
    settings.PORTAL_MAX_ATTACHMENT_BYTES = MAX_BYTES
    settings.PORTAL_MAX_ATTACHMENTS = 2
    settings.PORTAL_SUBMIT_LIMIT = 10**6


def test_hostile_files_are_refused_everywhere_and_nothing_is_stored(
    limits, agency, citizen, officer, head, leader, capsys
):
    staff = staff_of(agency, officer, head, leader)
    waiting = to_state(filed_online(agency, citizen), staff, "needs_supplement")
    handling = to_state(filed_online(agency, citizen), staff, "in_progress")
    citizen_client, officer_client = signed_in(citizen), signed_in(staff["officer"])
    task = take_open(officer_client, handling, Flow.handle)
    routes = {
        "online form": lambda files: citizen_client.post(
            reverse("portal:submit"),
            form_data(agency, attachments=[upload(n, d) for n, d in files]),
        ),
        "completion": lambda files: citizen_client.post(
            reverse("portal:supplement", args=[waiting.tracking_code]),
            {"answer": "Số hiệu 15/QĐ-UBND", "attachments": [upload(n, d) for n, d in files]},
        ),
        "response file": lambda files: officer_client.post(
            url(task, "execute"), {"action": "record", "files": upload(*files[0])}
        ),
    }
    where = {
        "online form": ("form", "attachments"),
        "completion": ("supplement_form", "attachments"),
        "response file": ("form", "files"),
    }
    before, states = stored(), (waiting.state, handling.state)
    tried, refused, not_refused = 0, 0, []
    for route, post in routes.items():
        max_files, max_bytes = (1, MAX_FILE_BYTES) if route == "response file" else (2, MAX_BYTES)
        for case, files in cases(max_files, max_bytes).items():
            if route == "response file" and len(files) > 1:
                continue  # one file per post there: the form has a single file field
            tried += 1
            if refused_with_message(post(files), *where[route]):
                refused += 1
            else:
                not_refused.append(f"{route}: {case}")
            assert stored() == before, f"{route}: {case} stored something"
    waiting.refresh_from_db()
    handling.refresh_from_db()
    assert (waiting.state, handling.state) == states
    with capsys.disabled():
        print(
            f"\nhostile files: tried {tried}, refused {refused}, stored {stored()[1] - before[1]}"
        )
    assert not not_refused, not_refused
    assert len(HOSTILE_FILES) >= 40


@pytest.mark.parametrize("name", RAW_NAMES)
def test_names_as_typed_are_refused(name):
    with pytest.raises(UploadRejected):
        check_uploads([RawUpload(name, PDF)])


def test_good_files_still_pass_every_route(limits, agency, citizen, officer, head, leader):
    """The checks refuse what they must and nothing more: the same routes accept a real PDF."""
    staff = staff_of(agency, officer, head, leader)
    handling = to_state(filed_online(agency, citizen), staff, "in_progress")
    client = signed_in(staff["officer"])
    task = take_open(client, handling, Flow.handle)
    response = client.post(url(task, "execute"), {"action": "record", "files": upload(*GOOD_PDF)})
    assert response.status_code == 302
    assert handling.files.get().name == "don.pdf"
    answer = signed_in(citizen).post(
        reverse("portal:submit"), form_data(agency, attachments=[upload(*GOOD_PDF)])
    )
    assert answer.status_code == 302
