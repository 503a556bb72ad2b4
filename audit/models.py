"""Who saw or downloaded a citizen's personal data, and when (DOMAIN §8; Law 91/2025/QH15: a
breach notice within 72 hours must say whose data was reached). Append-only like the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .append_only import AppendOnlyModel, AppendOnlyQuerySet


class AccessEvent(AppendOnlyModel):
    """One access: an officer opening a request's page or task, or anyone downloading a file.

    The person is kept as the request (whose name and masked ID the report shows) and a keyed
    reference of the ID number (audit.services.person_reference), never the number itself; the
    reference finds every access to one person across requests."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")

    at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    # The one-time code that opened the files, for an anonymous holder (an id, not a link: code
    # rows may be purged, this row stays).
    access_code_id = models.PositiveBigIntegerField(_("one-time access code"), null=True)
    request = models.ForeignKey(
        "requests_flow.InformationRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("request"),
    )
    person_ref = models.CharField(_("person reference"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_kind = models.CharField(_("what"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True)
    client_address = models.CharField(_("client address"), max_length=100, blank=True)
    # Exports: the requests whose rows left in the file, and the period asked for.
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access log")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["person_ref", "at"], name="access_person_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_kind} {self.object_id}"
