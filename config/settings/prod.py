"""Production: fails closed. Without secret key, allowed hosts, public address, database URL and
the personal-data key it won't start. Only what differs from base.py is here (DEBUG is off,
nosniff, the referrer policy, HttpOnly session cookie and X-Frame-Options are already set there)."""

from config.env import env_bool, env_int, env_list, env_required
from requests_flow.crypto import check_key_settings

from .base import *

SECRET_KEY = env_required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", required=True)
TIEPCAN_PUBLIC_URL = env_required("TIEPCAN_PUBLIC_URL", "the links in e-mails").rstrip("/")
env_required("DATABASE_URL")  # base.py's DATABASES reads it; production has no SQLite fallback
# Personal data at rest: a real key, never the public development one, checked at start-up.
TIEPCAN_DATA_KEY = env_required("TIEPCAN_DATA_KEY")
check_key_settings(
    data_key=TIEPCAN_DATA_KEY,
    key_id=TIEPCAN_DATA_KEY_ID,
    keys_old=TIEPCAN_DATA_KEYS_OLD,
    hash_key=TIEPCAN_HASH_KEY,
    public_dev_key=DEV_ONLY_PUBLIC_DATA_KEY,
)

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
