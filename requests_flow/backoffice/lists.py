"""Inbox, queue and archive: viewflow's lists, scoped to the officer's agencies, with the columns
an officer works from (register number, masked requester, channel, state, next deadline and why,
assigned officer), sortable by due date and filtered by state, channel, due status and officer."""

from functools import cached_property

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from viewflow.views import Action
from viewflow.views import list as viewflow_lists
from viewflow.workflow.flow.views import dashboard as viewflow_dashboard
from viewflow.workflow.flow.views import list as flow_lists
from viewflow.workflow.flow.views import mixins as flow_mixins
from viewflow.workflow.status import STATUS

from accounts.models import person_display_name

from ..choices import Channel, State
from ..deadlines import milestone_status
from ..models import InformationRequest
from ..permissions import scope_to_agencies
from ..templatetags.tiepcan import badge
from ..validators import mask_id_number
from ..workdays import load_calendar
from .letter_selectors import waiting_count

REQ = "process__requestprocess__request"
# viewflow's list with its rows refreshed live when a notification arrives (static/js/live.js).
LIVE_TASK_LIST = "backoffice/task_list.html"
PIN_LOCATION = "vf-pin-location"  # viewflow's session key for the list to come back to


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


# The request's columns the rows show, read as plain values on the task row: one model object per
# row (the task) instead of six (task, process, request process, request, officer, rule set).
ROW_VALUES = {
    "r_seq": "register_seq",
    "r_year": "register_year",
    "r_name": "requester_name",
    "r_id_number": "id_number",
    "r_row_uid": "row_uid",  # what the encrypted id_number is bound to: needed to open it
    "r_channel": "channel",
    "r_state": "state",
    "r_next_due": "next_due",
    "r_officer_full_name": "assigned_officer__full_name",
    "r_officer_first_name": "assigned_officer__first_name",
    "r_officer_last_name": "assigned_officer__last_name",
    "r_officer_username": "assigned_officer__username",
}
ID_NUMBER = InformationRequest._meta.get_field("id_number")
# Stand-ins for the ids in a reversed URL, replaced per row: one reverse() per page, not per row.
PROCESS_MARK, TASK_MARK = 987654301, 987654302


def url_template(html: str) -> str:
    """`html` (holding a URL reversed with the marks) as a str.format template with {process}
    and {task}; braces already in it (a translated title, say) stay text."""
    html = html.replace("{", "{{").replace("}", "}}")
    return html.replace(str(PROCESS_MARK), "{process}").replace(str(TASK_MARK), "{task}")


def assembled_html(html: str) -> str:
    """Safe text for HTML this module assembled from parts escaped once per page (format_html,
    escape) and integers; nothing else may be passed here."""
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: escaped parts and integers only


class FixedColumn(viewflow_lists.DataSourceColumn):
    """viewflow's column looks its type up again for every cell; a list's columns do not change
    while the page renders. The type is worked out once, as safe text (nothing to escape)."""

    def __init__(self, data_source, attr_name):
        super().__init__(data_source, attr_name)
        self._column_type = escape(super().column_type())

    def column_type(self):
        return self._column_type

    def __getitem__(self, key):
        # A template's {{ column.column_type }} tries column["column_type"] first and falls back
        # to the attribute after an exception: answering the key spares that for every cell.
        if key == "column_type":
            return self._column_type
        raise KeyError(key)


