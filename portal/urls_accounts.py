"""Citizen accounts (portal.accounts). Included by portal/urls.py, so names are "portal:…".

Signing in, out and resetting a password stay on Django's views at /accounts/ (config/urls.py);
their templates are in templates/registration/."""

from django.urls import path

from . import accounts

urlpatterns = [
    path("tai-khoan/dang-ky/", accounts.register, name="register"),
    path("tai-khoan/dang-ky/da-gui/", accounts.register_done, name="register_done"),
    path("tai-khoan/xac-minh/<str:token>/", accounts.verify, name="verify"),
    path("tai-khoan/gui-lai/", accounts.resend, name="resend"),
    path("tai-khoan/gui-lai/da-gui/", accounts.resend_done, name="resend_done"),
]
