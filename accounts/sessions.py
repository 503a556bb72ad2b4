"""Officers' sessions end after OFFICER_IDLE_MINUTES without a request and OFFICER_MAX_HOURS after
signing in (settings; env TIEPCAN_OFFICER_IDLE_MINUTES, TIEPCAN_OFFICER_MAX_HOURS). Citizens keep
Django's session rules.

The limits apply to officers (settings.TIEPCAN_IS_OFFICER names the access gate's one definition,
requests_flow.permissions.is_officer; a setting, like AUTH_USER_MODEL, keeps accounts free of an
import of the request app) and to staff, who reach Django's admin.
The session records when it was signed in and when it was last used; the notification WebSocket
reads the same two values (notifications.consumers) so an expired session cannot open one.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

SIGNED_IN_AT = "tc_signed_in_at"
LAST_SEEN_AT = "tc_last_seen_at"
IS_OFFICER = "tc_is_officer"
# Write the last-seen time at most once a minute: a session save per click is wasted work.
SEEN_RESOLUTION = 60


def is_officer(user) -> bool:
    """Whether the officer session limits apply: an officer, or staff (the admin)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or import_string(settings.TIEPCAN_IS_OFFICER)(user)


def officer_session_expired(session, now: float | None = None) -> bool:
    """True when the signed-in times in `session` are past the officer limits (or missing: a
    session from before this rule existed is treated as expired, once)."""
    now = time.time() if now is None else now
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN_AT)
    if signed_in is None or seen is None:
        return True
    idle = now - seen > settings.OFFICER_IDLE_MINUTES * 60
    too_long = now - signed_in > settings.OFFICER_MAX_HOURS * 3600
    return idle or too_long


@receiver(user_logged_in, dispatch_uid="accounts.sessions.stamp")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        stamp_activity(request.session, user, now)


def stamp_activity(session, user, now: float) -> None:
    # The officer flag is re-read with the last-seen time (at most once a minute), so pages
    # cost no query for it, and a role granted or removed counts within a minute.
    session[LAST_SEEN_AT] = now
    session[IS_OFFICER] = is_officer(user)


class OfficerSessionMiddleware:
    """After AuthenticationMiddleware: signs an officer out whose session is too old or idle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session, now = request.session, time.time()
            if session.get(IS_OFFICER) is None:  # signed in before this rule existed
                stamp_activity(session, user, now)
            if session[IS_OFFICER] and officer_session_expired(session, now):
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - session.get(LAST_SEEN_AT, 0) >= SEEN_RESOLUTION:
                stamp_activity(session, user, now)
        return self.get_response(request)
