"""Signing and issuing an approved letter (DOMAIN §7.1 points 2-4; Decree 30 Arts. 8, 15).

Digital: the approver certifies the letter as printed for signature (number and date empty form
fields); the clerk takes the next number, fills the number and date and adds the agency's
signature, in one transaction (a failed signature gives the number back). Paper: the approver
signs a printout; the clerk takes the number (to write on the paper), then uploads the scan of
the signed and sealed copy, which is what the requester receives. Keys come from
TIEPCAN_SIGNING_KEYS ("user:<username>", "agency:<short name>"); someone without a key signs on
paper."""

import dataclasses
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Role
from ..deadlines import NOTICE_MILESTONE
from ..information_mail import sent_by_email
from ..letters.data import FOR_SIGNATURE
from ..letters.layout import date_line, render, render_parts
from ..letters.number_fields import DATE_FIELD, NUMBER_FIELD, FieldsMissing, fill_fields
from ..letters.signing import SigningRefused, agency_signer, approver_signer
from ..letters.signing_config import Party, configured_key
from ..models import (
    CORRECTION_MILESTONE,
    Letter,
    LetterKind,
    LetterStatus,
    ResponseFile,
    Signing,
)
from ..permissions import agency_roles
from ..tasks import email_information, letter_data_from, verification_url
from ..uploads import UploadRejected, check_file
from .core import lock_request
from .errors import InvalidInput, NotPermitted
from .handling import refresh_next_due
from .letter_life import _event, _locked, next_number

atomic = transaction.atomic


def approver_key(user):
    return configured_key(f"user:{user.get_username()}")


def agency_key(agency):
    return configured_key(f"agency:{agency.short_name}")


def printable(letter: Letter) -> bytes:
    """The approved letter as it is signed: number and date blank (fields), QR code printed."""
    return render(_for_signature(letter))


def _for_signature(letter: Letter):
    return dataclasses.replace(
        letter_data_from(letter.content),
        mode=FOR_SIGNATURE,
        verification_url=verification_url(letter.verification_code),
        verification_code=letter.verification_code,
    )


def _check_signer(letter: Letter, actor) -> None:
    if letter.approved_by_id != actor.pk:
        raise NotPermitted  # the person printed as signer, and nobody else, signs


def letter_sign_digital(*, letter: Letter, actor, now: datetime | None = None) -> Letter:
    """The approver signs digitally. The key is used outside the transaction (a token may ask
    for seconds); the result is stored only if the letter is still waiting for this signature."""
    now = now or timezone.now()
    _check_signer(letter, actor)
    key = approver_key(actor)
    if key is None:
        raise InvalidInput(
            {
                "sign": _(
                    "You have no digital certificate configured: sign the printed letter by hand "
                    "and choose “signed on paper”."
                )
            }
        )
    party = Party(letter.content["signer"]["name"], key)
    try:
        with approver_signer(party, now=now) as signer:
            signed = signer.sign(*render_parts(_for_signature(letter)))
    except SigningRefused as refused:
        raise InvalidInput({"sign": refused.message}) from None
    with transaction.atomic():
        current = _locked(letter, LetterStatus.APPROVED)
        _check_signer(current, actor)
        current.file.save(f"{current.verification_code}.pdf", ContentFile(signed), save=False)
        current.sha256 = ResponseFile.checksum(signed)
        current.status, current.signing, current.signed_at = (
            LetterStatus.SIGNED,
            Signing.DIGITAL,
            now,
        )
        current.save(update_fields=["file", "sha256", "status", "signing", "signed_at"])
        _event(current, actor, "letter_sign", now, signing=Signing.DIGITAL)
    return current


@atomic
def letter_sign_paper(*, letter: Letter, actor, now: datetime | None = None) -> Letter:
    """The approver has signed the printed letter by hand; it goes to the clerk to be numbered,
    sealed and scanned."""
    now = now or timezone.now()
    current = _locked(letter, LetterStatus.APPROVED)
    _check_signer(current, actor)
    current.status, current.signing, current.signed_at = (
        LetterStatus.SIGNED,
        Signing.PAPER,
        now,
    )
    current.save(update_fields=["status", "signing", "signed_at"])
    _event(current, actor, "letter_sign", now, signing=Signing.PAPER)
    return current


def _read(letter: Letter) -> bytes:
    with letter.file.open("rb") as stored:
        return stored.read()


def _check_clerk(letter: Letter, actor) -> None:
    if Role.CLERK not in agency_roles(actor, letter.agency_id):
        raise NotPermitted


def _number(letter: Letter, now: datetime, external_number: str) -> None:
    """The register's number and the date of issue (Decree 30 Art. 15): the next of the agency's
    year, or the number the agency's own register (another system) gave, as recorded."""
    day = timezone.localdate(now)
    external_number = external_number.strip()
    if external_number:
        taken = Letter.objects.filter(agency_id=letter.agency_id, external_number=external_number)
        if taken.exclude(pk=letter.pk).exists():
            raise InvalidInput(
                {"external_number": _("This number is already recorded for another letter.")}
            )
        letter.external_number = external_number
    else:
        letter.year, letter.number = day.year, next_number(letter.agency_id, day.year)
    letter.content = {
        **letter.content,
        "number_text": letter.number_text,
        "issued_on": day.isoformat(),
    }


