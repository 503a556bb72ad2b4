"""The language of each page: Vietnamese, unless the person chose English with the switch.

A Vietnamese public service speaks Vietnamese whatever the browser or phone is set to; Django's
LocaleMiddleware would follow Accept-Language, and a phone set to English got the English site
(issue #15.8). English comes only from the switch: its cookie, or for a signed-in person the
language saved on their account (accounts.views.set_language writes both)."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

CHOICES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in CHOICES:
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in CHOICES:
        return user.language
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """After AuthenticationMiddleware (it reads the account's language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
