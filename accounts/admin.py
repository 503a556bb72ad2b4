from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class TiepCanUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Profile"), {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    # Written by sign-in and registration, never by hand (and Django's split date-time inputs
    # for them have no labels).
    readonly_fields = ("last_login", "date_joined")
    # Plain multiple selects for groups and permissions: Django's two-box filter widget puts an
    # aria-label on a span with no role (axe: aria-prohibited-attr). Roles come from agency
    # memberships, not from these.
    filter_horizontal = ()
