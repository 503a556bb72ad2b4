"""Messages of Django itself that its Vietnamese catalogue lacks (no translation, or an older
msgid): marked here so that `make messages` keeps them in ours, which Django reads first. Found by
tests/security/test_hostile_strings.py (a NUL character in any field, a short password) and on
viewflow's bulk-assign page (django.utils.timesince: "0 minutes")."""

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
    # django.utils.timesince.TIME_STRINGS ("timesince" in templates).
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
