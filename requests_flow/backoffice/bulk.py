"""The queue's bulk pages (take or give back several tasks), scoped like the lists.

viewflow's bulk views read the whole task table filtered by the posted pks (or every task, with
"select all"); their confirmation page listed other agencies' tasks with their register numbers
and states before the final step refused them (outside test, #17.3). Here the page only ever
sees this flow's open tasks of the user's agencies; viewflow still re-checks each task's own
node permission when the action is confirmed.
"""

from viewflow.workflow.flow.views import actions as flow_actions
from viewflow.workflow.status import STATUS

from ..flows import InformationRequestFlow
from .lists import scope_tasks


class ScopedBulkMixin:
    open_statuses = (STATUS.NEW, STATUS.ASSIGNED)

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .filter(process__flow_class=InformationRequestFlow, status__in=self.open_statuses)
        )
        self.object_list = scope_tasks(queryset, self.request.user)
        return self.object_list


class ScopedBulkAssignView(ScopedBulkMixin, flow_actions.BulkAssignTasksActionView):
    open_statuses = (STATUS.NEW,)


class ScopedBulkUnassignView(ScopedBulkMixin, flow_actions.BulkUnassignTasksActionView):
    open_statuses = (STATUS.ASSIGNED,)
