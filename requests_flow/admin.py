"""Administration of agencies, rule sets and the calendar. Requests are read-only here: their state
changes only through the services (the back office), so the admin cannot bypass the audit trail."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.admin import ReadOnlyAdmin

from . import (
    admin_citations,  # noqa: F401  # registers rule sets, citations and their changes
    services,
)
from .models import (
    Agency,
    AgencyMembership,
    CalendarOverride,
    CalendarYear,
    CalendarYearEvent,
    Decision,
    InformationRequest,
    Letter,
    Milestone,
    RequestEvent,
)


class MembershipInline(admin.StackedInline):
    # Stacked, not tabular: the tabular layout draws each row's "delete" checkbox without a label
    # (axe-core's WCAG "label" rule, seen by the guide's screenshot test).
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "short_name",
        "letter_symbol",
        "parent",
        "kind",
        "area_class",
        "is_active",
    )
    list_filter = ("kind", "area_class", "is_active")
    search_fields = ("name", "short_name")
    inlines = [MembershipInline]


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor", "action", "from_state", "to_state", "reason", "legal_basis")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "due_date", "basis", "met_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "register_number",
        "agency",
        "requester_name",
        "channel",
        "state",
        "received_at",
    )
    list_filter = ("state", "channel", "agency")
    search_fields = ("tracking_code", "requester_name")
    exclude = ("id_number",)  # personal data: shown masked only
    readonly_fields = ("masked_id_number",)
    inlines = [MilestoneInline, EventInline]
    list_select_related = ("agency",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("request", "kind", "status", "drafted_by", "decided_by", "decided_at")
    list_filter = ("kind", "status")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Saving or deleting goes through the calendar services, which recompute open requests."""

    list_display = ("date", "kind", "reason", "legal_basis")
    list_filter = ("kind",)
    exclude = ("created_by",)

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            services.calendar_override_delete(actor=request.user, day=form.initial["date"])
        _override, moved = services.calendar_override_save(
            actor=request.user,
            day=obj.date,
            kind=obj.kind,
            reason=obj.reason,
            legal_basis=obj.legal_basis,
        )
        obj.pk = _override.pk
        self._report(request, moved)

    def delete_model(self, request, obj):
        self._report(request, services.calendar_override_delete(actor=request.user, day=obj.date))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def _report(self, request, moved: int) -> None:
        messages.info(
            request, _("Deadlines recomputed: %(n)s open request(s) moved.") % {"n": moved}
        )


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    """Read only: a year is confirmed on the back office's page (Supervision), through
    services.calendar_year_confirm, which records who, when and an audit row."""

    list_display = ("year", "confirmed", "notice_number", "confirmed_by", "confirmed_at")
    list_filter = ("confirmed",)


@admin.register(CalendarYearEvent)
class CalendarYearEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "year", "action", "notice_number", "actor")
    list_select_related = ("actor",)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number_text", "kind", "agency", "request", "issued_at", "rendered_at")
    list_filter = ("kind", "agency", "year")
    list_select_related = ("agency", "request__agency")


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "request", "actor", "action", "from_state", "to_state")
    list_filter = ("action",)
    list_select_related = ("request__agency", "actor")


admin.site.site_header = gettext_lazy("Tiếp Cận administration")
admin.site.site_title = gettext_lazy("Tiếp Cận")
