"""Background work run by the task worker (django-tasks, database queue)."""

from dataclasses import fields, replace
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .information_mail import information_email
from .letters.data import LetterData, Signer
from .letters.layout import render
from .models import InformationRequest, Letter, LetterStatus, ResponseFile

FIELDS = {f.name for f in fields(LetterData)}


def letter_data_from(content: dict) -> LetterData:
    """The stored content as LetterData; keys of the letter's life (edited, extra) left out."""
    values = {k: v for k, v in content.items() if k in FIELDS}
    values["issued_on"] = date.fromisoformat(values["issued_on"]) if values["issued_on"] else None
    values["signer"] = Signer(**values["signer"])
    values["paragraphs"] = tuple(values["paragraphs"])
    values["recipients"] = tuple(values["recipients"])
    return LetterData(**values)


def verification_url(code: str) -> str:
    """The letter's public verification page, absolute: it is printed on paper (QR code)."""
    return settings.TIEPCAN_PUBLIC_URL + reverse("portal:letter_check_code", args=[code])


@task()
def render_letter(letter_id: int) -> str:
    """Render a letter issued before the letter's life existed (migration 0025) and never drawn;
    a letter issued since has its signed file or scan from the clerk, and nothing is done.

    The PDF is drawn outside any transaction: a long request text takes seconds to lay out, and on
    SQLite a write transaction holds the whole database, so sign-ins and the scheduler failed
    with "database is locked" (outside test, #17.2). Two workers may draw the same letter at
    once; the first to record it wins and the other's PDF is dropped."""
    letter = Letter.objects.get(pk=letter_id)
    if letter.rendered_at is not None or letter.status != LetterStatus.ISSUED:
        return letter.sha256
    pdf = render(
        replace(
            letter_data_from(letter.content),
            verification_url=verification_url(letter.verification_code),
            verification_code=letter.verification_code,
        )
    )
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.rendered_at is not None:
            return letter.sha256
        letter.file.save(f"{letter.number:04d}-{letter.kind}.pdf", ContentFile(pdf), save=False)
        letter.sha256 = ResponseFile.checksum(pdf)
        letter.rendered_at = timezone.now()
        letter.save(update_fields=["file", "sha256", "rendered_at"])
        return letter.sha256


@task()
def email_information(request_id: int, letter_id: int) -> bool:
    """E-mail the provided information with its cover letter to the address the requester gave,
    once: a repeated run (worker restarted) finds the audit row and sends nothing. The one window
    left is a kill between the mail server's acceptance and the audit row: the message goes out
    again with the same Message-ID, which mail systems that deduplicate show once."""
    from . import services  # services queue this task: imported here, not at module level

    if services.information_emailed(request_id, letter_id):
        return False
    request = InformationRequest.objects.select_related("agency", "requester_user").get(
        pk=request_id
    )
    render_letter.call(letter_id)  # the cover letter travels with it: drawn now if not yet
    letter = Letter.objects.get(pk=letter_id)
    if letter.status != LetterStatus.ISSUED or not letter.file:
        return False  # only an issued letter reaches the requester (DOMAIN §7.1)
    message = information_email(request, letter)
    message.send()
    services.request_record_information_emailed(
        request_id=request_id,
        letter_id=letter_id,
        attached=[name for name, _content, _type in message.attachments],
    )
    return True
