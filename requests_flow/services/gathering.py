"""Gathering the information: coordination notes, the secrecy review and the response files
(Law Art. 9; Decree 13 Art. 7: content under Art. 6 is removed before release)."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import InformationRequest, ResponseFile
from .core import atomic, run_update
from .errors import InvalidInput

MAX_FILE_BYTES = 20 * 1024 * 1024


def store_response_files(request, files, actor, now, **extra) -> list[dict]:
    """Save files prepared for the requester (`extra`: e.g. the correction they answer); the
    audit row's details: each file's name and checksum."""
    stored = []
    for name, data in files:
        row = ResponseFile(
            request=request,
            name=name[:255],
            sha256=ResponseFile.checksum(data),
            uploaded_by=actor,
            uploaded_at=now,
            **extra,
        )
        row.file.save(name, ContentFile(data), save=False)
        row.save()
        stored.append({"name": row.name, "sha256": row.sha256})
    return stored


@atomic
def request_record_handling(
    *,
    request: InformationRequest,
    actor,
    coordination_note: str = "",
    secrecy_reviewed: bool = False,
    files: list[tuple[str, bytes]] | None = None,
    now: datetime | None = None,
) -> InformationRequest:
    """Append a coordination note, record the secrecy review, attach response files."""
    now = now or timezone.now()
    files = files or []
    if not (coordination_note.strip() or secrecy_reviewed or files):
        raise InvalidInput({"coordination_note": _("Record a note, the secrecy review or a file.")})
    for name, data in files:
        if not data or len(data) > MAX_FILE_BYTES:
            raise InvalidInput(
                {"files": _("“%(name)s” is empty or larger than 20 MB.") % {"name": name}}
            )

    def apply(r: InformationRequest) -> dict:
        details: dict = {}
        if coordination_note.strip():
            stamp = timezone.localtime(now).strftime("%d/%m/%Y %H:%M")
            entry = f"[{stamp} {actor.display_name}] {coordination_note.strip()}"
            r.coordination_notes = "\n".join(filter(None, [r.coordination_notes, entry]))
            details["note"] = True
        if secrecy_reviewed and r.secrecy_reviewed_at is None:
            r.secrecy_reviewed_at, r.secrecy_reviewed_by = now, actor
            details["secrecy_reviewed"] = True
        if files:
            details["files"] = store_response_files(r, files, actor, now)
        return details

    return run_update(
        request=request,
        actor=actor,
        action="record_handling",
        apply=apply,
        now=now,
        reason=coordination_note,
    )
