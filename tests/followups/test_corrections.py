"""A request for correction of the information provided (Law 104 Art. 32(2)) is a tracked
sub-process: its milestone comes from the request's rule set (15 days, moved to the next working
day), the officer's answer goes out as a letter citing the rule set's article, or, for the 2026
law whose article is not confirmed, the law's name alone; the letter's issue by the clerk meets
the milestone (DOMAIN §7.1)."""

from datetime import date

import pytest
from django.utils import translation

from notifications.models import MilestoneAlert, Notification
from requests_flow import services
from requests_flow.models import (
    CORRECTION_MILESTONE,
    CorrectionAnswer,
    InformationRequest,
    LetterKind,
    RequestEvent,
    RuleSet,
)
from requests_flow.selectors import milestone_explanation
from requests_flow.services.errors import ActionNotAllowed, InvalidInput, NotPermitted
from requests_flow.statistics import state_counts
from requests_flow.sweep import sweep_deadlines

from .support import LAW_104_ART_32_2, LAW_2026, PDF, at, letter_text

pytestmark = pytest.mark.django_db
CONTESTED = "Bản sao thiếu trang 3 của Quyết định số 15/QĐ-UBND."
ANSWER = "Cơ quan gửi lại bản sao đầy đủ 12 trang của Quyết định số 15/QĐ-UBND."


def ask(request, citizen, when):
    return services.correction_request(request=request, actor=citizen, text=CONTESTED, now=when)


def provided_on(desk, day: int | date):
    """Provision approved on `day` and its letters issued by the clerk at 17:00: the requester
    has the information (and the provision's deadline is met) only then."""
    return desk.issue(desk.provided(day), day)


def test_the_milestone_is_15_days_moved_to_the_next_working_day(desk, citizen):
    provided = provided_on(desk, 10)
    # Friday 13/3/2026 + 15 days = Saturday 28/3: the period ends on Monday 30/3 (Civil Code
    # Art. 148(5)); the day of receipt is not counted (Art. 147(2)).
    correction = ask(provided, citizen, at(13, 11))
    milestone = correction.milestone
    assert (milestone.kind, milestone.due_date) == (CORRECTION_MILESTONE, date(2026, 3, 30))
    assert milestone.basis == LAW_104_ART_32_2
    row = InformationRequest.objects.get(pk=provided.pk)
    assert row.next_due == date(2026, 3, 30)
    event = RequestEvent.objects.filter(request=row, action="correction_requested").get()
    assert (event.reason, event.legal_basis) == (CONTESTED, LAW_104_ART_32_2)
    with translation.override("en"):
        why = " ".join(milestone_explanation(milestone))
    assert "13/03/2026" in why and "30/03/2026" in why and LAW_104_ART_32_2 in why
    assert "Civil Code Art. 148(5)" in why


def test_only_after_provision_by_the_requester_or_an_officer_one_at_a_time(
    desk, citizen, other_citizen, officer
):
    handled = desk.in_progress(9)
    with pytest.raises(ActionNotAllowed):
        ask(handled, citizen, at(9, 12))
    approved = desk.provided(10)  # approved, its cover letter not issued: nothing sent yet
    with pytest.raises(InvalidInput) as unsent:
        ask(approved, citizen, at(10, 15))
    assert "chưa được ban hành" in unsent.value.errors["text"]
    provided = desk.issue(approved, 10)
    with pytest.raises(NotPermitted):
        ask(provided, other_citizen, at(11))
    with pytest.raises(InvalidInput) as empty:
        services.correction_request(request=provided, actor=citizen, text="  ", now=at(11))
    assert set(empty.value.errors) == {"text"}
    # Entered by the officer for a requester who wrote by post.
    ask(provided, officer, at(11))
    with pytest.raises(InvalidInput) as twice:
        ask(provided, citizen, at(12))
    assert set(twice.value.errors) == {"text"}
    assert provided.corrections.count() == 1


def test_the_citizen_statement_on_the_portal_starts_the_same_sub_process(desk, citizen):
    provided = provided_on(desk, 10)
    services.request_record_citizen_event(
        request=provided, actor=citizen, action="correction_requested", text=CONTESTED, now=at(11)
    )
    correction = provided.corrections.get()
    assert correction.milestone.due_date == date(2026, 3, 26)  # Wed 11/3 + 15 = Thu 26/3


def test_the_answer_meets_the_milestone_and_its_letter_cites_article_32(
    desk, citizen, officer, tmp_path
):
    provided = provided_on(desk, 10)
    correction = ask(provided, citizen, at(11))
    answered = services.correction_answer(
        correction=correction,
        actor=officer,
        answer=CorrectionAnswer.CORRECTED,
        text=ANSWER,
        files=[("quyet-dinh-15.pdf", PDF)],
        now=at(16, 9),
    )
    assert [f.name for f in answered.files.all()] == ["quyet-dinh-15.pdf"]
    assert (answered.letter.kind, answered.letter.status) == (LetterKind.CORRECTION, "draft")
    # Answered, not yet sent: the milestone is met when the clerk issues the letter.
    assert answered.milestone.met_at is None
    assert InformationRequest.objects.get(pk=provided.pk).next_due == date(2026, 3, 26)
    desk.issue(provided, 16, 11)
    answered.milestone.refresh_from_db()
    assert answered.milestone.met_at == at(16, 11)
    row = InformationRequest.objects.get(pk=provided.pk)
    assert row.next_due is None
    event = RequestEvent.objects.filter(request=row, action="correction_answer").get()
    assert event.data["letter"] == answered.letter.pk and event.legal_basis == LAW_104_ART_32_2
    text = letter_text(answered.letter, tmp_path)
    assert "Về việc trả lời yêu cầu cung cấp lại thông tin chính xác" in text
    assert CONTESTED in text and ANSWER in text and "quyet-dinh-15.pdf" in text
    assert f"Căn cứ {LAW_104_ART_32_2}" in text
    with pytest.raises(InvalidInput):  # answered once
        services.correction_answer(
            correction=correction, actor=officer, answer="accurate", text="Đúng.", now=at(17)
        )


