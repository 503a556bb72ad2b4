"""Local development and `make run`: debug on, a fixed dev-only key, embedded SQLite by default."""

from config.env import env_bool, env_str

from .base import *

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Dev-only, public, non-secret key unless one is given (see base.py).
TIEPCAN_DATA_KEY = TIEPCAN_DATA_KEY or DEV_ONLY_PUBLIC_DATA_KEY

VAR_DIR.mkdir(parents=True, exist_ok=True)
