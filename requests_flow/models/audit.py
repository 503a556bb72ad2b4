from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet

from .. import limits


class RequestEventQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # Rows join the hash chain one at a time, under the chain lock: see audit_chain.append.
        raise AppendOnlyError("Audit rows are added by requests_flow.audit_chain.append only.")


class RequestEvent(AppendOnlyModel):
    """One line of the append-only audit trail: who did what to a request, when, and on what legal
    basis. Written only by requests_flow.services inside the transition's transaction, through
    requests_flow.audit_chain.append, which gives it its place in the hash chain (`seq`, the
    previous row's hash and its own; see audit_chain.row_digest for the exact form)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, blank=True)
    reason = models.TextField(
        _("reason"),
        blank=True,
        validators=limits.max_length(limits.OFFICER_TEXT),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(
        _("internal note"),
        blank=True,
        validators=limits.max_length(limits.OFFICER_TEXT),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    seq = models.PositiveBigIntegerField(_("position in the audit chain"), unique=True)
    prev_hash = models.CharField(_("hash of the previous row"), max_length=64)
    row_hash = models.CharField(_("hash of this row"), max_length=64)

    objects = RequestEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="event_request_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is None and not self.row_hash:
            raise AppendOnlyError("Audit rows are added by requests_flow.audit_chain.append only.")
        super().save(*args, **kwargs)


class AuditChainHead(models.Model):
    """The end of the audit hash chain: the last row's position and hash. Its single row is
    locked (SELECT … FOR UPDATE) by every append on PostgreSQL, so rows join the chain one at a
    time in a well-defined order; SQLite's BEGIN IMMEDIATE already admits one writer at a time.
    It also lets audit_verify notice rows removed from the end of the chain."""

    SINGLETON = 1

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq} {self.last_hash[:12]}"
