from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import limits
from ..choices import DecisionKind, DecisionStatus


class Decision(models.Model):
    """A decision drafted by the focal officer and approved or returned by the leader
    (Circular 46 Art. 4(1)(a); Decree 30 Art. 13: the competent person signs)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    # Refusal: ground codes from the rule set's closed Art. 28 list, and the written reasons.
    grounds = models.JSONField(_("refusal grounds"), default=list, blank=True)
    reasons = models.TextField(
        _("reasons"),
        blank=True,
        validators=limits.max_length(limits.OFFICER_TEXT),
    )
    competent_agency = models.CharField(_("competent agency"), max_length=255, blank=True)
    # Ground (b) of Art. 28(1): where the information was published, printed in the refusal.
    published_where = models.CharField(
        _("where the information was published"), max_length=255, blank=True
    )
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), null=True, blank=True)
    summary = models.TextField(
        _("content of the decision"),
        blank=True,
        validators=limits.max_length(limits.OFFICER_TEXT),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(
        _("leader's comment"),
        blank=True,
        validators=limits.max_length(limits.OFFICER_TEXT),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-drafted_at", "-id"]
        constraints = [
            # At most one decision waits for the leader at any time.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status="pending"),
                name="decision_one_pending_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_status_display()}"
