"""One-time access codes to the provided information (Law Art. 30(2)(b)): an officer of the
request's agency issues one (the back office shows it once), anyone holding it opens the files
once (the portal). Only the code's hash is stored, and the audit row never holds the code."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..choices import State
from ..models import AccessCode, InformationRequest
from ..permissions import is_officer_of
from .core import action_label, atomic, lock_request, record_event
from .errors import ActionNotAllowed

ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@atomic
def access_code_issue(*, request: InformationRequest, actor, hours: int | None = None) -> str:
    """A new one-time code for the request's provided files, issued by an officer of its agency
    (anyone else: PermissionDenied), with an audit row "issue_access_code" saying who and until
    when. Returns the code, which is stored nowhere."""
    if not is_officer_of(actor, request.agency_id):
        raise PermissionDenied
    current = lock_request(request.pk)
    if current.state != State.PROVIDED:
        raise ActionNotAllowed(action_label("issue_access_code"), State(current.state).label)
    code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(12))
    now = timezone.now()
    expires_at = now + timedelta(hours=hours or settings.PORTAL_ACCESS_CODE_HOURS)
    AccessCode.objects.create(
        request=current, code_hash=AccessCode.hash(code), expires_at=expires_at
    )
    record_event(
        current,
        actor=actor,
        action="issue_access_code",
        from_state=current.state,
        at=now,
        data={"expires_at": expires_at.isoformat()},
    )
    return code


@atomic
def access_code_use(code: str) -> AccessCode | None:
    """Use a code once: its row (with its request), or None (unknown, used or expired)."""
    row = (
        AccessCode.objects.select_for_update()
        .select_related("request")
        .filter(code_hash=AccessCode.hash(code))
        .first()
    )
    if row is None or row.used_at is not None or row.expires_at <= timezone.now():
        return None
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return row
