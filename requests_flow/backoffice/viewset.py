"""The request flow's part of the back office: viewflow's Material frontend (inbox, queue, archive,
task pages) with our lists, our detail page and the agency gate on every URL. The site that puts
it beside the other parts (the portal's catalogue among them) is composed in config/backoffice.py,
so that requests_flow does not import portal."""

from django.urls import path
from viewflow.workflow.flow import FlowAppViewset

from .access import scope_patterns
from .bulk import ScopedBulkAssignView, ScopedBulkUnassignView
from .chart import ProcessChartView
from .detail import AccessCodeView, RequestDetailView
from .followups import (
    ComplaintOutcomeView,
    ComplaintRecordView,
    CorrectionAnswerView,
    CorrectionRequestView,
)
from .lists import (
    ArchiveView,
    DashboardView,
    InboxView,
    ProcessListView,
    QueueView,
    TaskListView,
    scope_tasks,
)


class RequestFlowViewset(FlowAppViewset):
    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    process_detail_view_class = RequestDetailView
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView
    dashboard_view_class = DashboardView
    tasks_assign_view_class = ScopedBulkAssignView
    tasks_unassign_view_class = ScopedBulkUnassignView
    chart_view_class = ProcessChartView
    base_template_name = "backoffice/base_page.html"
    menu_template_name = "backoffice/flow_menu.html"  # viewflow's, its counts refreshed live

    def get_context_data(self, request):
        """viewflow's menu shows how many tasks wait in the inbox and the queue: of the user's
        agencies only, as the lists themselves (the queue's permission check alone would count
        other agencies' tasks)."""
        counts = super().get_context_data(request)
        return {name: scope_tasks(tasks, request.user) for name, tasks in counts.items()}

    def _get_urls(self):
        extra = [
            path("<int:process_pk>/access-code/", AccessCodeView.as_view(), name="access_code"),
            path(
                "<int:process_pk>/complaints/new/",
                ComplaintRecordView.as_view(),
                name="complaint_record",
            ),
            path(
                "<int:process_pk>/complaints/outcome/",
                ComplaintOutcomeView.as_view(),
                name="complaint_outcome",
            ),
            path(
                "<int:process_pk>/correction/new/",
                CorrectionRequestView.as_view(),
                name="correction_request",
            ),
            path(
                "<int:process_pk>/correction/answer/",
                CorrectionAnswerView.as_view(),
                name="correction_answer",
            ),
        ]
        return scope_patterns(super()._get_urls() + extra)
