"""Settings shared by every environment; what differs per machine comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TIEPCAN_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "viewflow",
    "viewflow.workflow",
    "accounts",
    "requests_flow",
    "portal",
    "notifications",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Vietnamese unless chosen otherwise with the switch (not the browser's Accept-Language).
    "accounts.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.OfficerSessionMiddleware",  # after auth and messages: it uses both
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # viewflow's SiteMiddleware, extended to send anonymous users to sign in (not a 403).
    "requests_flow.backoffice.access.BackofficeSiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # Last, as django-axes asks: turns a flagged lockout into the lockout page (accounts.lockout).
    "axes.middleware.AxesMiddleware",
]
# Our middleware list already has viewflow's (subclassed): do not let viewflow append its own.
# A list of checkboxes is drawn as native HTML (requests_flow/backoffice/renderers.py says why).
VIEWFLOW = {
    "AUTOREGISTER": False,
    "WIDGET_RENDERERS": {
        "django.forms.CheckboxSelectMultiple": (
            "requests_flow.backoffice.renderers.CheckboxListRenderer"
        ),
    },
}

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # docs/: the user guide's pages (docs/huong-dan/*.html), included by portal/guide.py.
        "DIRS": [BASE_DIR / "templates", BASE_DIR / "docs"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "requests_flow.context_processors.access",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict:
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half-way (select_for_update is a
    # no-op on SQLite, so this is what serialises concurrent transitions there).
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def database_from_env(default_sqlite: Path) -> dict:
    url = env_str("DATABASE_URL").strip()
    if not url:
        return sqlite_database(default_sqlite)
    if url.startswith("sqlite:"):
        return sqlite_database(Path(dj_database_url.parse(url)["NAME"]))
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    config.setdefault("OPTIONS", {})
    return config


DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:after_login"
AUTHENTICATION_BACKENDS = [
    "portal.accounts.EmailVerificationBackend",  # see its docstring
    "requests_flow.permissions.RolePermissionBackend",  # roles' permissions from memberships
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# viewflow ships no Vietnamese catalogue: locale/viewflow holds one. Our own catalogue comes first
# so our strings win; both come ahead of the installed apps' (viewflow's, Django's) catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "viewflow"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
# The user guide's screenshots, written by the browser tests, served as /static/huong-dan/….
STATICFILES_DIRS = [BASE_DIR / "static", ("huong-dan", BASE_DIR / "docs" / "huong-dan" / "anh")]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Saved files reach the disk (fsync) before the row that records them commits.
    "default": {"BACKEND": "requests_flow.fields.DurableFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = None  # files are served only through permission-checked views, never as /media/

REDIS_URL = env_str("REDIS_URL")


def channel_layers(redis_url: str) -> dict:
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 caps a pool at 100 connections; one ASGI process serving hundreds of
            # sockets needs more. Its default socket_timeout (5 s) equals channels_redis's
            # BZPOPMIN wait (5 s): an idle consumer's read then raised TimeoutError and the
            # socket died. The read timeout must stay above that wait.
            "CONFIG": {
                "hosts": [{"address": redis_url, "max_connections": 1000, "socket_timeout": 10}]
            },
        }
    }


CHANNEL_LAYERS = channel_layers(REDIS_URL)
# Without Redis the worker's pushes cannot reach the web process: it reads new notifications
# this often instead (notifications/bridge.py). 0 turns that off; with Redis it is off.
TIEPCAN_LIVE_POLL_SECONDS = env_int("TIEPCAN_LIVE_POLL_SECONDS", 0 if REDIS_URL else 2)
# The rate limits' counters, shared by every web process and kept across restarts: Redis when
# configured, else a table of the database (created by portal's migration 0004).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tiepcan_cache"}
    )
}
# clamd's UNIX socket (e.g. /run/clamav/clamd.ctl): every upload is scanned before it is kept,
# and refused while clamd cannot be reached. Empty: no scan.
TIEPCAN_CLAMD_SOCKET = env_str("TIEPCAN_CLAMD_SOCKET")
# How many reverse proxies stand in front of the app and append to X-Forwarded-For (deploy/:
# nginx, 1). 0 ignores the header: a client reaching the app directly cannot pick its address.
TIEPCAN_TRUSTED_PROXIES = env_int("TIEPCAN_TRUSTED_PROXIES", 0)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How long a worker's claim on an e-mail it is sending holds before the e-mail may be sent by
# another (notifications.tasks.claim): far longer than one SMTP exchange, so that only the claim
# of a dead worker expires.
NOTIFICATION_SEND_LEASE_SECONDS = env_int("TIEPCAN_NOTIFICATION_SEND_LEASE", 300)

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "tiepcan@localhost")
# The site's public address: links in e-mails are absolute (a mail client has no "current page").
TIEPCAN_PUBLIC_URL = env_str("TIEPCAN_PUBLIC_URL", "http://localhost:8000").rstrip("/")
# Provided files travel attached to the e-mail when the requester chose that form and their total
# stays under this size (many mail servers refuse messages above 10-25 MB); above it the e-mail
# and the cover letter give the download page instead, which needs sign-in or an access code.
TIEPCAN_EMAIL_FILES_MAX_MB = env_int("TIEPCAN_EMAIL_FILES_MAX_MB", 10)

# How often the scheduler runs the deadline sweep, in seconds.
DEADLINE_SWEEP_INTERVAL = env_int("TIEPCAN_SWEEP_INTERVAL", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# Citizen uploads (portal): how many files per submission, and how large each may be.
PORTAL_MAX_ATTACHMENTS = env_int("TIEPCAN_MAX_ATTACHMENTS", 5)
PORTAL_MAX_ATTACHMENT_BYTES = env_int("TIEPCAN_MAX_ATTACHMENT_BYTES", 10 * 2**20)
# Rate limits (per address and per account, per hour).
PORTAL_SUBMIT_LIMIT = env_int("TIEPCAN_SUBMIT_LIMIT", 20)
PORTAL_LOOKUP_LIMIT = env_int("TIEPCAN_LOOKUP_LIMIT", 30)
# How long a one-time access code to download provided information stays valid, in hours.
PORTAL_ACCESS_CODE_HOURS = env_int("TIEPCAN_ACCESS_CODE_HOURS", 72)

# Letters: the folder with Liberation Serif 2.x (Debian fonts-liberation2), Times-metric.
LETTER_FONT_DIR = env_str("TIEPCAN_LETTER_FONT_DIR", "/usr/share/fonts/truetype/liberation2")

# Digital signatures on letters (docs/signing.md). TIEPCAN_SIGNING_KEYS: a JSON file mapping
# "user:<username>" and "agency:<short name>" to a PKCS#12 file or a PKCS#11 token key, whose
# passphrases and PINs are named environment variables or files (never in the file or the
# database). Trust roots and CRLs: comma-separated PEM/DER files (the national CA's roots).
TIEPCAN_SIGNING_KEYS = env_str("TIEPCAN_SIGNING_KEYS")
TIEPCAN_SIGNING_TRUST_ROOTS = env_list("TIEPCAN_SIGNING_TRUST_ROOTS")
TIEPCAN_SIGNING_CRLS = env_list("TIEPCAN_SIGNING_CRLS")
TIEPCAN_SIGNING_FETCH_REVOCATION = env_bool("TIEPCAN_SIGNING_FETCH_REVOCATION", False)
TIEPCAN_SIGNING_TSA_URL = env_str("TIEPCAN_SIGNING_TSA_URL")
# Where `seed_demo` writes its test certificates (requests_flow/demo/keys.py); demo data only.
TIEPCAN_DEMO_KEYS_DIR = VAR_DIR / "demo-keys"

# Personal data at rest (DOMAIN §8; docs/security/pdata.md). ID numbers and uploaded files are
# sealed with AES-256-GCM under TIEPCAN_DATA_KEY (32 bytes, base64), tagged with
# TIEPCAN_DATA_KEY_ID; older keys stay readable from TIEPCAN_DATA_KEYS_OLD ("id:key,id:key").
# The ID-number lookup hash uses TIEPCAN_HASH_KEY, or a key derived from the data key.
TIEPCAN_DATA_KEY = env_str("TIEPCAN_DATA_KEY")
TIEPCAN_DATA_KEY_ID = env_str("TIEPCAN_DATA_KEY_ID", "1")
TIEPCAN_DATA_KEYS_OLD = env_str("TIEPCAN_DATA_KEYS_OLD")
TIEPCAN_HASH_KEY = env_str("TIEPCAN_HASH_KEY")
# Personal data of requests closed longer ago than this is anonymised by
# `manage.py anonymise_expired` (a policy choice: no legal retention period is known).
TIEPCAN_RETENTION_YEARS = env_int("TIEPCAN_RETENTION_YEARS", 5)
# A fixed key for development and tests only, public in the source: NOT A SECRET. Production
# settings never use it (they refuse to start without TIEPCAN_DATA_KEY).
DEV_ONLY_PUBLIC_DATA_KEY = "dGllcGNhbi1kZXYtb25seS1ub3QtYS1zZWNyZXQtMzI="
# --- Security headers (issue #8, docs/security/sec-web.md) -------------------------------------
# Django's defaults already say so; written out because tests and the audit read them here.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours or viewflow's reads the CSRF cookie (forms carry the token in a field).
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): only our own origin, no plugins, no framing.
# script-src: our pages have no inline script; any that is added must carry
#   nonce="{{ request.csp_nonce }}" (the nonce is sent only on pages that use it). viewflow's bulk
#   confirm pages (tasks_assign/unassign, bulk delete; our back office links none of them) have a
#   "Back" button with an inline onclick: the policy blocks it; the browser's Back still works.
# style-src 'unsafe-inline': viewflow's Material templates put style="..." attributes and <style>
#   blocks on almost every page (process_dashboard.html alone has 23), and Turbo and htmx inject
#   <style> elements; nonces cannot cover style attributes, and hashing them all would break at
#   every viewflow upgrade. Styles cannot run code; scripts stay strict.
# img-src data:: viewflow's stylesheets draw icons as data: SVG images (57 of them).
# connect-src 'self' covers the same-origin WebSocket (ws:/wss:) in current browsers (CSP3);
#   tests/e2e/test_csp.py checks it in Chromium.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# --- Login protection (django-axes 8; accounts/lockout.py) ---------------------------------------
# An account is locked after LOGIN_ACCOUNT_FAILURES failed sign-ins, an address after
# LOGIN_ADDRESS_FAILURES (higher: one office behind one NAT address shares it), each counted over
# the last LOGIN_COOLOFF_MINUTES; the lock lifts by itself when no failure happened for that long.
# A locked account cannot sign in even with the right password; the page says so (429).
LOGIN_ACCOUNT_FAILURES = env_int("TIEPCAN_LOGIN_ACCOUNT_FAILURES", 5)
LOGIN_ADDRESS_FAILURES = env_int("TIEPCAN_LOGIN_ADDRESS_FAILURES", 20)
LOGIN_COOLOFF_MINUTES = env_int("TIEPCAN_LOGIN_COOLOFF_MINUTES", 15)
AXES_HANDLER = "accounts.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each one separately (order is relied on)
AXES_FAILURE_LIMIT = LOGIN_ACCOUNT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_address"  # same address as the rate limits
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# A success must not wipe the address's failures: a valid account would reset the counter.
AXES_RESET_ON_SUCCESS = False
# Login history keeps usernames and addresses only; no GET/POST data (it could hold personal data).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "email", "id_number"]
# No start-up banner: every manage.py command (deadlines, scheduler...) printed it on stderr.
AXES_VERBOSE = False

# Officers (back-office members, staff): signed out after this much inactivity, and this long
# after signing in whatever they do. Citizens keep Django's session (two weeks, cookie).
OFFICER_IDLE_MINUTES = env_int("TIEPCAN_OFFICER_IDLE_MINUTES", 30)
OFFICER_MAX_HOURS = env_int("TIEPCAN_OFFICER_MAX_HOURS", 12)
# The access gate's one definition of an officer, for apps that must not import the request app.
TIEPCAN_IS_OFFICER = "requests_flow.permissions.is_officer"
