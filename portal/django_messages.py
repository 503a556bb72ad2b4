"""Messages of Django itself that its Vietnamese catalogue lacks (no translation, or an older
msgid): marked here so that `make messages` keeps them in ours, which Django reads first. Found by
tests/security/test_hostile_strings.py (a NUL character in any field, a short password)."""

from django.utils.translation import gettext_lazy, ngettext_lazy

MESSAGES = (
    # django.core.validators.ProhibitNullCharactersValidator, on every CharField.
    gettext_lazy("Null characters are not allowed."),
    # django.contrib.auth.password_validation.MinimumLengthValidator.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
