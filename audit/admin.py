from django.contrib import admin

from .models import AccessEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only the application writes (the access log here, requests and their audit trail
    in requests_flow.admin): the admin shows them and can change nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """Read only: the access log is written by audit.services and never changed."""

    list_display = ("at", "user", "access_code_id", "action", "object_kind", "request")
    list_filter = ("action", "object_kind")
    list_select_related = ("user", "request__agency")
    exclude = ("person_ref",)
