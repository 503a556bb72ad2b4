"""The only writer of the access log. Views call `access_record` before they send the page or the
file: if the row cannot be written, nothing is sent (an access is logged or does not happen)."""

from django.utils import timezone

from accounts.client import client_address

from .models import AccessEvent

# request pk (str) -> id of the one-time access code that opened it in this browser session.
CODE_GRANT_IDS = "tiepcan_code_grant_ids"


def person_reference(info_request) -> str:
    """The request's keyed lookup hash of the ID number (requests_flow.crypto.id_number_hash,
    HMAC-SHA256 under TIEPCAN_HASH_KEY): the same person gives the same reference on every
    request, the number cannot be read back from it without the key, and a breach report can
    find a person by the same hash the database indexes. Empty when there is no ID number."""
    return info_request.id_number_hash or ""


def remember_code_grant(http_request, info_request, code_id: int) -> None:
    grants = http_request.session.get(CODE_GRANT_IDS, {})
    http_request.session[CODE_GRANT_IDS] = {**grants, str(info_request.pk): code_id}


def access_record(
    http_request,
    *,
    action: str,
    object_kind: str,
    object_id: int | None = None,
    info_request=None,
    data: dict | None = None,
) -> AccessEvent:
    """Log one view or download by the browser of `http_request` (its user, or the one-time
    code that opened `info_request` in its session)."""
    user = http_request.user if http_request.user.is_authenticated else None
    code_id = None
    if info_request is not None and hasattr(http_request, "session"):
        code_id = http_request.session.get(CODE_GRANT_IDS, {}).get(str(info_request.pk))
    return AccessEvent.objects.create(
        at=timezone.now(),
        user=user,
        access_code_id=code_id,
        request=info_request,
        person_ref=person_reference(info_request) if info_request is not None else "",
        action=action,
        object_kind=object_kind,
        object_id=object_id,
        client_address=client_address(http_request)[:100],
        data=data or {},
    )
