"""The officer's pages for complaints and lawsuits (Law 104 Art. 14) and for the request for
correction (Art. 32): reached from the request's page by those with the role, a wrong form comes
back in Vietnamese with what was typed, a right one writes through the service."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_flow import services
from requests_flow.models import Complaint, CorrectionRequest, LetterKind
from tests.helpers import make_user, member, signed_in
from tests.letters.lifecycle import issue_all, issue_letter
from tests.portal.support import HTML_AS_PDF, PDF

from .support import NS, TO_STATE, advance, process_of, reload
from .test_forms import in_vietnamese

pytestmark = pytest.mark.django_db


def page(name: str, request) -> str:
    return reverse(f"{NS}:{name}", args=[process_of(request).pk])


def detail(request) -> str:
    return reverse(f"{NS}:process_detail", args=[process_of(request).pk])


@pytest.fixture
def provided(submit, staff):
    """Provided and sent: the cover letter issued by the clerk (a correction needs it)."""
    info = advance(submit(), staff, *TO_STATE["provided"])
    issue_all(info)
    return reload(info)


def test_a_complaint_recorded_while_received_and_its_outcome(submit, bo_officer):
    r = submit()
    client = signed_in(bo_officer)
    assert page("complaint_record", r) in client.get(detail(r)).content.decode()
    typed = {"kind": "lawsuit", "filed_on": "2030-01-01", "summary": "Khởi kiện tại Tòa án."}
    response = client.post(page("complaint_record", r), typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert in_vietnamese("The date cannot be in the future.") in html
    assert "Khởi kiện tại Tòa án." in html and 'value="2030-01-01"' in html
    assert not Complaint.objects.exists()
    typed["filed_on"] = date.today().isoformat()
    response = client.post(page("complaint_record", r), typed)
    assert response.status_code == 302 and response["Location"] == detail(r)
    complaint = Complaint.objects.get()
    assert (complaint.kind, complaint.request_id) == ("lawsuit", r.pk)
    html = client.get(detail(r)).content.decode()
    assert page("complaint_outcome", r) in html and "Khởi kiện tại Tòa án." in html
    response = client.post(
        page("complaint_outcome", r),
        {"complaint": complaint.pk, "outcome": "for_requester", "outcome_on": ""},
    )
    assert in_vietnamese("This field is required.") in response.content.decode()
    response = client.post(
        page("complaint_outcome", r),
        {"complaint": complaint.pk, "outcome": "for_requester", "outcome_on": typed["filed_on"]},
    )
    assert response.status_code == 302
    assert Complaint.objects.get().outcome == "for_requester"
    # Nothing awaits an outcome any more: the page is gone, and so is its link.
    assert client.get(page("complaint_outcome", r)).status_code == 404
    assert page("complaint_outcome", r) not in client.get(detail(r)).content.decode()


def test_the_supervisor_may_read_but_not_record(submit, agency, role_groups, django_user_model):
    r = submit()
    supervisor = member(make_user(django_user_model, "gs", "Giám Sát"), agency, "supervisor")
    client = signed_in(supervisor)
    assert page("complaint_record", r) not in client.get(detail(r)).content.decode()
    assert client.get(page("complaint_record", r)).status_code == 403


def test_the_officer_records_and_answers_a_correction(provided, bo_officer, citizen):
    client = signed_in(bo_officer)
    assert client.get(page("correction_answer", provided)).status_code == 404
    html = client.get(detail(provided)).content.decode()
    assert page("correction_request", provided) in html
    response = client.post(page("correction_request", provided), {"text": "Sai số liệu."})
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    html = client.get(detail(provided)).content.decode()
    assert page("correction_answer", provided) in html
    assert correction.milestone.due_date.strftime("%d/%m/%Y") in html
    answer = page("correction_answer", provided)
    typed = {"answer": "corrected", "text": "Số liệu đúng là 1.250 hộ."}
    bad_file = SimpleUploadedFile("so-lieu.pdf", HTML_AS_PDF, content_type="application/pdf")
    response = client.post(answer, {**typed, "files": bad_file})
    assert response.status_code == 200
    assert "Số liệu đúng là 1.250 hộ." in response.content.decode()
    assert response.context["form"].errors["files"]
    assert not reload(provided).letters.filter(kind=LetterKind.CORRECTION).exists()
    response = client.post(answer, {"answer": "", "text": "Số liệu đúng là 1.250 hộ."})
    assert in_vietnamese("This field is required.") in response.content.decode()
    good_file = SimpleUploadedFile("so-lieu.pdf", PDF, content_type="application/pdf")
    response = client.post(answer, {**typed, "files": good_file})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.answer == "corrected" and correction.letter.kind == LetterKind.CORRECTION
    assert [f.name for f in correction.files.all()] == ["so-lieu.pdf"]
    assert client.get(answer).status_code == 404


def test_a_requester_asks_on_the_portal_and_reads_the_answer(provided, bo_officer, citizen):
    client = signed_in(citizen)
    mine = reverse("portal:detail", args=[provided.tracking_code])
    ask = reverse("portal:statement", args=[provided.tracking_code, "correction_requested"])
    response = client.post(ask, {"text": "   "})
    assert response.status_code == 200
    response = client.post(ask, {"text": "Bản sao thiếu trang 3."})
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    response = client.post(ask, {"text": "Lần nữa: thiếu trang 3."})
    html = response.content.decode()
    assert in_vietnamese("An earlier request for correction is still being answered.") in html
    assert "Lần nữa: thiếu trang 3." in html  # kept as typed
    html = client.get(mine).content.decode()
    assert correction.milestone.due_date.strftime("%d/%m/%Y") in html
    services.correction_answer(
        correction=correction, actor=bo_officer, answer="accurate", text="Bản sao đủ 12 trang."
    )
    html = client.get(mine).content.decode()
    assert "Bản sao đủ 12 trang." in html
    letter_name = in_vietnamese("Answer to a request for correction")
    assert letter_name not in html  # its letter is a draft until the clerk issues it
    correction.refresh_from_db()
    issue_letter(correction.letter)
    assert letter_name in client.get(mine).content.decode()
