"""The language switch, remembered on the account of a signed-in user."""

from django.conf import settings
from django.views.i18n import set_language as django_set_language

LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


def set_language(request):
    """Django's switch (cookie, redirect), and for a signed-in user also the language of their
    e-mails and notifications from now on."""
    response = django_set_language(request)
    chosen = request.POST.get("language")
    user = request.user
    # Django's view changes the language on POST only (a GET just redirects back).
    if request.method != "POST" or not user.is_authenticated:
        return response
    if chosen in LANGUAGE_CODES and user.language != chosen:
        user.language = chosen
        user.save(update_fields=["language"])
    return response
