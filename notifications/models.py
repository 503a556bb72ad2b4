from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person about one audit event: the outbox row. It is written in the
    same transaction as the event, so it exists exactly when the change committed; the task
    worker delivers it (e-mail, WebSocket push) afterwards, once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    request = models.ForeignKey(
        "requests_flow.InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.ForeignKey(
        "requests_flow.RequestEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Set by the worker that is sending the e-mail, before it sends (notifications.tasks.claim).
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"


class MilestoneAlert(models.Model):
    """That one level of one milestone ("due soon", "overdue") was announced: at most one row per
    (milestone, level), so the sweep that runs every minute alerts each level once. `claim` is set,
    in the same transaction that writes the alert's notifications, by the sweep batch that wrote
    them; a row without a claim still waits for its notifications (e.g. after a killed sweep)."""

    class Level(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    milestone = models.ForeignKey(
        "requests_flow.Milestone", on_delete=models.CASCADE, related_name="alerts"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claim = models.UUIDField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("milestone alert")
        verbose_name_plural = _("milestone alerts")
        constraints = [
            models.UniqueConstraint(fields=["milestone", "level"], name="milestone_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.level}"

    @property
    def notified(self) -> bool:
        return self.claim is not None
