"""Complaints and lawsuits (Law 104 Art. 14) are recorded by the agency's focal officers in any
state after submission, their outcome later; the Decree 13 Art. 12(4)(b) report counts those
resolved (for or against the requester) as resolved, and the others apart."""

import io
from datetime import date

import pytest
from django.utils import translation
from pypdf import PdfReader

from requests_flow import services
from requests_flow.actions import CITIZEN_TIMELINE
from requests_flow.choices import State
from requests_flow.models import ComplaintOutcome, RequestEvent
from requests_flow.register.pdf import register_pdf
from requests_flow.register.report import report_figures
from requests_flow.register.rows import register_rows
from requests_flow.register.scope import Period
from requests_flow.services.errors import InvalidInput, NotPermitted

from .support import LAW_2026, at

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def record(request, officer, day=date(2026, 3, 12), kind="complaint", when=None):
    return services.complaint_record(
        request=request,
        actor=officer,
        kind=kind,
        filed_on=day,
        summary="Khiếu nại gửi Chủ tịch UBND tỉnh.",
        now=when or at(12, 15),
    )


def outcome(complaint, officer, value, day=date(2026, 3, 20)):
    return services.complaint_record_outcome(
        complaint=complaint, actor=officer, outcome=value, outcome_on=day, now=at(20, 15)
    )


@pytest.mark.parametrize("state", ["received", "needs_supplement", "accepted", "assigned"])
def test_recordable_before_the_handling_begins(desk, officer, head, state):
    r = desk.receive(at(2, 9))
    if state == "needs_supplement":
        r = services.request_ask_supplement(
            request=r, actor=officer, missing_items=["Số hiệu"], now=at(2, 10)
        )
    if state in ("accepted", "assigned"):
        r = services.request_accept(request=r, actor=officer, now=at(2, 10))
    if state == "assigned":
        r = services.request_assign(request=r, actor=head, officer=officer, now=at(2, 11))
    assert r.state == state
    complaint = record(r, officer)
    assert complaint.outcome == "" and complaint.recorded_by == officer
    event = RequestEvent.objects.get(request=r, action="complaint_record")
    assert event.data == {"complaint": complaint.pk, "kind": "complaint", "filed_on": "2026-03-12"}
    assert event.legal_basis == "Điều 14 Luật Tiếp cận thông tin số 104/2016/QH13"
    assert event.from_state == event.to_state == state
    assert "complaint_record" in CITIZEN_TIMELINE and "complaint_outcome" in CITIZEN_TIMELINE


def test_and_after_the_request_is_closed(desk, officer):
    for closed in (desk.provided(3), desk.refused(3), desk.withdrawn(3)):
        assert closed.state in (State.PROVIDED, State.REFUSED, State.WITHDRAWN)
        record(closed, officer)
    assert RequestEvent.objects.filter(action="complaint_record").count() == 3


def test_what_is_checked(desk, officer, citizen, supervisor):
    r = desk.receive(at(2, 9))
    with pytest.raises(InvalidInput) as wrong:
        services.complaint_record(
            request=r, actor=officer, kind="petition", filed_on=date(2026, 3, 13), now=at(12)
        )
    assert set(wrong.value.errors) == {"kind", "filed_on"}  # unknown kind; a future date
    with pytest.raises(InvalidInput) as early:
        record(r, officer, day=date(2026, 3, 1))  # before the request was received
    assert set(early.value.errors) == {"filed_on"}
    for nobody in (citizen, supervisor):
        with pytest.raises(NotPermitted):
            record(r, nobody)
    complaint = record(r, officer)
    with pytest.raises(InvalidInput) as before_filed:
        outcome(complaint, officer, ComplaintOutcome.FOR_REQUESTER, day=date(2026, 3, 11))
    assert set(before_filed.value.errors) == {"outcome_on"}
    with pytest.raises(NotPermitted):
        outcome(complaint, supervisor, ComplaintOutcome.FOR_REQUESTER)
    done = outcome(complaint, officer, ComplaintOutcome.AGAINST_REQUESTER)
    assert (done.outcome, done.outcome_on, done.resolved) == (
        "against_requester",
        date(2026, 3, 20),
        True,
    )
    with pytest.raises(InvalidInput) as again:
        outcome(complaint, officer, ComplaintOutcome.WITHDRAWN)
    assert set(again.value.errors) == {"outcome"}
    event = RequestEvent.objects.get(request=r, action="complaint_outcome")
    assert event.data["outcome"] == "against_requester" and event.data["outcome_on"] == "2026-03-20"


def test_the_2026_law_cites_its_name_alone(desk, officer):
    r = desk.receive(at(date(2026, 9, 7), 9))
    services.complaint_record(
        request=r,
        actor=officer,
        kind="lawsuit",
        filed_on=date(2026, 9, 8),
        now=at(date(2026, 9, 8)),
    )
    assert RequestEvent.objects.get(request=r, action="complaint_record").legal_basis == LAW_2026


def test_the_report_counts_resolved_ones_as_resolved(desk, officer, citizen):
    first, second, third = desk.provided(3), desk.refused(4), desk.receive(at(5, 9))
    outcome(record(first, officer), officer, ComplaintOutcome.FOR_REQUESTER)
    outcome(record(first, officer, kind="lawsuit"), officer, ComplaintOutcome.AGAINST_REQUESTER)
    outcome(record(second, officer), officer, ComplaintOutcome.WITHDRAWN)
    record(second, officer, kind="lawsuit")  # awaiting its outcome
    record(third, officer)
    desk.complain(third, 13)  # a requester's statement on the portal: not a record
    figures = report_figures(desk.agency, MARCH, today=date(2026, 3, 31))
    with translation.override("en"):
        lines = {label: value for label, value, _indent in figures.lines()}
    assert lines["Complaints and lawsuits resolved"] == 2
    assert lines["complaints resolved"] == 1 and lines["lawsuits resolved"] == 1
    assert lines["resolved in favour of the requester"] == 1
    assert lines["resolved against the requester"] == 1
    assert lines["Complaints and lawsuits recorded (resolved or not)"] == 5
    assert lines["withdrawn"] == 1 and lines["awaiting an outcome"] == 2
    assert lines["Complaints reported by requesters through the portal"] == 1


def test_the_register_shows_each_with_its_outcome(desk, officer):
    r = desk.refused(4)
    outcome(record(r, officer), officer, ComplaintOutcome.FOR_REQUESTER)
    record(r, officer, kind="lawsuit", day=date(2026, 3, 13), when=at(13, 15))
    with translation.override("vi"):
        [row] = register_rows(desk.agency.pk, MARCH)
        assert row.complaint == (
            "Khiếu nại ngày 12/03/2026: Giải quyết có lợi cho người yêu cầu ngày 20/03/2026; "
            "Khởi kiện ngày 13/03/2026: chưa có kết quả"
        )


def test_the_register_pdf_prints_them(desk, officer):
    r = desk.refused(4)
    outcome(record(r, officer), officer, ComplaintOutcome.AGAINST_REQUESTER)
    with translation.override("vi"):
        rows = register_rows(desk.agency.pk, MARCH)
        content = register_pdf(
            rows, agency_name="Sở Tư pháp", period_text="Tháng 3/2026", printed_on=date(2026, 3, 31)
        )
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    # The cell wraps its text: compare without spaces and line breaks.
    assert "Khiếunạingày12/03/2026:Giảiquyếtkhôngcólợichongườiyêucầungày20/03/2026" in text
