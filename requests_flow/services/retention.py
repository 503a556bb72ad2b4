"""Retention (DOMAIN §8; Law 91/2025/QH15: personal data kept no longer than needed). When a
request has been closed for longer than TIEPCAN_RETENTION_YEARS, its personal data is erased:
the requester's identity and contact, the person represented, the members, the files they sent
and the names in its letters. What the register, the report of Decree 13 Art. 12 and the public
statistics count is kept: agency, register number, dates, channel, state, complexity,
milestones, decisions, costs and the audit trail (which holds no ID number or address)."""

from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..choices import FINAL_STATES
from ..models import InformationRequest, Letter, RequestAttachment, RequestMember
from .core import atomic, lock_request, record_event

ERASED = ""
# The request's own fields that identify or reach the person (reason and purpose too: it tells
# why this person wanted the information). The information requested is kept: it is what the
# register and the agency's records are about.
PERSONAL_FIELDS = (
    "requester_name",
    "requester_address",
    "id_number",
    "phone",
    "fax",
    "email",
    "represented_person",
    "representative_capacity",
    "reason_purpose",
)


def retention_cutoff(today: date | None = None, years: int | None = None) -> date:
    """The day before which a closed request's personal data must be gone."""
    today = today or timezone.localdate()
    years = settings.TIEPCAN_RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def expired_requests(before: date) -> QuerySet[InformationRequest]:
    """Closed before `before` (local midnight), not yet anonymised."""
    start = timezone.make_aware(datetime.combine(before, time.min))
    return InformationRequest.objects.filter(
        state__in=FINAL_STATES, closed_at__lt=start, anonymised_at__isnull=True
    ).order_by("pk")


def _redact(value, secrets: list[str]):
    """Every string in a letter's stored content with the person's details cut out."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "…")
        return value
    if isinstance(value, list | tuple):
        return [_redact(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _redact(v, secrets) for k, v in value.items()}
    return value


def _erase_files(request: InformationRequest, secrets: list[str]) -> dict[str, list]:
    """Blank the file fields (attachments, consent, letters' PDFs); the storage names to delete
    once the erasure commits, by storage."""
    doomed: dict = {}
    attachments = RequestAttachment.objects.filter(request=request).exclude(file="")
    for row in attachments:
        doomed.setdefault(row.file.storage, []).append(row.file.name)
    attachments.update(file="")
    RequestAttachment.objects.filter(request=request).update(name=ERASED)
    if request.consent_document:
        doomed.setdefault(request.consent_document.storage, []).append(
            request.consent_document.name
        )
        request.consent_document = ""
    for letter in Letter.objects.filter(request=request):
        if letter.file:
            doomed.setdefault(letter.file.storage, []).append(letter.file.name)
        letter.content = _redact(letter.content, secrets)
        letter.file = ""
        letter.save(update_fields=["content", "file"])
    return doomed


def _delete_after_commit(doomed: dict) -> None:
    def delete() -> None:
        for storage, names in doomed.items():
            for name in names:
                storage.delete(name)

    transaction.on_commit(delete)


@atomic
def request_anonymise(
    *, request: InformationRequest, actor=None, now: datetime | None = None
) -> bool:
    """Erase one closed request's personal data; False when there is nothing to do (still open,
    or done before). The audit row says how much was erased, never what."""
    now = now or timezone.now()
    current = lock_request(request.pk)
    if current.anonymised_at is not None or current.state not in FINAL_STATES:
        return False
    secrets = [
        s
        for s in (current.requester_name, current.requester_address, current.email)
        if len(s.strip()) >= 3
    ]
    doomed = _erase_files(current, secrets)
    members = RequestMember.objects.filter(request=current)
    member_count = members.update(full_name=ERASED, id_number=ERASED, id_number_hash="")
    members.update(reason_purpose=ERASED)
    for name in PERSONAL_FIELDS:
        setattr(current, name, ERASED)
    current.requester_user = None
    current.anonymised_at = now
    current.save()
    record_event(
        current,
        actor=actor,
        action="anonymise",
        from_state=current.state,
        at=now,
        legal_basis="Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
        data={
            "members": member_count,
            "files_deleted": sum(len(v) for v in doomed.values()),
            "retention_years": settings.TIEPCAN_RETENTION_YEARS,
        },
    )
    _delete_after_commit(doomed)
    return True
