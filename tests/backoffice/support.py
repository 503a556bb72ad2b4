"""Driving the back office as a browser would: find the request's open task, take it from the
queue when it is new, read the form (and its hidden version), post it."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.messages import get_messages
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests_flow import services, workflow
from requests_flow.flows import InformationRequestFlow as Flow
from requests_flow.models import InformationRequest, RequestEvent
from tests.helpers import signed_in

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
NS = "informationrequest"


def reload(request) -> InformationRequest:
    return InformationRequest.objects.get(pk=request.pk)


def process_of(request):
    return reload(request).process


def open_tasks(request) -> list[Task]:
    """The request's open tasks (the Switch and End complete as soon as they are reached)."""
    return list(process_of(request).task_set.filter(status__in=OPEN).order_by("pk"))


def open_task(request, node=None) -> Task:
    tasks = open_tasks(request)
    assert len(tasks) == 1, f"expected one open task, got {tasks}"
    if node is not None:
        assert tasks[0].flow_task == node, f"open task is {tasks[0].flow_task.name}"
    return tasks[0]


def tasks_by_node(agency) -> dict:
    """{node name: a task of agency A}, open tasks preferred (where an action has an effect)."""
    tasks = Task.objects.filter(process__requestprocess__request__agency=agency).order_by("pk")
    by_node: dict = {}
    for task in tasks:
        name = task.flow_task.name
        if name not in by_node or (task.status in OPEN and by_node[name].status not in OPEN):
            by_node[name] = task
    return by_node


def url(task: Task, name: str) -> str:
    return task.flow_task.reverse(name, args=[task.process_id, task.pk])


def take(client, task: Task):
    """POST the queue task's assign URL (the "take" button)."""
    return client.post(url(task, "assign"))


def take_open(client, request, node) -> Task:
    """The request's open task `node`, taken by the client's user if it waited in the queue."""
    task = open_task(request, node)
    if task.status == STATUS.NEW:
        response = take(client, task)
        assert response.status_code == 302, response.status_code
        task.refresh_from_db()
    return task


def version_of(client, task: Task) -> str:
    """The hidden version the officer's browser got with the form."""
    response = client.get(url(task, "execute"))
    assert response.status_code == 200, response.status_code
    return response.context["form"]["version"].value()


def do(client, request, node, data: dict):
    """Act on the request's open task `node` as the client's user: take it if new, read the form,
    post it with the version seen. Returns the POST response."""
    task = take_open(client, request, node)
    return client.post(url(task, "execute"), {**data, "version": version_of(client, task)})


def done(client, request, node, data: dict):
    """`do`, and assert it succeeded: a redirect, no error on the form, the task done."""
    task = open_task(request, node)
    response = do(client, request, node, data)
    errors = response.context["form"].errors if response.context else None
    assert response.status_code == 302, errors
    assert not warnings_of(response), warnings_of(response)
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    return response


def trail(request) -> list[str]:
    """The request's steps on its audit trail, oldest first; its letters' life has rows of its
    own (letter_draft, letter_approve…, DOMAIN §7.1): `letter_trail`."""
    return list(
        RequestEvent.objects.filter(request_id=request.pk)
        .exclude(action__startswith="letter_")
        .order_by("id")
        .values_list("action", flat=True)
    )


def letter_trail(request) -> list[tuple[str, str]]:
    """(action, letter kind) of the rows of the request's letters' life, oldest first."""
    rows = RequestEvent.objects.filter(request_id=request.pk, action__startswith="letter_")
    return [(row.action, row.data.get("kind", "")) for row in rows.order_by("id")]


def tasks_by_status(request, status) -> list[str]:
    """Names of the request's human and waiting tasks with `status`, in the order created."""
    tasks = process_of(request).task_set.filter(
        status=status, flow_task_type__in=["HUMAN", "FUNCTION"]
    )
    return [task.flow_task.name for task in tasks.order_by("pk")]


def warnings_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == messages.WARNING]


