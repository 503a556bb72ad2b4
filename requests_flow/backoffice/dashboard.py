"""The supervisor dashboard, in its own back-office menu entry ("Supervision").

Who: supervisors, leaders and heads of the focal unit see the dashboard of their agencies (an
agency selector when there are several); superusers see every agency; any other signed-in user
gets 403, and naming an agency outside the user's is 404, as on the register. Anonymous visitors
are sent to sign in (BackofficeSiteMiddleware).

What: live tiles (open, due soon, overdue, provided on time this month), the due-soon and overdue
requests, open requests per officer, and the last twelve months as SVG bar charts drawn on the
server. The tiles are wrapped in #dashboard-tiles whose data-live-refresh names this page with
?fragment=tiles: asked that way (or with an HX-Request header) the page answers the tiles element
alone, for the live refresh to swap in place of the old one; the lists below are wrapped in
#dashboard-lists, refreshed from the whole page (static/js/live.js). Every figure is an
aggregate: the page costs the same number of queries whatever the number of requests.

From 1 November it also asks an administrator to confirm the next year's working calendar while
no official notice confirms it (calendar_confirm.py holds the confirmation page)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import Application, AppMenuMixin, Viewset
from viewflow.utils import Icon

from ..deadlines import milestone_status
from ..flows import InformationRequestFlow
from ..models import Agency
from ..permissions import may_confirm_calendar, supervised_agency_ids
from ..templatetags.tiepcan import badge
from ..workdays import load_calendar
from .calendar_confirm import CalendarConfirmView, years_to_confirm
from .dashboard_selectors import monthly, needing_attention, officer_load, tiles

# Geometry of a chart, in SVG user units (the SVG scales to the card's width).
LEFT, TOP, PLOT_HEIGHT, SLOT, BAR, BOTTOM = 8, 18, 120, 40, 26, 22


def value_text(value, percent: bool) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}%" if percent else str(value)


def bar_chart(key: str, title, months, values, *, percent: bool = False) -> dict:
    """One bar per month; a month without a value (a rate with nothing answered) has an empty
    bar and a dash."""
    top = 100 if percent else max([v for v in values if v is not None] + [1])
    bars = []
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        height = 0 if value is None else round(PLOT_HEIGHT * value / top, 1)
        text = value_text(value, percent)
        bars.append(
            {
                "x": LEFT + i * SLOT + (SLOT - BAR) / 2,
                "y": TOP + PLOT_HEIGHT - height,
                "height": height,
                "middle": LEFT + i * SLOT + SLOT / 2,
                "label": month.start.strftime("%m/%y"),
                "month": month.start.strftime("%Y-%m"),  # not 03/2026: a register number
                "month_name": date_format(month.start, "YEAR_MONTH_FORMAT"),
                "text": text,
                "text_y": TOP + PLOT_HEIGHT - height - 4,
            }
        )
    return {
        "key": key,
        "title": title,
        "bars": bars,
        "bar_width": BAR,
        "width": LEFT * 2 + SLOT * len(bars),
        "height": TOP + PLOT_HEIGHT + BOTTOM,
        "axis_y": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 15,
    }


def charts(months) -> list[dict]:
    return [
        bar_chart("received", _("Received"), months, [m.received for m in months]),
        bar_chart("provided", _("Provided"), months, [m.provided for m in months]),
        bar_chart("refused", _("Refused"), months, [m.refused for m in months]),
        bar_chart(
            "on_time",
            _("Answered on time (%)"),
            months,
            [m.on_time_rate for m in months],
            percent=True,
        ),
    ]


def attention_rows(requests, now) -> list[dict]:
    calendar, flow = load_calendar(), InformationRequestFlow.instance
    rows = []
    for r in requests:
        process = getattr(r, "process", None)
        detail = flow.reverse("process_detail", args=[process.pk]) if process else ""
        officer = r.assigned_officer
        rows.append(
            {
                "register_number": r.register_number,
                "url": detail,
                "due": r.next_due,
                "badge": badge(milestone_status(due=r.next_due, now=now, calendar=calendar)),
                "officer": officer.display_name if officer else "",
                "state": r.get_state_display(),
            }
        )
    return rows


class SupervisorDashboardView(TemplateView):
    template_name = "backoffice/supervisor.html"
    tiles_template_name = "backoffice/supervisor_tiles.html"
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.allowed = supervised_agency_ids(request.user)
        if not self.allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def chosen_agency_id(self) -> int:
        raw = self.request.GET.get("agency", "")
        if not raw:
            return self.allowed[0]
        try:
            agency_id = int(raw)
        except ValueError:
            raise Http404 from None
        if agency_id not in self.allowed:
            raise Http404
        return agency_id

    def wants_fragment(self) -> bool:
        return bool(self.request.headers.get("HX-Request")) or (
            self.request.GET.get("fragment") == "tiles"
        )

    def get_template_names(self):
        return [self.tiles_template_name if self.wants_fragment() else self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency_id, now = self.chosen_agency_id(), timezone.now()
        today = timezone.localdate(now)
        page = reverse("supervision:dashboard:index")
        context.update(
            agency_id=agency_id,
            tiles=tiles(agency_id, today),
            month_name=date_format(today, "YEAR_MONTH_FORMAT"),
            refresh_url=f"{page}?{urlencode({'agency': agency_id, 'fragment': 'tiles'})}",
        )
        if self.wants_fragment():
            return context
        agencies = list(Agency.objects.filter(pk__in=self.allowed).order_by("name"))
        context.update(
            agencies=agencies,
            agency=next(a for a in agencies if a.pk == agency_id),
            attention=attention_rows(needing_attention(agency_id, today), now),
            load=officer_load(agency_id, today),
            charts=charts(monthly(agency_id, today)),
            calendar_years=years_to_confirm(today),
            may_confirm_calendar=may_confirm_calendar(self.request.user),
        )
        return context


class SupervisorDashboardViewset(AppMenuMixin, Viewset):
    title = _("Supervisor dashboard")
    app_name = "dashboard"
    icon = Icon("insights")
    index_path = path("", SupervisorDashboardView.as_view(), name="index")
    calendar_path = path("calendar/", CalendarConfirmView.as_view(), name="calendar_confirm")

    def has_view_permission(self, user, obj=None):
        return bool(supervised_agency_ids(user))


class SupervisionApplication(Application):
    """The back-office menu entry of the supervisor dashboard."""

    title = _("Supervision")
    icon = Icon("insights")
    app_name = "supervision"
    base_template_name = "backoffice/base_page.html"
    viewsets = [SupervisorDashboardViewset()]

    def has_view_permission(self, user, obj=None):
        return bool(supervised_agency_ids(user))
