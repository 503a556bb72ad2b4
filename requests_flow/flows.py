"""The viewflow process of a request: who does what next (DOMAIN §3).

Flow nodes decide routing only; every change of the request goes through requests_flow.services,
called by the task views in requests_flow.backoffice. After each human task a Switch reads the
request's state (the one source of truth) to choose the next task.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from .backoffice import task_views as views
from .backoffice.take import TakeTaskView
from .choices import FINAL_STATES, State
from .models import InformationRequest, RequestProcess
from .permissions import is_officer_of, may_take_task


def _request(activation) -> InformationRequest:
    """The request as stored now. The process's cached `request` was read by the task view before
    its service call changed the row, so routing on it would follow the old state."""
    return InformationRequest.objects.select_related("assigned_officer").get(
        pk=activation.process.request_id
    )


def _state(activation) -> str:
    return _request(activation).state


def state_is(*states):
    return lambda activation: _state(activation) in states


def assigned_officer(activation):
    return _request(activation).assigned_officer


class QueueTask(flow.View):
    """A task waiting in the queue for anyone with its permission. viewflow reads permissions
    from the user's groups, which hold across agencies; taking the task (its page or the queue's
    bulk "take") also needs a role for `action` in the request's own agency."""

    # Its take page shows the request before it is taken (issue #15.11).
    assign_view_class = TakeTaskView

    def __init__(self, view, *, action: str, **kwargs):
        super().__init__(view, **kwargs)
        self.action = action

    def can_assign(self, user, task) -> bool:
        return super().can_assign(user, task) and may_take_task(user, task, self.action)


def _lock_impl():
    # Row locks on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers.
    engine = settings.DATABASES["default"]["ENGINE"]
    return lock.select_for_update_lock if "postgresql" in engine else lock.no_lock


class InformationRequestFlow(flow.Flow):
    process_class = RequestProcess
    process_title = _("Information request")
    process_description = _(
        "A citizen's request for information under the Law on Access to Information."
    )
    process_summary_template = (
        "{{ process.request.register_number }} — {{ process.request.get_state_display }}"
    )
    lock_impl = _lock_impl()

    start_portal = (
        flow.StartHandle(this.start_from_portal)
        .Annotation(title=_("Request submitted online"))
        .Next(this.route)
    )
    start_intake = (
        flow.Start(views.IntakeView.as_view())
        .Annotation(title=_("Enter a request received at the office, by post or fax"))
        .Permission("requests_flow.intake_request")
        .Next(this.route)
    )
    review = (
        QueueTask(views.ReviewView.as_view(), action="accept")
        .Annotation(title=_("Review validity"))
        .Permission("requests_flow.review_request")
        .Next(this.route)
    )
    await_supplement = (
        flow.Handle(this.supplement_arrived)
        .Annotation(title=_("Wait for the requester's completion"))
        .Next(this.route)
    )
    assign = (
        QueueTask(views.AssignView.as_view(), action="assign")
        .Annotation(title=_("Assign a focal officer"))
        .Permission("requests_flow.assign_request")
        .Next(this.route)
    )
    check_deadline = (
        flow.View(views.ClassifyView.as_view())
        .Annotation(title=_("Check the deadline"))
        .Assign(assigned_officer)
        .Next(this.route)
    )
    handle = (
        flow.View(views.HandleView.as_view())
        .Annotation(title=_("Handle the request"))
        .Assign(assigned_officer)
        .Next(this.route)
    )
    await_payment = (
        flow.View(views.PaymentView.as_view())
        .Annotation(title=_("Record the payment of costs"))
        .Assign(assigned_officer)
        .Next(this.route)
    )
    approve = (
        QueueTask(views.ApproveView.as_view(), action="approve")
        .Annotation(title=_("Approve the decision"))
        .Permission("requests_flow.approve_decision")
        .Next(this.route)
    )
    # After any step the request's state says where the work goes next.
    route = (
        flow.Switch()
        .Annotation(title=_("Next step by the request's state"))
        .Case(this.end, state_is(*FINAL_STATES))
        .Case(this.review, state_is(State.RECEIVED))
        .Case(this.await_supplement, state_is(State.NEEDS_SUPPLEMENT))
        .Case(this.assign, state_is(State.ACCEPTED))
        .Case(this.check_deadline, state_is(State.ASSIGNED))
        .Case(this.await_payment, state_is(State.AWAITING_PAYMENT))
        .Case(this.approve, state_is(State.PENDING_APPROVAL))
        .Case(this.handle)
    )
    end = flow.End().Annotation(title=_("Closed"))

    def start_from_portal(self, activation, request):
        """Called by the portal (and staff intake) once the request is recorded."""
        activation.process.request = request
        activation.process.save()
        return activation.process

    def supplement_arrived(self, activation):
        """The requester answered (or withdrew): the waiting task completes."""
        return activation.process

    def has_view_permission(self, user, obj=None) -> bool:
        """Model permission from the role's group, and for one process: an officer of its
        agency (officers never see other agencies' requests)."""
        if not super().has_view_permission(user):
            return False
        if obj is None:
            return True
        request = getattr(obj, "request", None)
        return request is not None and is_officer_of(user, request.agency_id)