def _released(letter: Letter, actor, now: datetime) -> None:
    letter.status, letter.issued_at, letter.issued_by = LetterStatus.ISSUED, now, actor
    letter.rendered_at = now
    letter.save()
    met = meet_milestones(letter, now)
    _event(letter, actor, "letter_issue", now, number=letter.number_text, met=met)
    request = letter.request
    if letter.kind == LetterKind.COVER and sent_by_email(request):
        # Queued in this transaction (the outbox): the e-mail leaves only if the issue commits.
        email_information.enqueue(request.pk, letter.pk)


def meet_milestones(letter: Letter, now: datetime) -> list[str]:
    """A deadline is met when the requester is sent the answer, i.e. when its letter is issued:
    the information's cover letter or the refusal meets every open milestone of the request,
    Form 03 the notice of the time limit (Arts. 30(4), 31(2)), the answer to a request for
    correction its own (Art. 32(2)). Returns the kinds met."""
    request = lock_request(letter.request_id)  # next_due is the request's: no lost update
    open_ones = request.milestones.filter(met_at__isnull=True)
    if letter.kind in (LetterKind.COVER, LetterKind.REFUSAL):
        open_ones = open_ones.exclude(kind=CORRECTION_MILESTONE)
    elif letter.kind == LetterKind.RESOLUTION:
        open_ones = open_ones.filter(kind=NOTICE_MILESTONE)
    elif letter.kind == LetterKind.CORRECTION:
        open_ones = open_ones.filter(correction__letter=letter)
    else:
        return []
    met = sorted(open_ones.values_list("kind", flat=True))
    open_ones.update(met_at=now)
    refresh_next_due(request)
    request.save(update_fields=["next_due"])
    # The issue's event and notifications read letter.request: the fresh row, or they would
    # tell the requester the deadline just met as the next one.
    letter.request = request
    return met


@atomic
def letter_issue_digital(
    *, letter: Letter, actor, now: datetime | None = None, external_number: str = ""
) -> Letter:
    """The clerk numbers a digitally signed letter and adds the agency's signature."""
    now = now or timezone.now()
    current = _locked(letter, LetterStatus.SIGNED)
    _check_clerk(current, actor)
    if current.signing != Signing.DIGITAL:
        raise InvalidInput({"issue": _("This letter was signed on paper: upload its scan.")})
    key = agency_key(current.agency)
    if key is None:
        raise InvalidInput(
            {
                "issue": _(
                    "%(agency)s has no digital certificate configured: ask the administrator "
                    "to add “agency:%(short)s” to the signing keys."
                )
                % {"agency": current.agency.name, "short": current.agency.short_name}
            }
        )
    _number(current, now, external_number)
    values = {
        NUMBER_FIELD: f"Số: {current.number_text}",
        DATE_FIELD: date_line(current.content["place"], timezone.localdate(now)),
    }
    try:
        with agency_signer(Party(current.agency.name, key), now=now) as seal:
            pdf = seal.sign(fill_fields(_read(current), values), place=current.content["place"])
    except (SigningRefused, FieldsMissing) as error:
        message = getattr(error, "message", "") or _("The signed file has no number field.")
        raise InvalidInput({"issue": message}) from None
    current.file.save(f"{current.number or current.pk:04d}-{current.kind}.pdf", ContentFile(pdf),
                      save=False)  # fmt: skip
    current.sha256 = ResponseFile.checksum(pdf)
    _released(current, actor, now)
    return current


@atomic
def letter_register_paper(
    *, letter: Letter, actor, now: datetime | None = None, external_number: str = ""
) -> Letter:
    """The clerk gives a letter signed on paper its number and date, to write on it before
    sealing and scanning."""
    now = now or timezone.now()
    current = _locked(letter, LetterStatus.SIGNED)
    _check_clerk(current, actor)
    if current.signing != Signing.PAPER:
        raise InvalidInput({"issue": _("This letter is signed digitally: issue it digitally.")})
    _number(current, now, external_number)
    current.status = LetterStatus.NUMBERED
    current.save()
    _event(current, actor, "letter_register", now, number=current.number_text)
    return current


@atomic
def letter_attach_scan(*, letter: Letter, actor, scan, now: datetime | None = None) -> Letter:
    """The scan of the signed, numbered and sealed paper (a PDF, checked like every upload) is
    the issued letter."""
    from django.conf import settings

    now = now or timezone.now()
    current = _locked(letter, LetterStatus.NUMBERED)
    _check_clerk(current, actor)
    try:
        _name, kind, data = check_file(scan, settings.PORTAL_MAX_ATTACHMENT_BYTES)
    except UploadRejected as rejected:
        raise InvalidInput({"scan": str(rejected)}) from None
    if kind != "application/pdf":
        raise InvalidInput({"scan": _("Upload the scan as one PDF file.")})
    current.file.save(f"{current.pk:04d}-{current.kind}.pdf", ContentFile(data), save=False)
    current.sha256 = ResponseFile.checksum(data)
    _released(current, actor, now)
    return current
