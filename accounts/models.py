from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def person_display_name(*, full_name: str, first_name: str, last_name: str, username: str) -> str:
    """How the back office names a person; the task lists compute it from plain columns."""
    return full_name or f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A person who signs in: a citizen, an officer, a leader, a supervisor or an administrator.

    Roles inside an agency live in requests_flow.AgencyMembership; this model only knows the person.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # The language of the person's e-mails and notifications: set when they register or switch
    # the site's language while signed in (accounts.views.set_language).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def get_full_name(self) -> str:
        # Vietnamese names are written whole (family name first); viewflow's menu shows this.
        return self.full_name or super().get_full_name()

    @property
    def display_name(self) -> str:
        return person_display_name(
            full_name=self.full_name,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.get_username(),
        )
