"""Officers keep their agency's catalogue of published information (Decree 13 Art. 6) in the
back office: a viewflow ModelViewset in its own menu entry, scoped to the user's agencies.

Who sees what: the list shows the items of every agency where the user holds a role and the view
permission; adding, changing and deleting need the model permission (from the role groups,
migration portal 0002) and a role other than supervisor in the item's agency (403 otherwise). An
item of an agency where the user holds no role is 404 on every URL; the agency field offers only
the agencies the user may edit, so a forged POST naming another agency is refused by the form."""

from django import forms
from django.contrib import messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, DeleteViewMixin, ModelViewset
from viewflow.utils import Icon, has_object_perm
from viewflow.views import Action, CreateModelView, DeleteModelView, UpdateModelView

from requests_flow.choices import Role
from requests_flow.models import Agency
from requests_flow.permissions import agency_ids_with

from .models import PublishedItem

EDITOR_ROLES = frozenset(Role.values) - {Role.SUPERVISOR}
FIELDS = [
    "agency",
    "name",
    "number_symbol",
    "issued_on",
    "form",
    "published_from",
    "published_until",
    "download_address",
]


def visible_agency_ids(user) -> list[int]:
    """Agencies whose catalogue the user sees in the back office (any role; all for superusers)."""
    return agency_ids_with(user)


def editable_agency_ids(user) -> list[int]:
    """Agencies whose catalogue the user may change: any role but supervisor."""
    return agency_ids_with(user, EDITOR_ROLES)


def formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # an address typed without a scheme
    return db_field.formfield(**kwargs)


class PublishedItemForm(forms.ModelForm):
    class Meta:
        model = PublishedItem
        fields = FIELDS
        formfield_callback = formfield


class ScopedFormMixin:
    """The agency field offers only the agencies the user may edit."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        editable = editable_agency_ids(self.request.user)
        field = form.fields["agency"]
        field.queryset = Agency.objects.filter(pk__in=editable).order_by("name")
        if len(editable) == 1 and not form.is_bound and form.instance.pk is None:
            field.initial = editable[0]
        return form


class CatalogueCreateView(ScopedFormMixin, CreateModelView):
    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class CatalogueUpdateView(ScopedFormMixin, UpdateModelView):
    pass


class CatalogueDeleteView(DeleteModelView):
    def form_valid(self, form):
        name = str(self.object)
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was deleted.") % {"name": name})
        return response


def publication_status(item: PublishedItem) -> str:
    today = timezone.localdate()
    if item.published_from > today:
        return _("Not yet published")
    if item.published_until and item.published_until < today:
        return _("Publication ended")
    return _("Published now")


class PublishedItemViewset(DeleteViewMixin, ModelViewset):
    model = PublishedItem
    title = _("Catalogue of published information")
    icon = Icon("library_books")
    form_class = PublishedItemForm
    create_view_class = CatalogueCreateView
    update_view_class = CatalogueUpdateView
    delete_view_class = CatalogueDeleteView
    bulk_delete_path = None  # one item at a time, through the scoped delete page
    list_columns = (
        "name",
        "number_symbol",
        "issued_on",
        "agency",
        "published_from",
        "published_until",
        "status",
    )
    list_paginate_by = 50
    list_search_fields = ("name", "number_symbol")

    def status(self, obj):
        return publication_status(obj)

    status.short_description = _("Publication")

    def get_queryset(self, request):
        return PublishedItem.objects.filter(
            agency_id__in=visible_agency_ids(request.user)
        ).select_related("agency")

    def _may(self, user, action: str, obj=None) -> bool:
        if not user.is_authenticated or not has_object_perm(user, action, self.model):
            return False
        editable = editable_agency_ids(user)
        return bool(editable) if obj is None else obj.agency_id in editable

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated or not visible_agency_ids(user):
            return False
        if obj is not None and obj.agency_id not in visible_agency_ids(user):
            return False
        return has_object_perm(user, "view", self.model) or self._may(user, "change", obj)

    def has_add_permission(self, user):
        return self._may(user, "add")

    def has_change_permission(self, user, obj=None):
        return self._may(user, "change", obj)

    def has_delete_permission(self, user, obj=None):
        return self._may(user, "delete", obj)

    def get_list_bulk_actions(self, request, *actions):
        return actions  # no bulk delete

    def get_update_page_actions(self, request, obj, *actions):
        if self.has_delete_permission(request.user, obj):
            delete = Action(
                name=_("Delete"),
                url=self.reverse("delete", args=[obj.pk]),
                icon=Icon("delete", class_="material-icons mdc-list-item__graphic"),
            )
            actions = (delete, *actions)
        return actions


class CatalogueApplication(Application):
    """The back-office menu entry of the catalogue."""

    title = _("Published information")
    icon = Icon("library_books")
    app_name = "catalogue"
    base_template_name = "backoffice/base_page.html"
    viewsets = [PublishedItemViewset()]

    def has_view_permission(self, user, obj=None):
        return bool(user.is_authenticated and visible_agency_ids(user)) and (
            has_object_perm(user, "view", PublishedItem)
            or has_object_perm(user, "change", PublishedItem)
        )
