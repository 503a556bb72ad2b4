"""The portal's writes: each calls the request services and the process step, and stores the
requester's files, in one transaction."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from requests_flow import services, workflow
from requests_flow.choices import Channel
from requests_flow.models import (
    AccessCode,
    InformationRequest,
    RequestAttachment,
    ResponseFile,
    SubmissionToken,
)

ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def save_attachments(request, files, *, kind: str, user) -> None:
    now = timezone.now()
    for name, content_type, data in files:
        row = RequestAttachment(
            request=request,
            kind=kind,
            name=name,
            content_type=content_type,
            size=len(data),
            sha256=ResponseFile.checksum(data),
            uploaded_by=user,
            uploaded_at=now,
        )
        row.file.save(name, ContentFile(data), save=False)
        row.save()


def request_submit_online(
    *, token: str, agency, data: services.RequestData, user, files
) -> tuple[InformationRequest, bool]:
    """Record an online request (channel: electronic) with its files and start its process.
    Returns (request, created): the same token twice gives the first request back."""
    existing = SubmissionToken.objects.filter(token=token).select_related("request").first()
    if existing is not None:
        return existing.request, False
    kind = (
        RequestAttachment.Kind.CONSENT
        if data.conditional_information
        else RequestAttachment.Kind.OTHER
    )
    try:
        with transaction.atomic():
            request = workflow.submit_request(
                agency=agency,
                data=data,
                channel=Channel.ELECTRONIC,
                actor=user,
                requester_user=user,
            )
            save_attachments(request, files, kind=kind, user=user)
            SubmissionToken.objects.create(token=token, request=request)
    except IntegrityError:
        # The same token committed by a parallel POST (double click): that one wins.
        return SubmissionToken.objects.select_related("request").get(token=token).request, False
    return request, True


@transaction.atomic
def request_supplement_online(*, request, user, answer: str, files):
    updated = workflow.complete_supplement(request=request, actor=user, answer=answer)
    save_attachments(updated, files, kind=RequestAttachment.Kind.SUPPLEMENT, user=user)
    return updated


def access_code_issue(*, request, hours: int | None = None) -> str:
    """A new one-time code for the request's provided files; only its hash is stored."""
    code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(12))
    hours = hours or settings.PORTAL_ACCESS_CODE_HOURS
    AccessCode.objects.create(
        request=request,
        code_hash=AccessCode.hash(code),
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    return code


@transaction.atomic
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
