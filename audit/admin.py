from django.contrib import admin

from requests_flow.admin import ReadOnlyAdmin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """Read only: the access log is written by audit.services and never changed."""

    list_display = ("at", "user", "access_code_id", "action", "object_kind", "request")
    list_filter = ("action", "object_kind")
    list_select_related = ("user", "request__agency")
    exclude = ("person_ref",)
