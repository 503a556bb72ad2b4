"""Taking a task from the queue: the page shows the request first (issue #15.11: it showed
nothing of it, so an officer took tasks blind). Who may take it is still the flow node's
can_assign (QueueTask, permissions.may_take_task), checked by viewflow before this view runs."""

from viewflow.workflow.flow.views import AssignTaskView

from ..selectors import request_for_page
from .base import record_task_view


class TakeTaskView(AssignTaskView):
    template_name = "backoffice/task_take.html"

    def get(self, request, *args, **kwargs):
        record_task_view(request)  # the summary shows the requester's name and masked ID
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["info_request"] = request_for_page(self.request.activation.process.request_id)
        context["task_title"] = self.request.activation.flow_task.task_title
        return context
