from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import limits
from ..choices import IdDocumentType
from ..fields import EncryptedTextField, KeyedHashField, row_uid_field
from ..validators import mask_id_number


class RequestMember(models.Model):
    """One member in a request filed by an organisation (Law Art. 36(2); Decree 13 Art. 4)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    id_document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdDocumentType.choices
    )
    id_number = EncryptedTextField(_("identity document number"))
    row_uid = row_uid_field()  # what the encrypted value above is bound to
    id_number_hash = KeyedHashField(source="id_number")
    reason_purpose = models.TextField(
        _("reason and purpose"),
        validators=limits.max_length(limits.REASON_TEXT),
    )

    class Meta:
        verbose_name = _("member of the requesting organisation")
        verbose_name_plural = _("members of the requesting organisation")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({mask_id_number(self.id_number)})"
