"""What the letters cite, per rule set and key, as administrators keep it (DOMAIN §4.4).

A rule set's `rules` are frozen once requests use them; citations are not: when the text of a
new law becomes known, an administrator fills in each article and confirms it with the source
document, and letters drafted afterwards carry it. Letters already issued keep their text
(Letter.content is frozen at issue). Every change leaves a CitationChange row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.append_only import AppendOnlyModel, AppendOnlyQuerySet


class Citation(models.Model):
    """One citation of a rule set, e.g. `complaint` → "Điều 14 Luật Tiếp cận thông tin số
    104/2016/QH13". Unconfirmed, it prints as the law's name alone (rulesets.printed_citations).
    Changed only through services.citation_save."""

    rule_set = models.ForeignKey(
        "requests_flow.RuleSet",
        on_delete=models.CASCADE,
        related_name="citation_rows",
        verbose_name=_("legal rule set"),
    )
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("What the citation is for: receipt, supplement, costs, redirect, complaint…"),
    )
    text = models.CharField(
        _("citation"),
        max_length=255,
        help_text=_(
            "As printed after “theo quy định tại”: the article, clause and point, and the law "
            "with its number, e.g. “Điều 14 Luật Tiếp cận thông tin số 104/2016/QH13”."
        ),
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)
    source_document = models.CharField(
        _("source document"),
        max_length=500,
        blank=True,
        help_text=_("Where the text was checked: the Official Gazette issue, or the URL."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["rule_set__effective_from", "key"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "key"], name="citation_unique_key"),
            models.CheckConstraint(
                condition=models.Q(confirmed=False) | ~models.Q(source_document=""),
                name="citation_confirmed_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code}: {self.key}"


class CitationChange(AppendOnlyModel):
    """The audit trail of citations: who set what text, confirmed or not, on which source."""

    citation = models.ForeignKey(
        Citation, on_delete=models.PROTECT, related_name="changes", verbose_name=_("citation")
    )
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=20)
    text = models.CharField(_("citation"), max_length=255)
    confirmed = models.BooleanField(_("confirmed"))
    source_document = models.CharField(_("source document"), max_length=500, blank=True)
    previous_text = models.CharField(_("previous citation"), max_length=255, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation change")
        verbose_name_plural = _("citation changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.citation_id}"
