"""The requester's request for correction of the information provided (Law 104 Art. 32(2); the
2026 law's equivalent when confirmed): a tracked sub-process after provision. It gets its own
milestone from the request's rule set, an officer's answer (corrected information, with files,
or a reasoned reply that the information was accurate) and a letter carrying the answer."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import limits
from ..choices import State
from ..deadlines import correction_due
from ..models import (
    CORRECTION_MILESTONE,
    CorrectionAnswer,
    CorrectionRequest,
    InformationRequest,
    LetterKind,
    LetterStatus,
    Milestone,
)
from ..permissions import can_act
from ..rulesets import rules_from_model
from ..workdays import load_calendar
from .core import action_label, atomic, last_actor_name, lock_request, record_event, rules_for
from .errors import ActionNotAllowed, InvalidInput, NotPermitted
from .gathering import MAX_FILE_BYTES, store_response_files
from .handling import refresh_next_due
from .letter_life import letter_draft

CORRECTION_TEXT = 5000


@atomic
def correction_request(
    *, request: InformationRequest, actor, text: str, now: datetime | None = None
) -> CorrectionRequest:
    """Record the request for correction and start its milestone (the requester, or an officer
    entering what the requester sent)."""
    now = now or timezone.now()
    text = text.strip()
    if not text:
        raise InvalidInput({"text": _("Write which information is inaccurate and why.")})
    if message := limits.too_long(text, CORRECTION_TEXT):
        raise InvalidInput({"text": message})
    current = lock_request(request.pk)
    if not can_act(actor, current, "correction_requested"):
        raise NotPermitted
    if current.state != State.PROVIDED:
        raise ActionNotAllowed(action_label("correction_requested"), State(current.state).label)
    if current.corrections.filter(answered_at__isnull=True).exists():
        raise InvalidInput(
            {"text": _("An earlier request for correction is still being answered.")}
        )
    if not current.letters.filter(kind=LetterKind.COVER, status=LetterStatus.ISSUED).exists():
        # Art. 32(2) corrects information provided: approved is not yet provided until the
        # clerk issues the cover letter that sends it.
        raise InvalidInput(
            {"text": _("The information has not been sent yet: its letter is not issued.")}
        )
    rules = rules_for(current)
    if rules is None or rules.correction is None:
        raise InvalidInput(
            {
                "text": _(
                    "This request's rule set has no period for answering a correction; "
                    "an administrator must add it."
                )
            }
        )
    due = correction_due(now, rules.correction, load_calendar())
    milestone = Milestone.objects.create(
        request=current, kind=CORRECTION_MILESTONE, due_date=due, basis=rules.correction.basis
    )
    correction = CorrectionRequest.objects.create(
        request=current, text=text, received_at=now, requested_by=actor, milestone=milestone
    )
    refresh_next_due(current)
    current.save(update_fields=["next_due", "updated_at"])
    record_event(
        current,
        actor=actor,
        action="correction_requested",
        from_state=current.state,
        at=now,
        reason=text,
        legal_basis=milestone.basis,
        data={"correction": correction.pk, "due": due.isoformat()},
    )
    return correction


def _answer_errors(answer: str, text: str, files) -> dict[str, str]:
    errors: dict[str, str] = {}
    if answer not in CorrectionAnswer.values:
        errors["answer"] = _("Choose the answer.")
    if not text:
        errors["text"] = _(
            "Write the answer: the corrected information, or why the information provided was "
            "accurate."
        )
    elif message := limits.too_long(text, limits.OFFICER_TEXT):
        errors["text"] = message
    if files and answer == CorrectionAnswer.ACCURATE:
        errors["files"] = _("Attach files only when you provide corrected information.")
    for name, data in files:
        if not data or len(data) > MAX_FILE_BYTES:
            errors["files"] = _("“%(name)s” is empty or larger than 20 MB.") % {"name": name}
    return errors


def _store_files(correction: CorrectionRequest, files, actor, now) -> list[dict]:
    return store_response_files(correction.request, files, actor, now, correction=correction)


@atomic
def correction_answer(
    *,
    correction: CorrectionRequest,
    actor,
    answer: str,
    text: str,
    files: list[tuple[str, bytes]] | None = None,
    now: datetime | None = None,
) -> CorrectionRequest:
    """The officer's answer: meets the milestone and issues the answering letter. `files` are
    (name, bytes) already through the upload checks (requests_flow.uploads)."""
    now = now or timezone.now()
    text, files = text.strip(), files or []
    if errors := _answer_errors(answer, text, files):
        raise InvalidInput(errors)
    current = lock_request(correction.request_id)
    if not can_act(actor, current, "correction_answer"):
        raise NotPermitted
    row = CorrectionRequest.objects.select_related("milestone").get(pk=correction.pk)
    if row.answered_at is not None:
        raise InvalidInput(
            {"answer": _("%(who)s already answered it.") % {"who": last_actor_name(current.pk)}}
        )
    stored = _store_files(row, files, actor, now)
    # The answer's milestone is met when its letter is issued (services.letter_issue).
    row.answer, row.answer_text, row.answered_at, row.answered_by = answer, text, now, actor
    row.letter = letter_draft(
        request=current,
        kind=LetterKind.CORRECTION,
        actor=actor,
        now=now,
        extra=letter_facts(row, [f["name"] for f in stored]),
    )
    row.save()
    refresh_next_due(current)
    current.save(update_fields=["next_due", "updated_at"])
    record_event(
        current,
        actor=actor,
        action="correction_answer",
        from_state=current.state,
        at=now,
        reason=text,
        legal_basis=row.milestone.basis,
        data={"correction": row.pk, "answer": answer, "files": stored, "letter": row.letter.pk},
    )
    return row


def letter_facts(correction: CorrectionRequest, file_names: list[str]) -> dict:
    """What the answering letter says beyond the request's own facts (letters.content)."""
    return {
        "correction_requested_on": timezone.localdate(correction.received_at).isoformat(),
        "correction_text": correction.text,
        "correction_answer": correction.answer,
        "correction_answer_text": correction.answer_text,
        "correction_basis": correction.milestone.basis,
        "correction_files": file_names,
    }


def corrections_recompute(*, calendar, actor, reason: str, legal_basis: str, now) -> int:
    """After a calendar change, the due dates of the corrections not answered yet; returns how
    many moved. Their requests are closed (provided), so the recomputation of open requests
    (services.calendar) does not reach them. Runs in the caller's transaction."""
    moved = 0
    rows = (
        CorrectionRequest.objects.filter(answered_at__isnull=True)
        .select_related("milestone", "request__rule_set")
        .order_by("pk")
    )
    for row in rows:
        rule = rules_from_model(row.request.rule_set).correction
        if rule is None:
            continue
        before, after = row.milestone.due_date, correction_due(row.received_at, rule, calendar)
        if before == after:
            continue
        row.milestone.due_date = after
        row.milestone.save(update_fields=["due_date"])
        request = lock_request(row.request_id)
        refresh_next_due(request)
        request.save(update_fields=["next_due"])
        record_event(
            request,
            actor=actor,
            action="deadline_recomputed",
            from_state=request.state,
            at=now,
            reason=reason,
            legal_basis=legal_basis,
            data={"moved": {CORRECTION_MILESTONE: [before.isoformat(), after.isoformat()]}},
        )
        moved += 1
    return moved
