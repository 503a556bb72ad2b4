from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedItem(models.Model):
    """One entry of an agency's catalogue of published information (Decree 13 Art. 6(3)): name,
    number and symbol, date, form, time and duration of publication, where to download it."""

    agency = models.ForeignKey(
        "requests_flow.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="published_items",
    )
    name = models.CharField(_("name of the information"), max_length=500)
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    form = models.CharField(_("form of publication"), max_length=200)
    published_from = models.DateField(_("published from"))
    published_until = models.DateField(_("published until"), null=True, blank=True)
    download_address = models.URLField(_("download address"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published information")
        verbose_name_plural = _("catalogue of published information")
        ordering = ["-published_from", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (
            self.published_from
            and self.published_until
            and self.published_until < self.published_from
        ):
            raise ValidationError(
                {"published_until": _("The end of publication cannot be before its start.")}
            )
