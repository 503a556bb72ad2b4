"""Back-office pages of the request register and of the Decree 13 Art. 12 report, in their own
menu entry ("Register and report").

Who: anyone holding a role in an agency (focal officers, heads, leaders, supervisors) sees that
agency's register and report; superusers see all. Naming an agency where the user holds no role,
on a page or an export, is 404 as if it did not exist. The report may add the agencies below the
chosen one (counts only, no personal data); the register never shows another agency's rows.
Exports are sent with "no-store": they carry personal data (the ID number is always masked)."""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.utils import Icon

from audit.models import AccessEvent
from audit.services import access_record

from ..choices import State
from ..models import Agency
from ..permissions import is_officer
from ..register.exports import register_csv, register_xlsx
from ..register.pdf import register_pdf
from ..register.report import report_figures
from ..register.report_export import ReportText, report_pdf, report_xlsx
from ..register.rows import COLUMNS, OPEN, build_row, register_queryset, register_rows
from ..register.scope import Period, officer_agencies, period_line

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class PeriodForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    date_from = forms.DateField(label=_("Received from"), widget=DATE)
    date_to = forms.DateField(label=_("to"), widget=DATE)

    def __init__(self, data, *, agencies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


class RegisterFilterForm(PeriodForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), (OPEN, _("Open")), *State.choices],
    )


class ReportFilterForm(PeriodForm):
    with_children = forms.BooleanField(label=_("Include the agencies below it"), required=False)


class ReportTextForm(forms.Form):
    difficulties = forms.CharField(
        label=_("Difficulties and obstacles"),
        required=False,
        max_length=20000,
        widget=forms.Textarea,
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, max_length=20000, widget=forms.Textarea
    )


def bound(form_class, user, data):
    """The form bound to `data` over defaults (the first agency, 1 January to today). An agency
    outside the user's is 404."""
    agencies = officer_agencies(user)
    allowed = [str(pk) for pk in agencies.values_list("pk", flat=True)]
    raw = data.get("agency")
    if raw and raw not in allowed:
        raise Http404
    today = timezone.localdate()
    defaults = {
        "agency": allowed[0] if allowed else "",
        "date_from": date(today.year, 1, 1).isoformat(),
        "date_to": today.isoformat(),
    }
    return form_class({**defaults, **data.dict()}, agencies=agencies)


def query_of(form) -> str:
    return urlencode({name: form.data.get(name, "") for name in form.fields})


def log_export(request, kind: str, form, request_ids: list[int] | None = None) -> None:
    """An export in the access log, with the filter used and, for the register (personal data),
    the requests whose rows it holds."""
    data = {name: form.data.get(name, "") for name in form.fields}
    if request_ids is not None:
        data["request_ids"] = request_ids
    access_record(request, action=AccessEvent.Action.DOWNLOAD, object_kind=kind, data=data)


def log_register_view(request, form, request_ids: list[int]) -> None:
    data = {name: form.data.get(name, "") for name in form.fields}
    data.update(page=request.GET.get("page", "1"), request_ids=request_ids)
    access_record(request, action=AccessEvent.Action.VIEW, object_kind="register_page", data=data)


def download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


class RegisterView(TemplateView):
    template_name = "backoffice/register.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = bound(RegisterFilterForm, self.request.user, self.request.GET)
        context.update(form=form, columns=[header for _key, header in COLUMNS])
        if form.is_valid():
            data = form.cleaned_data
            requests = register_queryset(data["agency"].pk, form.period, data["state"])
            page = Paginator(requests, self.paginate_by).get_page(self.request.GET.get("page"))
            query = query_of(form)
            # The page shows names and contacts: an officer's view of each listed person's data.
            log_register_view(self.request, form, [r.pk for r in page.object_list])
            context.update(
                page=page,
                rows=[build_row(r) for r in page.object_list],
                query=query,
                exports=export_links("records:register:export", query),
            )
        return context


def export_links(url_name: str, query: str) -> list[tuple[str, str]]:
    """The page's export buttons: each format with the page's filters."""
    return [
        (label, f"{reverse(url_name, args=[fmt])}?{query}")
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF"))
    ]


class RegisterExportView(View):
    def get(self, request, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise Http404
        form = bound(RegisterFilterForm, request.user, request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(form.errors.as_text())
        agency, period = form.cleaned_data["agency"], form.period
        rows = register_rows(agency.pk, period, form.cleaned_data["state"])
        if fmt == "csv":
            content = register_csv(rows)
        elif fmt == "xlsx":
            content = register_xlsx(rows, agency.name, period_line(period))
        else:
            content = register_pdf(
                rows,
                agency_name=agency.name,
                period_text=period_line(period),
                printed_on=timezone.localdate(),
            )
        state = form.cleaned_data["state"]
        ids = list(register_queryset(agency.pk, period, state).values_list("pk", flat=True))
        log_export(request, f"register_{fmt}", form, ids)
        return download(content, fmt, f"so-theo-doi-{agency.short_name}-{period.slug()}")


class ReportView(TemplateView):
    template_name = "backoffice/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = bound(ReportFilterForm, self.request.user, self.request.GET)
        context.update(form=form, text_form=ReportTextForm())
        if form.is_valid():
            data = form.cleaned_data
            context["figures"] = report_figures(
                data["agency"],
                form.period,
                today=timezone.localdate(),
                with_children=data["with_children"],
            )
            context["hidden"] = {name: form.data.get(name, "") for name in form.fields}
        return context


class ReportExportView(View):
    """POST, so that the free text (not stored) travels in the body, not in the address."""

    http_method_names = ["post"]

    def post(self, request, fmt: str):
        if fmt not in ("pdf", "xlsx"):
            raise Http404
        form = bound(ReportFilterForm, request.user, request.POST)
        text_form = ReportTextForm(request.POST)
        if not (form.is_valid() and text_form.is_valid()):
            return HttpResponseBadRequest((form.errors or text_form.errors).as_text())
        data, today = form.cleaned_data, timezone.localdate()
        figures = report_figures(
            data["agency"], form.period, today=today, with_children=data["with_children"]
        )
        text = ReportText(**text_form.cleaned_data)
        if fmt == "pdf":
            content = report_pdf(figures, text, issued_on=today)
        else:
            content = report_xlsx(figures, text)
        log_export(request, f"report_{fmt}", form)  # counts only: no person named
        return download(content, fmt, f"bao-cao-{data['agency'].short_name}-{form.period.slug()}")


def may_read(user) -> bool:
    return is_officer(user)


class RegisterViewset(AppMenuMixin, Viewset):
    title = _("Request register")
    app_name = "register"
    icon = Icon("menu_book")
    index_path = path("", RegisterView.as_view(), name="index")
    export_path = path("export/<str:fmt>/", RegisterExportView.as_view(), name="export")

    def has_view_permission(self, user, obj=None):
        return may_read(user)


class ReportViewset(AppMenuMixin, Viewset):
    title = _("Report (Decree 13 Art. 12)")
    app_name = "report"
    icon = Icon("summarize")
    index_path = path("", ReportView.as_view(), name="index")
    export_path = path("export/<str:fmt>/", ReportExportView.as_view(), name="export")

    def has_view_permission(self, user, obj=None):
        return may_read(user)
