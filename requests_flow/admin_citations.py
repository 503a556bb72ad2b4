"""Administration of what the law accepts and what the letters cite (DOMAIN §4.4).

Citations are saved through services.citation_save (audited in CitationChange), never by the
admin's own save: a rule set used by requests is frozen, its citations are not."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.admin import ReadOnlyAdmin

from . import services
from .choices import AgencyKind, Channel
from .models import Citation, CitationChange, RuleSet
from .services.citations import citation_errors


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = ("rule_set", "key", "text", "confirmed", "source_document")

    def clean(self):
        cleaned = super().clean()
        errors = citation_errors(
            cleaned.get("rule_set") or getattr(self.instance, "rule_set", None),
            cleaned.get("key") or self.instance.key or "",
            cleaned.get("text") or "",
            bool(cleaned.get("confirmed")),
            cleaned.get("source_document") or "",
        )
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class CitationChangeInline(admin.TabularInline):
    model = CitationChange
    extra = 0
    can_delete = False
    fields = ("at", "actor", "action", "text", "confirmed", "source_document", "previous_text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Edit and confirm a citation; it takes effect for letters drafted afterwards."""

    form = CitationForm
    list_display = ("rule_set", "key", "text", "confirmed", "confirmed_by", "confirmed_at")
    list_filter = ("rule_set", "confirmed")
    list_select_related = ("rule_set", "confirmed_by")
    search_fields = ("key", "text")
    inlines = [CitationChangeInline]

    def get_readonly_fields(self, request, obj=None):
        fixed = ("confirmed_by", "confirmed_at")
        return ("rule_set", "key", *fixed) if obj else fixed

    def has_delete_permission(self, request, obj=None):
        return False  # its audit trail stays; unconfirm it instead

    def save_model(self, request, obj, form, change):
        saved = services.citation_save(
            actor=request.user,
            rule_set=obj.rule_set,
            key=obj.key,
            text=obj.text,
            confirmed=obj.confirmed,
            source_document=obj.source_document,
        )
        obj.pk, obj.confirmed_by, obj.confirmed_at = (
            saved.pk,
            saved.confirmed_by,
            saved.confirmed_at,
        )
        if saved.confirmed:
            text = _("Letters drafted from now on print this citation; issued letters keep theirs.")
        else:
            text = _("Not confirmed: letters print the law's name alone until it is confirmed.")
        messages.info(request, text)


@admin.register(CitationChange)
class CitationChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "citation", "actor", "action", "confirmed", "source_document")
    list_filter = ("action", "confirmed")
    list_select_related = ("citation__rule_set", "actor")


class RuleSetForm(forms.ModelForm):
    accepted_channels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Channels the law accepts"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "A request by another channel is refused at entry. None ticked: no limit."
        ),
    )
    covered_agency_kinds = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Kinds of body the law covers"),
        choices=AgencyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "A request to a body of another kind is refused at entry. None ticked: no limit."
        ),
    )

    class Meta:
        model = RuleSet
        fields = (
            "code",
            "title",
            "citation",
            "law_name",
            "effective_from",
            "effective_to",
            "verified",
            "verification_note",
            "accepted_channels",
            "covered_agency_kinds",
            "rules",
        )


class CitationInline(admin.TabularInline):
    """Read only here: each citation is edited and confirmed on its own page."""

    model = Citation
    extra = 0
    can_delete = False
    fields = ("key", "text", "confirmed", "source_document", "confirmed_by", "confirmed_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    form = RuleSetForm
    list_display = ("title", "code", "effective_from", "effective_to", "verified")
    list_filter = ("verified",)
    inlines = [CitationInline]
