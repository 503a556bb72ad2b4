"""The WebSocket's Origin checked exactly: scheme, host and port (outside test, #17.14).

channels' AllowedHostsOriginValidator compares the host only, so a page on another port or
scheme of an allowed host (another service on the same machine, plain http beside https) could
open a socket with the user's cookies. An origin is allowed when it is this socket's own origin
(the Host header with the socket's scheme) on an allowed host, or one of CSRF_TRUSTED_ORIGINS
(for a TLS-terminating proxy, where the socket itself arrives as plain ws)."""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return ""


def _normalised(origin: str) -> tuple[str, str, int | None] | None:
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.scheme, parts.hostname.lower(), port


def origin_allowed(scope) -> bool:
    origin = _normalised(_header(scope, b"origin"))
    if origin is None:
        return False
    host = _header(scope, b"host")
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    own = _normalised(f"{scheme}://{host}") if host else None
    domain, _port = split_domain_port(host)
    if own == origin and validate_host(domain, settings.ALLOWED_HOSTS):
        return True
    trusted = {_normalised(o) for o in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])}
    return origin in trusted


class ExactOriginValidator:
    """ASGI middleware: a socket whose Origin is not allowed is refused before anything runs."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)
