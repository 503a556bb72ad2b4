"""Back-office page and exports of the outgoing register (sổ đăng ký văn bản đi), next to the
request register in the "Register and report" menu entry.

Who: as for the request register (register_views.py): the agencies where the user holds a role
(requests_flow.permissions.agencies_visible_to), all for superusers; naming another agency is 404.
Rows name requesters: the page and each export are written to the access log."""

from datetime import date

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.utils import Icon

from audit.models import AccessEvent
from audit.services import access_record

from ..models import Agency, LetterKind
from ..register.outgoing import (
    OUTGOING_COLUMNS,
    OutgoingFilter,
    build_outgoing_row,
    columns_for,
    outgoing_queryset,
    outgoing_rows,
)
from ..register.outgoing_export import outgoing_csv, outgoing_pdf, outgoing_xlsx
from ..register.rows import day_text
from ..register.scope import Period, officer_agencies
from .register_views import (
    CONTENT_TYPES,
    DATE,
    download,
    export_links,
    log_export,
    may_read,
    query_of,
)


class OutgoingFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All my agencies"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind of letter"), required=False, choices=[("", _("All")), *LetterKind.choices]
    )
    date_from = forms.DateField(label=_("Issued from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE)

    def __init__(self, data, *, agencies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data

    def agencies(self) -> list[Agency]:
        """The chosen agency, or every agency of the user's (the field's queryset)."""
        chosen = self.cleaned_data.get("agency")
        return [chosen] if chosen else list(self.fields["agency"].queryset)

    def agency_names(self) -> str:
        return "; ".join(agency.name for agency in self.agencies())

    def selection(self) -> OutgoingFilter:
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        period = None
        if start or end:
            period = Period(start or date(1900, 1, 1), end or date(2999, 12, 31))
        ids = tuple(agency.pk for agency in self.agencies())
        return OutgoingFilter(ids, data.get("year"), data.get("kind", ""), period)

    def scope_text(self) -> str:
        """The selection as printed on the exports (document text, Vietnamese)."""
        data, parts = self.cleaned_data, []
        if data.get("year"):
            parts.append(f"Năm {data['year']}")
        if data.get("kind"):
            with translation.override("vi"):
                parts.append(f"Loại: {LetterKind(data['kind']).label}")
        if data.get("date_from"):
            parts.append(f"từ ngày {data['date_from']:%d/%m/%Y}")
        if data.get("date_to"):
            parts.append(f"đến ngày {data['date_to']:%d/%m/%Y}")
        return "; ".join(parts) or "Tất cả các năm"


def cell_text(value) -> str:
    return day_text(value) if isinstance(value, date) else str(value)


def bound_outgoing(user, data) -> OutgoingFilterForm:
    """The form bound to `data` over defaults (the first agency, this year). An agency outside
    the user's is 404."""
    agencies = officer_agencies(user)
    allowed = [str(pk) for pk in agencies.values_list("pk", flat=True)]
    raw = data.get("agency")
    if raw and raw not in allowed:
        raise Http404
    defaults = {"agency": allowed[0] if allowed else "", "year": str(timezone.localdate().year)}
    return OutgoingFilterForm({**defaults, **data.dict()}, agencies=agencies)


def log_view(request, form, request_ids: list[int]) -> None:
    data = {name: form.data.get(name, "") for name in form.fields}
    data.update(page=request.GET.get("page", "1"), request_ids=request_ids)
    access_record(request, action=AccessEvent.Action.VIEW, object_kind="outgoing_page", data=data)


class OutgoingRegisterView(TemplateView):
    template_name = "backoffice/outgoing_register.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = bound_outgoing(self.request.user, self.request.GET)
        context.update(form=form, columns=[header for _key, header in OUTGOING_COLUMNS])
        if form.is_valid():
            selection = form.selection()
            columns = columns_for(selection.agency_ids)
            letters = outgoing_queryset(selection)
            page = Paginator(letters, self.paginate_by).get_page(self.request.GET.get("page"))
            rows = [build_outgoing_row(letter) for letter in page.object_list]
            query = query_of(form)
            log_view(self.request, form, sorted({row.request_id for row in rows}))
            context.update(
                page=page,
                rows=rows,
                columns=[header for _key, header in columns],
                cells=[[cell_text(row.value(key)) for key, _h in columns] for row in rows],
                query=query,
                exports=export_links("records:outgoing:export", query),
            )
        return context


class OutgoingExportView(View):
    def get(self, request, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise Http404
        form = bound_outgoing(request.user, request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(form.errors.as_text())
        selection, names, scope = form.selection(), form.agency_names(), form.scope_text()
        columns = columns_for(selection.agency_ids)
        rows = outgoing_rows(selection)
        if fmt == "csv":
            content = outgoing_csv(rows, columns)
        elif fmt == "xlsx":
            content = outgoing_xlsx(rows, names, scope, columns)
        else:
            content = outgoing_pdf(
                rows,
                agency_name=names,
                scope_text=scope,
                printed_on=timezone.localdate(),
                columns=columns,
            )
        log_export(request, f"outgoing_{fmt}", form, sorted({row.request_id for row in rows}))
        year = form.cleaned_data.get("year") or "all"
        agency = form.cleaned_data["agency"]
        stem = agency.short_name if agency else "tat-ca"
        return download(content, fmt, f"so-van-ban-di-{stem}-{year}")


class OutgoingRegisterViewset(AppMenuMixin, Viewset):
    title = _("Outgoing register")
    app_name = "outgoing"
    icon = Icon("outbox")
    index_path = path("", OutgoingRegisterView.as_view(), name="index")
    export_path = path("export/<str:fmt>/", OutgoingExportView.as_view(), name="export")

    def has_view_permission(self, user, obj=None):
        return may_read(user)
