import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt slip (Form 02)")
    SUPPLEMENT = "supplement", _("Notice asking for completion")
    RESOLUTION = "resolution", _("Resolution slip (Form 03)")
    EXTENSION = "extension", _("Extension notice (Form 04)")
    REFUSAL = "refusal", _("Refusal notice (Form 05)")
    COVER = "cover", _("Cover letter for provided information")
    CORRECTION = "correction", _("Answer to a request for correction")


class LetterStatus(models.TextChoices):
    """A letter's life (DOMAIN §7.1): a draft is approved by the person with authority, who
    signs it (digitally or on paper); the clerk gives it its number and date and issues it."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved, awaiting signature")
    SIGNED = "signed", _("Signed, awaiting the clerk")
    NUMBERED = "numbered", _("Numbered, awaiting the signed scan")
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Draft cancelled")


# Statuses before issue: the letter is on its way and has not reached the requester.
AWAITING_ISSUE = (
    LetterStatus.DRAFT,
    LetterStatus.APPROVED,
    LetterStatus.SIGNED,
    LetterStatus.NUMBERED,
)


class Signing(models.TextChoices):
    DIGITAL = "digital", _("Digital signature")
    PAPER = "paper", _("Signed on paper, scanned")


class LetterCounter(models.Model):
    """Last letter number per agency per year (Decree 30 Art. 15: from 01 on 1 January, never
    reused, never skipped). Locked while a number is taken."""

    agency = models.ForeignKey("requests_flow.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="letter_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last_number}"


# Upper-case letters and digits without the look-alikes 0/O, 1/I/L: read off paper and typed by
# hand. 12 of 31 symbols is about 59 bits: not guessable within any rate limit.
VERIFICATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VERIFICATION_LENGTH = 12


def answer_awaiting_issue(request_ref):
    """Whether the request's answer (the cover letter or the refusal) is approved but not yet
    issued: its deadlines are met only when the clerk issues it (services.letter_issue), so
    until then the request is still due although its state is final."""
    return models.Exists(
        Letter.objects.filter(
            request=request_ref,
            kind__in=(LetterKind.COVER, LetterKind.REFUSAL),
            status__in=AWAITING_ISSUE,
        )
    )


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def letter_upload_to(instance: "Letter", filename: str) -> str:
    if instance.number is None:  # signed, not yet numbered: named by its unguessable code
        return f"letters/{instance.agency_id}/signed/{instance.verification_code}.pdf"
    return f"letters/{instance.agency_id}/{instance.year}/{instance.number:04d}-{instance.kind}.pdf"


class Letter(models.Model):
    """An outgoing letter through its life (LetterStatus; services.letter_life): drafted without
    number or date, approved by the person with authority (the signer it prints), signed, then
    numbered and issued by the clerk; immutable once issued (a correction is a new letter)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.PROTECT, related_name="letters"
    )
    agency = models.ForeignKey(
        "requests_flow.Agency", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    # Given by the clerk at issue (Decree 30 Art. 15), never to a draft.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    # The number of the agency's own outgoing register kept in another system, recorded instead.
    external_number = models.CharField(
        _("number in the agency's register"), max_length=50, blank=True
    )
    symbol = models.CharField(_("symbol"), max_length=50)
    drafted_at = models.DateTimeField(_("drafted at"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signing = models.CharField(_("signature"), max_length=10, choices=Signing.choices, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(_("content"), default=dict)
    file = models.FileField(_("PDF"), upload_to=letter_upload_to, blank=True)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # Printed with a QR code on the letter; opens its public verification page (/xac-thuc/,
    # DOMAIN §7.1 point 4). Unguessable, so the page needs no other secret.
    verification_code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=new_verification_code
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="letter_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number_text

    @property
    def number_text(self) -> str:
        """ "07/TB-STP": the number with two digits at least, then the symbol (Decree 30); the
        external register's number as recorded; "" before the clerk numbers it."""
        if self.external_number:
            return self.external_number
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.status == LetterStatus.ISSUED