class Desk:
    """The agency's officer, head and leader, each signed in in their own browser."""

    def __init__(self, staff: dict):
        self.staff = staff
        self.clients = {who: signed_in(user) for who, user in staff.items()}

    def act(self, who: str, request, node, **data):
        return done(self.clients[who], request, node, data)

    def to_handling(self, request, complexity: str):
        """Valid, assigned to the officer, deadline checked: the handle task is the officer's."""
        self.act("officer", request, Flow.review, decision="accept")
        self.act("head", request, Flow.assign, officer=self.staff["officer"].pk)
        self.act("officer", request, Flow.check_deadline, complexity=complexity)
        return open_task(request, Flow.handle)

    def provide(self, request):
        """Secrecy review and provision drafted by the officer, approved by the leader."""
        self.act(
            "officer",
            request,
            Flow.handle,
            action="provide",
            secrecy_reviewed="on",
            summary="Cung cấp bản sao quyết định qua thư điện tử.",
        )
        self.act("leader", request, Flow.approve, action="approve", comment="Đồng ý.")


def steps(staff: dict) -> dict:
    """step name -> (flow node, who acts, service call on the fresh request): the work of the
    pages done from code, for tests that need many requests in a given state quickly."""
    officer, head, leader = staff["officer"], staff["head"], staff["leader"]
    due = timezone.localdate() + timedelta(days=10)

    def provide(r):
        reviewed = services.request_record_handling(request=r, actor=officer, secrecy_reviewed=True)
        return services.request_submit_decision(
            request=reviewed, actor=officer, kind="provide", summary="Cung cấp bản sao."
        )

    return {
        "supplement": (
            Flow.review,
            officer,
            lambda r: services.request_ask_supplement(
                request=r, actor=officer, missing_items=["Số hiệu văn bản"]
            ),
        ),
        "accept": (
            Flow.review,
            officer,
            lambda r: services.request_accept(request=r, actor=officer),
        ),
        "assign": (
            Flow.assign,
            head,
            lambda r: services.request_assign(request=r, actor=head, officer=officer),
        ),
        "classify": (
            Flow.check_deadline,
            officer,
            lambda r: services.request_classify(request=r, actor=officer, complexity="complex"),
        ),
        "ask_payment": (
            Flow.handle,
            officer,
            lambda r: services.request_ask_payment(request=r, actor=officer, amount=9000, due=due),
        ),
        "submit_provide": (Flow.handle, officer, provide),
        "approve": (
            Flow.approve,
            leader,
            lambda r: services.request_approve_provision(request=r, actor=leader),
        ),
    }


def advance(request, staff: dict, *names: str):
    """Do the named steps one after the other through workflow.perform_task."""
    table = steps(staff)
    for name in names:
        node, user, call = table[name]
        workflow.perform_task(request=request, node=node, user=user, perform=call)
    return reload(request)


# Steps that bring a fresh request to each open state (and to provided).
TO_STATE = {
    "received": (),
    "needs_supplement": ("supplement",),
    "accepted": ("accept",),
    "assigned": ("accept", "assign"),
    "in_progress": ("accept", "assign", "classify"),
    "awaiting_payment": ("accept", "assign", "classify", "ask_payment"),
    "pending_approval": ("accept", "assign", "classify", "submit_provide"),
    "provided": ("accept", "assign", "classify", "submit_provide", "approve"),
}


def intake_form(agency) -> dict:
    """The intake page's fields for a request received by post, as the officer types them."""
    return {
        "agency": agency.pk,
        "channel": "post",
        "requester_name": "Vàng Seo Dìn",
        "requester_address": "Thôn Lũng Pù, xã Mèo Vạc, tỉnh Tuyên Quang",
        "id_document_type": "cccd",
        "id_number": "002190012345",
        "information_requested": "Danh sách hộ được hỗ trợ nhà ở năm 2025",
        "provision_form": "post",
        "copies": "1",
        "reason_purpose": "Kiểm tra quyền lợi của gia đình",
    }
