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


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def letter_upload_to(instance: "Letter", filename: str) -> str:
    return f"letters/{instance.agency_id}/{instance.year}/{instance.number:04d}-{instance.kind}.pdf"


class Letter(models.Model):
    """An issued letter: numbered inside the issuing transaction, rendered by the task worker
    after commit, then immutable (a correction is a new letter)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.PROTECT, related_name="letters"
    )
    agency = models.ForeignKey(
        "requests_flow.Agency", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=50)
    issued_at = models.DateTimeField(_("issued at"))
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
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="letter_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number_text

    @property
    def number_text(self) -> str:
        """ "07/TB-STP": the number with two digits at least, then the symbol (Decree 30)."""
        return f"{self.number:02d}/{self.symbol}"
