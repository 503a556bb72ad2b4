"""Local development and `make run`: debug on, a fixed dev-only key, embedded SQLite by default."""

from config.env import env_bool, env_str

from .base import *

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Dev-only, public, non-secret key unless one is given (see base.py).
TIEPCAN_DATA_KEY = TIEPCAN_DATA_KEY or DEV_ONLY_PUBLIC_DATA_KEY

VAR_DIR.mkdir(parents=True, exist_ok=True)

# `make run` signs with the test certificates `seed_demo` wrote (requests_flow/demo/keys.py)
# unless the environment names signing keys or trust roots of its own (docs/signing.md).
_DEMO_KEYS = TIEPCAN_DEMO_KEYS_DIR / "keys.json"
_DEMO_CA = TIEPCAN_DEMO_KEYS_DIR / "ca.pem"
if not (TIEPCAN_SIGNING_KEYS or TIEPCAN_SIGNING_TRUST_ROOTS) and _DEMO_KEYS.exists():
    TIEPCAN_SIGNING_KEYS = str(_DEMO_KEYS)
    TIEPCAN_SIGNING_TRUST_ROOTS = [str(_DEMO_CA)]
