from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AgencyKind, Channel
from ..rulesets import Rules, RuleSetInvalid, parse_rules, rules_from_model


def _check_members(value, allowed, message) -> None:
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValidationError(message, params={"allowed": ", ".join(allowed)})


def validate_channels(value) -> None:
    _check_members(value, Channel.values, _("A list of channels, each one of: %(allowed)s."))


def validate_agency_kinds(value) -> None:
    _check_members(
        value, AgencyKind.values, _("A list of kinds of body, each one of: %(allowed)s.")
    )


class RuleSetQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(effective_from__lte=day).filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day)
        )


class RuleSet(models.Model):
    """The numbers of one law (periods, units, extension caps, refusal grounds, price table) as data
    with an effective period (DOMAIN §4.4). A request freezes the rule set in force on its valid_at;
    once a request uses a rule set its rules can no longer be edited (make a new version instead).

    `rules` holds: milestones[channel][complexity] = [{kind, period, unit, basis}],
    extension[channel] = {max, unit, basis}, refusal_grounds = [{code, text, basis}], prices,
    area_reductions, action_basis, citations, correction = {kind, period, unit, basis} (the
    answer to a request for correction). requests_flow.rulesets.parse_rules checks its shape.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=255)
    citation = models.CharField(_("citation"), max_length=255)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Tick only after someone has checked every number against the official text."),
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    rules = models.JSONField(_("rules"))
    law_name = models.CharField(
        _("the law's name"),
        max_length=255,
        blank=True,
        help_text=_(
            "Printed instead of a citation whose article is not confirmed, e.g. “Luật Tiếp cận "
            "thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026”."
        ),
    )
    # Outside `rules` on purpose: they decide only which requests may be entered, never a
    # deadline, so they stay editable after requests use the rule set (e.g. once the law is
    # confirmed to accept fax).
    accepted_channels = models.JSONField(
        _("channels the law accepts"), default=list, blank=True, validators=[validate_channels]
    )
    covered_agency_kinds = models.JSONField(
        _("kinds of body the law covers"),
        default=list,
        blank=True,
        validators=[validate_agency_kinds],
    )

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal rule set")
        verbose_name_plural = _("legal rule sets")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="ruleset_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        try:
            parse_rules(self.rules)
        except RuleSetInvalid as exc:
            raise ValidationError({"rules": str(exc)}) from exc
        if self.pk and self._rules_changed() and self._is_used():
            raise ValidationError(
                {"rules": _("Requests already use this rule set; create a new version instead.")}
            )

    def to_rules(self) -> Rules:
        """The rule set's values, with the administrators' citations (requests_flow.citations)."""
        rows = self.citation_rows.all()  # prefetched rows when the caller prefetched them
        return rules_from_model(self, [(c.key, c.text, c.confirmed) for c in rows])

    def _rules_changed(self) -> bool:
        stored = type(self).objects.filter(pk=self.pk).values_list("rules", flat=True).first()
        return stored != self.rules

    def _is_used(self) -> bool:
        return self.pk is not None and self.requests.exists()


class CalendarOverride(models.Model):
    """An official change to the working calendar that the holidays package does not know yet:
    an extra day off or a make-up working day (e.g. a Saturday worked for a bridge day off)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"


class Milestone(models.Model):
    """A statutory deadline of one request, stored when the deadline is checked (classification)."""

    request = models.ForeignKey(
        "requests_flow.InformationRequest", on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("milestone"), max_length=30)
    due_date = models.DateField(_("due on"))
    basis = models.CharField(_("legal basis"), max_length=255)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]
        constraints = [
            # One row per statutory milestone of the request; the answers to requests for
            # correction (Art. 32) are several rows of one kind, one per correction request.
            models.UniqueConstraint(
                fields=["request", "kind"],
                condition=~models.Q(kind="correction_answer"),
                name="milestone_unique_kind",
            )
        ]
        indexes = [models.Index(fields=["met_at", "due_date"], name="milestone_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_date:%d/%m/%Y}"
