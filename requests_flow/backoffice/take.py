"""Taking a task from the queue: the page shows the request first (issue #15.11: it showed
nothing of it, so an officer took tasks blind). Who may take it is still the flow node's
can_assign (QueueTask, permissions.may_take_task), checked by viewflow before this view runs."""

from viewflow.workflow.flow.views import AssignTaskView

from audit.models import AccessEvent
from audit.services import access_record

from ..selectors import request_for_page


class TakeTaskView(AssignTaskView):
    template_name = "backoffice/task_take.html"

    def get(self, request, *args, **kwargs):
        # The summary shows the requester's name and masked ID: an officer's view, logged.
        access_record(
            request,
            action=AccessEvent.Action.VIEW,
            object_kind="task",
            object_id=request.activation.task.pk,
            info_request=request.activation.process.request,
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["info_request"] = request_for_page(self.request.activation.process.request_id)
        context["task_title"] = self.request.activation.flow_task.task_title
        return context
