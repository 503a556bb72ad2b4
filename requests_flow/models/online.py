"""What an online request brings with it: the requester's files, the token that makes the
submit form idempotent, and the one-time codes that open the provided files. They belong to the
request, so they live in requests_flow (the back office, retention and the portal all use them);
they were portal models until migration 0017 and keep their portal_* tables (see there)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField, encrypted_storage, row_uid_field


def attachment_upload_to(instance: "RequestAttachment", filename: str) -> str:
    # A random name: the original (which may carry personal data) stays only in the row.
    return f"attachments/{instance.request.agency_id}/{secrets.token_hex(16)}"


class RequestAttachment(models.Model):
    """A file the requester sent with the request or a completion (consent, Form 06, ID image,
    etc.). sha256 and size are of the plaintext, so integrity checks work on what was sent."""

    class Kind(models.TextChoices):
        CONSENT = "consent", _("Written consent of the person concerned (Form 06)")
        MEMBERS = "members", _("List of members of the organisation")
        SUPPLEMENT = "supplement", _("Completion of the request")
        PAYMENT = "payment", _("Proof of payment")
        OTHER = "other", _("Other document")

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Consent documents and ID images are personal (often sensitive) data: the bytes and the
    # original name (which people often make of their ID number) are encrypted at rest.
    file = models.FileField(_("file"), upload_to=attachment_upload_to, storage=encrypted_storage)
    name = EncryptedTextField(_("file name"))
    row_uid = row_uid_field()  # what the encrypted value above is bound to
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        db_table = "portal_requestattachment"  # the table from before the move (migration 0017)
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class SubmissionToken(models.Model):
    """Idempotency of the submit form: a double click or a retry after a timeout finds the
    request the first POST created instead of creating a second one."""

    token = models.CharField(max_length=64, unique=True)
    request = models.OneToOneField(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "portal_submissiontoken"  # the table from before the move (migration 0017)

    def __str__(self) -> str:
        return self.token


class AccessCode(models.Model):
    """A one-time access code to download provided information (Law Art. 30(2)(b)). Only the
    hash is stored; the code itself is shown (or sent) once."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="access_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "portal_accesscode"  # the table from before the move (migration 0017)
        verbose_name = _("one-time access code")
        verbose_name_plural = _("one-time access codes")

    def __str__(self) -> str:
        return f"{self.request_id} {self.expires_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash(code: str) -> str:
        return hashlib.sha256(code.strip().upper().encode()).hexdigest()
