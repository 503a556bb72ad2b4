from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from accounts.views import set_language
from config.backoffice import site as backoffice_site

urlpatterns = [
    # Django's language switch, also remembered on a signed-in user's account (their e-mails).
    path("i18n/setlang/", set_language, name="set_language"),
    # viewflow's date picker reads its words from Django's JavaScript catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Browsers ask for /favicon.ico wherever a document names no icon (viewflow's process chart,
    # a PDF): the site's icon, not a 404 logged on the browser's console.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=False),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("backoffice/", backoffice_site.urls),
    path("thong-bao/", include("notifications.urls")),
    path("", include("portal.urls")),
]
