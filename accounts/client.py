"""Who is on the other end of an HTTP request. One notion of the client's address for the rate
limits (portal.ratelimit), the sign-in lock (django-axes: AXES_CLIENT_IP_CALLABLE) and the access
log (audit.services). It lives in accounts so that audit need not import portal."""

from django.conf import settings


def client_address(request) -> str:
    """The client's address for rate limits and the sign-in lock (django-axes uses this too).

    TIEPCAN_TRUSTED_PROXIES proxies stand in front (0 without one, the default; 1 behind the
    deployed nginx). Each proxy appends the address it saw to X-Forwarded-For, so the client is
    the entry that many places from the end of [X-Forwarded-For..., REMOTE_ADDR]; entries before
    it were written by the client, who could change them at every request to escape the limit.
    With no proxy, a client-written header is ignored: REMOTE_ADDR."""
    hops = settings.TIEPCAN_TRUSTED_PROXIES
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [a for a in chain if a] if hops else []
    chain.append(request.META.get("REMOTE_ADDR", ""))
    return chain[max(len(chain) - 1 - hops, 0)]
