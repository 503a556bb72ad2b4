"""Driving the request's viewflow process from code: the portal's submission, the citizen's
completion and withdrawal, and tasks done outside a page (demo data, imports, tests).

Each function runs the service and the process step in one transaction, so the request's state
and its tasks never disagree."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from . import services
from .flows import InformationRequestFlow as Flow
from .models import InformationRequest, RequestProcess

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def start_process(request: InformationRequest) -> RequestProcess:
    """Open the process of a request just recorded by request_receive."""
    return Flow.start_portal.run(request=request)


@transaction.atomic
def submit_request(**receive_kwargs) -> InformationRequest:
    """services.request_receive and the start of its process, together."""
    request = services.request_receive(**receive_kwargs)
    start_process(request)
    return request


def open_task(request: InformationRequest, node) -> Task | None:
    return (
        Task.objects.select_for_update()
        .filter(process__requestprocess__request=request, flow_task=node, status__in=OPEN)
        .first()
    )


@transaction.atomic
def perform_task(*, request: InformationRequest, node, user, perform: Callable):
    """Do one human task as `user` without a page: take it, run `perform(request)` (a service
    call), complete it. Raises LookupError when the request has no such open task."""
    task = open_task(request, node)
    if task is None:
        raise LookupError(f"no open task {node.name} for request {request.pk}")
    activation = node.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(user)
    activation.start(None)
    result = perform(InformationRequest.objects.get(pk=request.pk))
    activation.execute()
    return result


@transaction.atomic
def complete_supplement(*, request: InformationRequest, actor, answer: str = ""):
    """The requester completed the request: back to validity review (Art. 26(2))."""
    updated = services.request_receive_supplement(request=request, actor=actor, answer=answer)
    task = open_task(updated, Flow.await_supplement)
    if task is not None:
        Flow.await_supplement.run(task)
    return updated


@transaction.atomic
def withdraw(*, request: InformationRequest, actor, reason: str = ""):
    """The requester withdraws: the request is closed and its open tasks cancelled."""
    updated = services.request_withdraw(request=request, actor=actor, reason=reason)
    process = RequestProcess.objects.filter(request=updated).first()
    if process is not None:
        for task in process.task_set.filter(status__in=OPEN):
            task.flow_task.activation_class(task).cancel()
        process.status, process.finished = PROCESS.CANCELED, timezone.now()
        process.save(update_fields=["status", "finished"])
    return updated
