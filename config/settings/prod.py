"""Production: fails closed. Without secret key, allowed hosts, database URL and the personal-data
key it won't start."""

import os

from django.core.exceptions import ImproperlyConfigured

from requests_flow.crypto import check_key_settings

from .base import *


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (production settings).")
    return value


SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
required("DATABASE_URL")
DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEBUG = False
# Personal data at rest: a real key, never the public development one, checked at start-up.
TIEPCAN_DATA_KEY = required("TIEPCAN_DATA_KEY")
check_key_settings(
    data_key=TIEPCAN_DATA_KEY,
    key_id=TIEPCAN_DATA_KEY_ID,
    keys_old=TIEPCAN_DATA_KEYS_OLD,
    hash_key=TIEPCAN_HASH_KEY,
    public_dev_key=DEV_ONLY_PUBLIC_DATA_KEY,
)

CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
