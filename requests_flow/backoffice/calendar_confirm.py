"""Confirming a year's working calendar (DOMAIN §4.1), beside the supervisor dashboard.

From 1 November (local date) the dashboard asks an administrator to confirm the next year's
calendar while it is projected (and the current year's, if it still is). The page shows the days
off and make-up working days the deadlines will use for that year, to be checked against the
Government's notice; confirming records the notice's number, who and when, through
services.calendar_year_confirm (audited). Only administrators reach it (403 for anyone else)."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from .. import services
from ..permissions import may_confirm_calendar
from ..services.calendar import NOTICE_MAX, NOTICE_NUMBER_MAX
from ..workdays import FIRST_YEAR, WorkCalendar, load_calendar

PROMPT_FROM = (11, 1)  # (month, day): the next year's calendar is asked for from 1 November


def years_to_confirm(today: date, calendar: WorkCalendar | None = None) -> list[int]:
    """Projected years an administrator is asked to confirm: the current one, and from 1
    November the next one (notices usually come in the autumn before the year)."""
    calendar = calendar or load_calendar()
    years = [today.year]
    if (today.month, today.day) >= PROMPT_FROM:
        years.append(today.year + 1)
    return [y for y in years if calendar.is_projected(y)]


def calendar_of_year(year: int, calendar: WorkCalendar) -> tuple[list[str], list[str]]:
    """The weekdays off and the worked weekend days of `year`, each with its reason."""
    days_off, worked = [], []
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5:
            reason = calendar.day_off_reason(day)
            if reason is not None:
                days_off.append(f"{day:%d/%m/%Y}: {reason}")
        elif calendar.is_working_day(day):
            worked.append(f"{day:%d/%m/%Y}: {calendar.working_reason(day)}")
        day += timedelta(days=1)
    return days_off, worked


class CalendarConfirmForm(forms.Form):
    # The service says what is missing or wrong (in the user's language): one set of rules.
    year = forms.IntegerField(label=gettext_lazy("Year"))
    notice_number = forms.CharField(
        label=gettext_lazy("Notice number"),
        required=False,
        max_length=NOTICE_NUMBER_MAX,
        help_text=gettext_lazy("E.g. 9859/VPCP-KGVX; several numbers separated by “;”."),
    )
    notice = forms.CharField(
        label=gettext_lazy("What the notice fixes"),
        required=False,
        max_length=NOTICE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CalendarConfirmView(FormView):
    template_name = "backoffice/calendar_confirm.html"
    form_class = CalendarConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_confirm_calendar(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        asked = self.request.GET.get("year", "")
        if asked.isdigit():
            return {"year": int(asked)}
        today = timezone.localdate()
        return {"year": (years_to_confirm(today) or [today.year + 1])[0]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        year = form.cleaned_data.get("year") if form.is_bound else form.initial.get("year")
        calendar = load_calendar()
        # Only the years one may confirm (a typed 99999 must not compute a calendar).
        if isinstance(year, int) and FIRST_YEAR <= year <= timezone.localdate().year + 1:
            days_off, worked = calendar_of_year(year, calendar)
            context.update(
                year=year, projected=calendar.is_projected(year), days_off=days_off, worked=worked
            )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.calendar_year_confirm(
                actor=self.request.user,
                year=data["year"],
                notice_number=data["notice_number"],
                notice=data["notice"],
            )
        except services.InvalidInput as exc:
            for field, message in exc.errors.items():
                form.add_error(field, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The %(year)s calendar is confirmed by notice %(number)s.")
            % {"year": data["year"], "number": data["notice_number"].strip()},
        )
        return redirect(reverse("supervision:dashboard:index"))
