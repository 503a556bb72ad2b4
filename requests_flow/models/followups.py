"""What can follow a request besides its answer: complaints and lawsuits (Law 104 Art. 14) and the
requester's request for correction of the information provided (Art. 32), each with its outcome.

Written only by requests_flow.services.complaints and .corrections (audited there)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import limits

# The kind of the Milestone row that tracks an answer to a correction (Art. 32(2)). Not a kind
# of the rule set's milestones: a request may have several, one per correction request.
CORRECTION_MILESTONE = "correction_answer"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    LAWSUIT = "lawsuit", _("Lawsuit")


class ComplaintOutcome(models.TextChoices):
    FOR_REQUESTER = "for_requester", _("Resolved in favour of the requester")
    AGAINST_REQUESTER = "against_requester", _("Resolved against the requester")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Decree 13 Art. 12(4)(b) counts complaints and lawsuits "đã được giải quyết": decided for or
# against the requester. A withdrawn one ended without being resolved.
RESOLVED_OUTCOMES = (ComplaintOutcome.FOR_REQUESTER, ComplaintOutcome.AGAINST_REQUESTER)


class Complaint(models.Model):
    """A complaint or lawsuit about the handling of one request, and how it ended."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.PROTECT, related_name="complaints"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintKind.choices)
    filed_on = models.DateField(_("filed on"))
    summary = models.TextField(
        _("summary"), blank=True, validators=limits.max_length(limits.OFFICER_TEXT)
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ComplaintOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("complaint or lawsuit")
        verbose_name_plural = _("complaints and lawsuits")
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_on__isnull=True))
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="complaint_outcome_with_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on:%d/%m/%Y}"

    @property
    def resolved(self) -> bool:
        return self.outcome in RESOLVED_OUTCOMES


class CorrectionAnswer(models.TextChoices):
    CORRECTED = "corrected", _("The information was inaccurate: corrected information provided")
    ACCURATE = "accurate", _("The information was accurate: reasoned reply")


class CorrectionRequest(models.Model):
    """The requester contests the accuracy of the information provided (Art. 32(2)): the agency
    verifies it and answers by the milestone; the answer goes out as a letter."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.PROTECT, related_name="corrections"
    )
    text = models.TextField(_("what is contested"), validators=limits.max_length(5000))
    received_at = models.DateTimeField(_("received at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    milestone = models.OneToOneField(
        "requests_flow.Milestone", on_delete=models.PROTECT, related_name="correction"
    )
    answer = models.CharField(
        _("answer"), max_length=20, choices=CorrectionAnswer.choices, blank=True
    )
    answer_text = models.TextField(
        _("answer text"), blank=True, validators=limits.max_length(limits.OFFICER_TEXT)
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter = models.OneToOneField(
        "requests_flow.Letter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )

    class Meta:
        verbose_name = _("request for correction")
        verbose_name_plural = _("requests for correction")
        ordering = ["received_at", "id"]
        constraints = [
            # One at a time: a second one waits until the first is answered.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(answered_at__isnull=True),
                name="correction_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.received_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
