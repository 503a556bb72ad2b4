from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.append_only import AppendOnlyModel, AppendOnlyQuerySet


class CalendarYear(models.Model):
    """Whether a year's days off are fixed by an official notice (DOMAIN §4.1). The holidays
    package projects every year (lunar dates, substitute days), but the Prime Minister fixes Tết
    and the National Day's second day each year and the Government may swap days: until an
    administrator confirms the year with the notice's number, its dates are projections and
    every explanation says "dự kiến". A year with no row is projected."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    notice_number = models.CharField(_("notice number"), max_length=100, blank=True)
    notice = models.CharField(
        _("official notice"),
        max_length=500,
        blank=True,
        help_text=_("What the notice fixes and where it was published."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarYearEvent(AppendOnlyModel):
    """The audit trail of calendar confirmations: who confirmed which year, when, on which
    notice. Append-only, like the requests' audit trail (which needs a request to hang on)."""

    year = models.PositiveSmallIntegerField(_("year"))
    action = models.CharField(_("action"), max_length=20)
    notice_number = models.CharField(_("notice number"), max_length=100)
    notice = models.CharField(_("official notice"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar confirmation")
        verbose_name_plural = _("calendar confirmations")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.year} {self.notice_number}"
