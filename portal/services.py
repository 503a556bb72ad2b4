"""The portal's writes: each calls the request services and the process step, and stores the
requester's files, in one transaction."""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from requests_flow import services, workflow
from requests_flow.choices import Channel
from requests_flow.models import (
    InformationRequest,
    RequestAttachment,
    ResponseFile,
    SubmissionToken,
)


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
