"""Inbox, queue and archive: viewflow's lists, scoped to the officer's agencies, with the columns
an officer works from (register number, masked requester, channel, state, next deadline and why,
assigned officer), sortable by due date and filtered by state, channel, due status and officer."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow.views import dashboard as viewflow_dashboard
from viewflow.workflow.flow.views import list as viewflow_lists
from viewflow.workflow.status import STATUS

from ..choices import Channel, State
from ..deadlines import milestone_status
from ..permissions import agency_ids
from ..templatetags.tiepcan import badge
from ..workdays import load_calendar

REQ = "process__requestprocess__request"
# viewflow's list with its rows refreshed live when a notification arrives (static/js/live.js).
LIVE_TASK_LIST = "backoffice/task_list.html"


class TaskFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), field_name=f"{REQ}__state", choices=State.choices
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), field_name=f"{REQ}__channel", choices=Channel.choices
    )
    due = django_filters.ChoiceFilter(
        label=_("Deadline"),
        method="filter_due",
        choices=[("overdue", _("Overdue")), ("due_soon", _("Due soon"))],
    )
    officer = django_filters.CharFilter(label=_("Officer"), method="filter_officer")

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(**{f"{REQ}__next_due__lt": today})
        soon = load_calendar().add_working_days(today, 1)
        return queryset.filter(**{f"{REQ}__next_due__gte": today, f"{REQ}__next_due__lte": soon})

    def filter_officer(self, queryset, name, value):
        return queryset.filter(
            Q(**{f"{REQ}__assigned_officer__full_name__icontains": value})
            | Q(**{f"{REQ}__assigned_officer__username": value})
        )


class RequestColumnsMixin:
    """Columns and scoping shared by the three lists."""

    columns = (
        "register_number",
        "requester",
        "channel",
        "state",
        "next_due",
        "officer",
        "task_title",
    )
    filterset_class = TaskFilter
    paginate_by = 50

    def scoped(self, queryset):
        user = self.request.user
        if not user.is_superuser:
            queryset = queryset.filter(**{f"{REQ}__agency_id__in": agency_ids(user)})
        return queryset.select_related(
            f"{REQ}__agency",
            f"{REQ}__assigned_officer",
            f"{REQ}__rule_set",
            "process__requestprocess",
        )

    def info(self, task):
        return task.process.requestprocess.request

    def register_number(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, self.info(task).register_number)

    register_number.short_description = _("Register no.")
    register_number.orderby_column = f"{REQ}__register_seq"

    def requester(self, task):
        r = self.info(task)
        return f"{r.requester_name} ({r.masked_id_number})"

    requester.short_description = _("Requester")

    def channel(self, task):
        return self.info(task).get_channel_display()

    channel.short_description = _("Channel")

    def state(self, task):
        return self.info(task).get_state_display()

    state.short_description = _("State")

    def next_due(self, task):
        """The date, its badge, and "why?" linking to the explanation on the request's page
        (computed there, not for every row of a list)."""
        due = self.info(task).next_due
        if due is None:
            return ""
        status = milestone_status(due=due, now=timezone.now(), calendar=load_calendar())
        detail = task.flow_task.flow_class.instance.reverse(
            "process_detail", args=[task.process_id]
        )
        return format_html(
            '{} {} <a class="tc-why" href="{}#deadlines" title="{}">{}</a>',
            date_format(due, "d/m/Y"),
            badge(status),
            detail,
            _("Why this date?"),
            _("why?"),
        )

    next_due.short_description = _("Next deadline")
    next_due.orderby_column = f"{REQ}__next_due"

    def officer(self, task):
        officer = self.info(task).assigned_officer
        return officer.display_name if officer else ""

    officer.short_description = _("Focal officer")

    def task_title(self, task):
        return task.title

    task_title.short_description = _("Task")


class InboxView(RequestColumnsMixin, viewflow_lists.FlowInboxListView):
    template_name = LIVE_TASK_LIST

    @property
    def queryset(self):
        return self.scoped(super().queryset)


class QueueView(RequestColumnsMixin, viewflow_lists.FlowQueueListView):
    template_name = LIVE_TASK_LIST

    @property
    def queryset(self):
        return self.scoped(super().queryset)


class ArchiveView(RequestColumnsMixin, viewflow_lists.FlowArchiveListView):
    @property
    def queryset(self):
        return self.scoped(super().queryset)


def scope_tasks(queryset, user):
    """Tasks of the user's agencies only (administrators see all)."""
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{REQ}__agency_id__in": agency_ids(user)})


class ProcessListView(viewflow_dashboard.DashboardProcessListView):
    def get_queryset(self):
        queryset = super().get_queryset().order_by("-created")
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(request__agency_id__in=agency_ids(self.request.user))


class TaskListView(viewflow_dashboard.DashboardTaskListView):
    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user)


class DashboardView(viewflow_dashboard.DashboardView):
    """viewflow's dashboard shows open tasks per step; only the user's agencies' here."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        available = self.flow_class.task_class._default_manager.filter_available(
            [self.flow_class], user
        )
        for column in context["columns"]:
            column["tasks"] = scope_tasks(
                available.filter(
                    Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=column["node"]
                ),
                user,
            )[: self.MAX_ROWS]
        context["finished"] = scope_tasks(
            available.filter(finished__isnull=False, flow_task__in=context["end_nodes"]), user
        )[: self.MAX_ROWS]
        return context
