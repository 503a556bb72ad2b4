from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AgencyKind, AreaClass, Role

# Signing on behalf of (Decree 30/2020 Annex I §II.7(a)-(c)): TM. for the collective, KT. a
# deputy for the head, Q. acting head, TL. and TUQ. by delegation.
AUTHORITY_PREFIXES = [(p, p) for p in ("TM.", "KT.", "Q.", "TL.", "TUQ.")]


class Agency(models.Model):
    """A state agency in a tree (province -> departments; communes). Nothing about it is hard-coded:
    since 1/7/2025 local government has two levels and provinces merge, so all of this is data."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name for letter numbers"),
        max_length=20,
        unique=True,
        help_text=_("Used in letter numbers, e.g. STP in 07/TB-STP."),
    )
    place_name = models.CharField(_("place name for letters"), max_length=100)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    focal_point_contacts = models.TextField(_("focal-point contacts"), blank=True)
    area_class = models.CharField(
        _("area class (Circular 46)"),
        max_length=30,
        choices=AreaClass.choices,
        default=AreaClass.NORMAL,
    )
    kind = models.CharField(
        _("kind of body"),
        max_length=30,
        choices=AgencyKind.choices,
        default=AgencyKind.STATE_AGENCY,
        help_text=_("Requests are accepted only when the law in force covers this kind of body."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Letters (Decree 30/2020 Annex I §II.7): who signs the agency's notices, and how.
    signer_prefix = models.CharField(
        _("authority prefix of the signer"),
        max_length=5,
        blank=True,
        choices=[("", _("none (the head signs)")), *AUTHORITY_PREFIXES],
    )
    signer_authority = models.CharField(
        _("authority signed for (e.g. GIÁM ĐỐC)"), max_length=100, blank=True
    )
    signer_title = models.CharField(
        _("signer's title (e.g. PHÓ GIÁM ĐỐC)"), max_length=100, blank=True
    )
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    # Decree 30 Annex I §II.3(b): the issuing agency's own abbreviation in the symbol ("07/TB-STP"),
    # not the short name that identifies it here ("UBND-HG1"); DOMAIN §7.1.
    letter_symbol = models.CharField(
        _("agency's abbreviation in letter symbols (e.g. STP, UBND)"),
        max_length=20,
        blank=True,
        help_text=_("Decree 30/2020: 07/TB-STP. Empty: the short name is used."),
    )
    drafting_unit = models.CharField(
        _("drafting unit code for “Lưu:” (e.g. VP)"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.letter_symbol:  # derived once, then the administrator's to change
            self.letter_symbol = derived_letter_symbol(self.name, self.short_name)
        super().save(*args, **kwargs)


def derived_letter_symbol(name: str, short_name: str) -> str:
    """ "UBND" for a People's Committee (Decree 30 Annex I: "12/UBND-VX"), otherwise the first
    group of the short name ("STP"); migration 0023 applies the same rule to existing agencies."""
    if name.casefold().replace("uỷ", "ủy").startswith("ủy ban nhân dân"):
        return "UBND"
    return short_name.split("-")[0].upper()


class AgencyMembership(models.Model):
    """An officer's role in one agency; an officer may hold several roles in several agencies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    # How the holder signs the letters they approve in this role (Decree 30 Annex I §II.7):
    # "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC". The letter prints the approver, never a configured name.
    signing_prefix = models.CharField(
        _("authority prefix when signing"),
        max_length=5,
        blank=True,
        choices=[("", _("none (signs as the head)")), *AUTHORITY_PREFIXES],
    )
    signing_authority = models.CharField(
        _("authority signed for (e.g. GIÁM ĐỐC)"), max_length=100, blank=True
    )
    signing_title = models.CharField(
        _("title when signing (e.g. PHÓ GIÁM ĐỐC)"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.short_name}"


class RegisterCounter(models.Model):
    """Last register number used per agency per year. Locked while a number is taken, so numbers
    are unique and gapless even when two requests arrive at the same moment."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="register_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency.short_name} {self.year}: {self.last_number}"
