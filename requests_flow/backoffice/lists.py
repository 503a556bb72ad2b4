"""Inbox, queue and archive: viewflow's lists, scoped to the officer's agencies, with the columns
an officer works from (register number, masked requester, channel, state, next deadline and why,
assigned officer), sortable by due date and filtered by state, channel, due status and officer."""

import django_filters
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow.views import list as viewflow_lists

from ..choices import Channel, State
from ..deadlines import milestone_status
from ..permissions import agency_ids
from ..workdays import load_calendar

REQ = "process__requestprocess__request"


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
            return queryset.filter(next_due__lt=today)
        return queryset.filter(
            next_due__gte=today, next_due__lte=load_calendar().add_working_days(today, 1)
        )

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
        return (
            queryset.select_related(
                f"{REQ}__agency",
                f"{REQ}__assigned_officer",
                f"{REQ}__rule_set",
                "process__requestprocess",
            )
            .prefetch_related(f"{REQ}__milestones")
            .annotate(
                next_due=Min(
                    f"{REQ}__milestones__due_date",
                    filter=Q(**{f"{REQ}__milestones__met_at__isnull": True}),
                )
            )
        )

    def info(self, task):
        return task.process.requestprocess.request

    def register_number(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return render_to_string(
            "backoffice/cell_register.html", {"url": url, "request": self.info(task)}
        )

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
        if task.next_due is None:
            return ""
        status = milestone_status(due=task.next_due, now=timezone.now(), calendar=load_calendar())
        milestone = next(
            (
                m
                for m in self.info(task).milestones.all()
                if m.met_at is None and m.due_date == task.next_due
            ),
            None,
        )
        return render_to_string(
            "backoffice/cell_due.html",
            {"due": task.next_due, "status": status, "milestone": milestone},
        )

    next_due.short_description = _("Next deadline")
    next_due.orderby_column = "next_due"

    def officer(self, task):
        officer = self.info(task).assigned_officer
        return officer.display_name if officer else ""

    officer.short_description = _("Focal officer")

    def task_title(self, task):
        return task.title

    task_title.short_description = _("Task")


class InboxView(RequestColumnsMixin, viewflow_lists.FlowInboxListView):
    @property
    def queryset(self):
        return self.scoped(super().queryset)


class QueueView(RequestColumnsMixin, viewflow_lists.FlowQueueListView):
    @property
    def queryset(self):
        return self.scoped(super().queryset)


class ArchiveView(RequestColumnsMixin, viewflow_lists.FlowArchiveListView):
    @property
    def queryset(self):
        return self.scoped(super().queryset)
