from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts.views import set_language
from config.backoffice import site as backoffice_site

urlpatterns = [
    # Django's language switch, also remembered on a signed-in user's account (their e-mails).
    path("i18n/setlang/", set_language, name="set_language"),
    # viewflow's date picker reads its words from Django's JavaScript catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("backoffice/", backoffice_site.urls),
    path("thong-bao/", include("notifications.urls")),
    path("", include("portal.urls")),
]
