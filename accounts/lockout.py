"""Lockout after repeated failed sign-ins, per account and per address (django-axes).

Settings (config/settings/base.py): LOGIN_ACCOUNT_FAILURES, LOGIN_ADDRESS_FAILURES,
LOGIN_COOLOFF_MINUTES. The check itself runs in portal.accounts.EmailVerificationBackend, before
the password is even looked at, so a locked account cannot sign in with the right password.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _


def normalised_username(value: str | None) -> str | None:
    """The account a typed name reaches: citizens sign in with their address in any case
    (EmailVerificationBackend), so "Hoa@X.vn" and "hoa@x.vn" must share one counter."""
    if not value:
        return value
    value = value.strip()
    return value.lower() if "@" in value else value


def attempted_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the typed username, normalised."""
    if credentials:
        return normalised_username(credentials.get("username"))
    return normalised_username(getattr(request, "POST", {}).get("username"))


class AccountAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler with a separate limit for the address.

    axes compares the largest failure count of the lockout parameters with one limit
    (AXES_FAILURE_LIMIT = the account limit). An address reaching its own, higher limit is
    reported as having reached the account limit; below it, it does not count."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURES:
            return max(by_account, settings.LOGIN_ACCOUNT_FAILURES)
        return by_account


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page's refusal, in the user's language, status 429."""
    message = _(
        "Too many failed sign-in attempts for this account or from this network. Signing in is "
        "blocked for %(minutes)d minutes after the last failed attempt; then try again, or reset "
        "your password."
    ) % {"minutes": settings.LOGIN_COOLOFF_MINUTES}
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