def test_a_reasoned_reply_and_the_answers_checks(desk, citizen, officer, supervisor, tmp_path):
    correction = ask(provided_on(desk, 10), citizen, at(11))
    with pytest.raises(InvalidInput) as wrong:
        services.correction_answer(
            correction=correction, actor=officer, answer="maybe", text="", now=at(12)
        )
    assert set(wrong.value.errors) == {"answer", "text"}
    with pytest.raises(InvalidInput) as files:
        services.correction_answer(
            correction=correction,
            actor=officer,
            answer=CorrectionAnswer.ACCURATE,
            text="Đúng.",
            files=[("a.pdf", PDF)],
            now=at(12),
        )
    assert set(files.value.errors) == {"files"}
    with pytest.raises(NotPermitted):
        services.correction_answer(
            correction=correction, actor=supervisor, answer="accurate", text="x", now=at(12)
        )
    reason = "Bản sao đã cung cấp đúng với bản gốc lưu tại cơ quan, đủ 12 trang."
    answered = services.correction_answer(
        correction=correction, actor=officer, answer="accurate", text=reason, now=at(12)
    )
    text = letter_text(answered.letter, tmp_path)
    assert "Thông tin đã cung cấp là chính xác" in text and reason in text


def test_the_2026_law_letter_cites_the_laws_name_and_no_article(desk, citizen, officer, tmp_path):
    monday = date(2026, 9, 7)
    provided = desk.provide(desk.handle(desk.receive(at(monday, 9)), monday), monday)
    provided = desk.issue(provided, monday)
    correction = ask(provided, citizen, at(date(2026, 9, 8)))
    assert correction.milestone.due_date == date(2026, 9, 23)  # Tue 8/9 + 15 days: a Wednesday
    assert correction.milestone.basis == LAW_2026
    answered = services.correction_answer(
        correction=correction,
        actor=officer,
        answer="corrected",
        text=ANSWER,
        now=at(date(2026, 9, 9)),
    )
    text = letter_text(answered.letter, tmp_path)
    assert f"Căn cứ {LAW_2026}" in text and ANSWER in text
    assert "2016" not in text and "Điều" not in text  # no borrowed article of Law 104


def test_alerts_while_due_even_though_the_request_is_closed(desk, citizen, officer, head):
    provided = provided_on(desk, 10)
    correction = ask(provided, citizen, at(11))  # due Thursday 26/3
    sweep_deadlines(now=at(25, 8))
    alert = MilestoneAlert.objects.get(milestone=correction.milestone)
    assert alert.level == MilestoneAlert.Level.DUE_SOON
    told = Notification.objects.filter(kind="deadline_due_soon", request=provided)
    assert {n.recipient_id for n in told} >= {officer.pk, head.pk}
    sweep_deadlines(now=at(27, 8))
    assert MilestoneAlert.objects.filter(
        milestone=correction.milestone, level=MilestoneAlert.Level.OVERDUE
    ).exists()
    services.correction_answer(
        correction=correction, actor=officer, answer="accurate", text="Đúng.", now=at(27, 9)
    )
    # The answer's letter waits for the clerk: the correction is still overdue.
    assert sweep_deadlines(now=at(27, 10))["overdue"] == 1
    desk.issue(provided, 27, 11)
    assert sweep_deadlines(now=at(30, 8))["overdue"] == 0


def test_an_open_correction_does_not_make_the_answered_request_late(desk, citizen):
    approved = desk.provided(10)
    # Approved but not issued, the answer has not reached the requester: not (yet) on time.
    assert state_counts(InformationRequest.objects.filter(pk=approved.pk))["on_time"] == 0
    provided = desk.issue(approved, 10)
    on_time = state_counts(InformationRequest.objects.filter(pk=provided.pk))["on_time"]
    ask(provided, citizen, at(11))
    assert (
        state_counts(InformationRequest.objects.filter(pk=provided.pk))["on_time"] == on_time == 1
    )


def test_a_calendar_change_moves_an_open_corrections_date(desk, citizen, admin_user):
    correction = ask(provided_on(desk, 10), citizen, at(11))  # due Thursday 26/3
    moved = services.calendar_override_save(
        actor=admin_user,
        day=date(2026, 3, 26),
        kind="day_off",
        reason="Nghỉ bù theo thông báo",
        legal_basis="Thông báo số 01/TB-BNV",
        now=at(12),
    )[1]
    correction.milestone.refresh_from_db()
    assert moved == 1 and correction.milestone.due_date == date(2026, 3, 27)
    event = RequestEvent.objects.get(request=correction.request, action="deadline_recomputed")
    assert event.data == {"moved": {CORRECTION_MILESTONE: ["2026-03-26", "2026-03-27"]}}


def test_a_rule_set_without_the_period_refuses_with_a_message(desk, citizen):
    provided = provided_on(desk, 10)
    rule_set = provided.rule_set
    rule_set.rules = {k: v for k, v in rule_set.rules.items() if k != "correction"}
    RuleSet.objects.filter(pk=rule_set.pk).update(rules=rule_set.rules)
    with translation.override("en"), pytest.raises(InvalidInput) as missing:
        ask(provided, citizen, at(11))
    assert "an administrator must add it" in missing.value.errors["text"]
    assert not provided.corrections.exists()
