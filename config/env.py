"""The one way settings read the environment; every variable is listed in the README
("Configuration"). A bad value stops start-up with ImproperlyConfigured naming the variable.

Our own few lines rather than django-environ: one dependency less (and its lock entries), and the
exact meanings the settings always had. django-environ's booleans accept "true", "on", "yes"...,
so a value that is off today (DJANGO_EMAIL_USE_TLS=true) would silently turn on."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_required(name: str, why: str = "production settings") -> str:
    """The value without surrounding blanks; unset or blank is an error."""
    value = env_str(name).strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} ({why}).")
    return value


def env_bool(name: str, default: bool) -> bool:
    """`1` on, `0` or empty off, unset the default; anything else is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value not in ("1", "0", ""):
        raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")
    return value == "1"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, *, required: bool = False) -> list[str]:
    """Comma-separated values, each stripped, empty items dropped; `required`: unset or blank is
    an error."""
    value = env_required(name) if required else env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()]
