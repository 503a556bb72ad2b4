"""A small fixed-window rate limit on Django's cache, per account and per address.

The counters live in the shared cache (the database cache by default, Redis when REDIS_URL is
set; config/settings/base.py), so a limit holds across web processes and restarts: in each
process's memory, two processes doubled every limit and a restart reset it (outside test,
#17.13). It fails open: if the cache is unreachable, the request goes through (a submission must
never fail because a counter could not be read)."""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.client import client_address

log = logging.getLogger(__name__)


def hit(key: str, limit: int, window: int) -> bool:
    """Count one hit on `key`; True when the limit for the current window is exceeded."""
    bucket = f"rl:{key}:{int(time.time() // window)}"
    try:
        if cache.add(bucket, 1, timeout=window + 1):
            return False
        return cache.incr(bucket) > limit
    except Exception:
        log.warning("rate limit cache unavailable; allowing %s", key.split(":")[0])
        return False


def ratelimit(scope: str, *, limit: int | str, window: int = 3600, methods=("POST",)):
    """Decorator: at most `limit` requests per `window` seconds per address and per account.
    `limit` may name a setting, read at each request (so tests and operators can change it)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                keys = [f"{scope}:ip:{client_address(request)}"]
                if request.user.is_authenticated:
                    keys.append(f"{scope}:user:{request.user.pk}")
                most = getattr(settings, limit) if isinstance(limit, str) else limit
                if any([hit(key, most, window) for key in keys]):
                    return render(
                        request,
                        "portal/too_many.html",
                        {"message": _("Too many attempts. Please wait a while and try again.")},
                        status=429,
                    )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