class RequestColumnsMixin:
    """Columns and scoping shared by the three lists.

    Everything a row needs that does not depend on the row (labels, URL shapes, today's badge for
    a date) is worked out once per page; a row is string formatting only."""

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
        queryset = scope_to_agencies(queryset, self.request.user, f"{REQ}__agency_id")
        values = {name: F(f"{REQ}__{path}") for name, path in ROW_VALUES.items()}
        return queryset.select_related(None).annotate(**values)

    def dispatch(self, request, *args, **kwargs):
        # viewflow's StoreRequestPathMixin saves the session on every list page (a database write
        # per page view) even when the remembered address is unchanged: write only on a change.
        path = request.get_full_path()
        if request.session.get(PIN_LOCATION) != path:
            request.session[PIN_LOCATION] = path
        return super(flow_mixins.StoreRequestPathMixin, self).dispatch(request, *args, **kwargs)

    def get_column_def(self, attr_name):
        column = super().get_column_def(attr_name)
        if type(column) is viewflow_lists.DataSourceColumn:
            return FixedColumn(column.data_source, attr_name)
        return column

    def get_page_data(self, page):
        """viewflow's rows ([(column, value), ...] per task) without its per-cell formatting: our
        column methods already return text or safe HTML."""
        columns = [(c, getattr(self, c.attr_name)) for c in self.list_columns.values()]
        for task in page:
            yield task, [(column, method(task)) for column, method in columns]

    @cached_property
    def _labels(self):
        """Labels in the page's language, escaped once (safe text: the template keeps them)."""
        return {
            "channel": {value: escape(label) for value, label in Channel.choices},
            "state": {value: escape(label) for value, label in State.choices},
            "task": {},  # flow node -> its title (viewflow's Task.title), filled as rows come
        }

    @cached_property
    def _link_templates(self):
        return {}

    @cached_property
    def _why_link(self):
        """ "why?" linking to the explanation on the request's page, with {process} to fill."""
        url = self.flow_class.instance.reverse("process_detail", args=[PROCESS_MARK])
        link = format_html(
            '<a class="tc-why" href="{}#deadlines" title="{}">{}</a>',
            url,
            _("Why this date?"),
            _("why?"),
        )
        return url_template(link)

    @cached_property
    def _due_cells(self):
        """The date and its badge, per due date: a page shows few distinct dates."""
        now, calendar = timezone.now(), load_calendar()
        badges = KeyedCache(badge)

        def cell(due):
            status = milestone_status(due=due, now=now, calendar=calendar)
            return f"{due:%d/%m/%Y} {badges[status]}"

        return KeyedCache(cell)

    def register_number(self, task):
        """The register number linking to the task. The link's HTML is escaped once per page and
        kind of task; a row fills in integers only."""
        template = self._link_templates.get(task.flow_task)
        if template is None:
            url = task.flow_task.reverse("index", args=[PROCESS_MARK, TASK_MARK])
            href = url_template(escape(url))
            template = self._link_templates[task.flow_task] = (
                f'<a href="{href}">{{seq:02d}}/{{year}}</a>'
            )
        html = template.format(
            process=task.process_id, task=task.pk, seq=task.r_seq, year=task.r_year
        )
        return assembled_html(html)

    register_number.short_description = _("Register no.")
    register_number.orderby_column = f"{REQ}__register_seq"

    def requester(self, task):
        number = ID_NUMBER.open_value(task.r_id_number, task.r_row_uid)
        return f"{task.r_name} ({mask_id_number(number)})"

    requester.short_description = _("Requester")

    def channel(self, task):
        return self._labels["channel"].get(task.r_channel, task.r_channel)

    channel.short_description = _("Channel")

    def state(self, task):
        return self._labels["state"].get(task.r_state, task.r_state)

    state.short_description = _("State")

    def next_due(self, task):
        """The date, its badge, and "why?" linking to the explanation on the request's page
        (computed there, not for every row of a list)."""
        due = task.r_next_due
        if due is None:
            return ""
        why = self._why_link.format(process=task.process_id)
        return assembled_html(f"{self._due_cells[due]} {why}")

    next_due.short_description = _("Next deadline")
    next_due.orderby_column = f"{REQ}__next_due"

    def officer(self, task):
        if task.r_officer_username is None:
            return ""
        return person_display_name(
            full_name=task.r_officer_full_name,
            first_name=task.r_officer_first_name,
            last_name=task.r_officer_last_name,
            username=task.r_officer_username,
        )

    officer.short_description = _("Focal officer")

    def task_title(self, task):
        titles = self._labels["task"]
        if task.flow_task not in titles:
            titles[task.flow_task] = escape(task.title or "")
        return titles[task.flow_task]

    task_title.short_description = _("Task")


class KeyedCache(dict):
    """A dict that computes a missing value with `compute(key)` and keeps it."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        value = self[key] = self.compute(key)
        return value


class InboxView(RequestColumnsMixin, flow_lists.FlowInboxListView):
    template_name = LIVE_TASK_LIST

    @cached_property  # viewflow reads it six times a page; built once (ListView clones it)
    def queryset(self):
        return self.scoped(super().queryset)

    def get_context_data(self, **kwargs):
        # The letters waiting for the person are tasks too (issue #13), outside the flow: their
        # count and a link to them head the inbox.
        context = super().get_context_data(**kwargs)
        context["letters_waiting"] = waiting_count(self.request.user)
        return context


class QueueView(RequestColumnsMixin, flow_lists.FlowQueueListView):
    template_name = LIVE_TASK_LIST
    # Take several waiting tasks at once (viewflow's tasks_assign page, scoped by the access
    # gate like every back-office URL).
    bulk_actions = (Action(name=_("Assign selected tasks"), viewname="tasks_assign"),)

    @cached_property  # viewflow reads it six times a page; built once (ListView clones it)
    def queryset(self):
        return self.scoped(super().queryset)


class ArchiveView(RequestColumnsMixin, flow_lists.FlowArchiveListView):
    @cached_property  # viewflow reads it six times a page; built once (ListView clones it)
    def queryset(self):
        return self.scoped(super().queryset)


def scope_tasks(queryset, user):
    """Tasks of the user's agencies only (administrators see all)."""
    return scope_to_agencies(queryset, user, f"{REQ}__agency_id")


class ProcessListView(viewflow_dashboard.DashboardProcessListView):
    def get_queryset(self):
        queryset = super().get_queryset().order_by("-created")
        return scope_to_agencies(queryset, self.request.user, "request__agency_id")


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
