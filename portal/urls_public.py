"""The public access-to-information section of each agency (portal.public)."""

from django.urls import path

from . import public

urlpatterns = [
    path("co-quan/<path:short_name>/", public.agency_section, name="agency"),
]
