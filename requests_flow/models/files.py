import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def response_upload_to(instance: "ResponseFile", filename: str) -> str:
    # Random names: the original name (which may carry personal data) is kept only in the row.
    return f"responses/{instance.request.agency_id}/{secrets.token_hex(16)}"


class ResponseFile(models.Model):
    """A file prepared for the requester (after the secrecy review, Decree 13 Art. 7)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=response_upload_to)
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    # Set on the corrected information provided in answer to a request for correction (Art. 32).
    correction = models.ForeignKey(
        "requests_flow.CorrectionRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )

    class Meta:
        verbose_name = _("response file")
        verbose_name_plural = _("response files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def checksum(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
