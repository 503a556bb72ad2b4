from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Signal receivers: stamp the sign-in time on the session, close a deactivated
        # account's sockets. Connected at start-up, before any sign-in (not at first request).
        from . import sessions  # noqa: F401
