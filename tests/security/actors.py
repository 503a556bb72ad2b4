"""The people and objects every security test of tests/security uses: two agencies, two
citizens, agency A's officer, head, leader and supervisor (who holds a role but none of the task
roles), an officer of agency B with every role, and agency A's requests in every state (so a task
of every node exists), with an attachment, a provided file, an issued letter, a draft letter and a
catalogue item. Built through the workflow and the services, as the pages would."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from notifications.models import Notification
from portal import services as portal_services
from portal.models import PublishedItem
from requests_flow.choices import Role
from requests_flow.models import (
    AccessCode,
    InformationRequest,
    Letter,
    RequestAttachment,
    RequestEvent,
    ResponseFile,
)
from tests.backoffice.support import TO_STATE, advance, intake_form, tasks_by_node
from tests.helpers import grant, make_user, signed_in
from tests.letters.lifecycle import issue_letter
from tests.portal.support import PDF, filed_online, to_state

ACTORS = ("anon", "citizen2", "foreign", "norole", "owner")
ACTOR_TEXT = {
    "anon": "anonymous visitor",
    "citizen2": "another citizen",
    "foreign": "officer of another agency (every role there)",
    "norole": "supervisor of the right agency (a role, but no task role)",
    "owner": "the requester / the right officer",
}


@dataclass
class World:
    agency: object
    users: dict
    waiting: InformationRequest  # the citizen's request waiting for completion
    provided: InformationRequest
    tasks: dict = field(default_factory=dict)  # flow node name -> a task of agency A
    objects: dict = field(default_factory=dict)  # URL parameter -> value

    def client(self, who: str) -> Client:
        return Client() if who == "anon" else signed_in(self.users[who])


def build_world(agency, other_agency, citizen, other_citizen, officer, head, leader, foreign):
    """Agency A's staff and requests; `foreign` gets every role in agency B."""
    staff = {
        "officer": grant(officer, agency, Role.FOCAL_OFFICER),
        "head": grant(head, agency, Role.FOCAL_HEAD),
        "leader": grant(leader, agency, Role.LEADER),
    }
    supervisor = grant(
        make_user(type(officer), "giamsat", "Hoàng Văn Sơn"), agency, Role.SUPERVISOR
    )
    grant(foreign, other_agency, Role.FOCAL_OFFICER, Role.FOCAL_HEAD, Role.LEADER)
    waiting = filed_online(agency, citizen)
    portal_services.save_attachments(
        waiting, [("don.pdf", "application/pdf", PDF)], kind="other", user=citizen
    )
    waiting = to_state(waiting, staff, "needs_supplement")
    provided = to_state(filed_online(agency, citizen), staff, "provided")
    # The cover letter issued by the clerk (downloadable); the waiting request's receipt left a
    # draft (not).
    cover = issue_letter(provided.letters.get(kind="cover"))
    draft = waiting.letters.get(kind="receipt")
    for names in TO_STATE.values():
        advance(filed_online(agency, citizen), staff, *names)
    response = signed_in(officer).post(
        reverse("informationrequest:start_intake:execute"), intake_form(agency)
    )
    assert response.status_code == 302, "the intake page did not record the request"
    item = PublishedItem.objects.create(
        agency=agency, name="Quy hoạch sử dụng đất 2025", form="web", published_from="2026-01-01"
    )
    world = World(
        agency=agency,
        users={
            "citizen": citizen,
            "citizen2": other_citizen,
            "foreign": foreign,
            "norole": supervisor,
            **staff,
        },
        waiting=waiting,
        provided=provided,
    )
    world.tasks = tasks_by_node(agency)
    take_queue_tasks(world)
    world.objects = {
        "tracking_code": waiting.tracking_code,
        "attachment_id": waiting.attachments.get().pk,
        "file_id": provided.files.get().pk,
        "letter_id": cover.pk,
        "draft_letter_id": draft.pk,  # matrix_table.VARIANTS
        "code": cover.verification_code,
        "action": "complaint_recorded",
        "pk": item.pk,
        "short_name": agency.short_name,
        "slug": "cong-dan",  # a page of the user guide
        "token": "not-a-valid-token",
        "uidb64": "MQ",
        "fmt": "csv",
    }
    return world


def take_queue_tasks(world) -> None:
    """The right officer takes each task still waiting in the queue, so its form is theirs."""
    takers = {"review": "officer", "assign": "head", "approve": "leader"}
    for node, who in takers.items():
        task = world.tasks[node]
        if task.status == STATUS.NEW:
            url = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
            assert signed_in(world.users[who]).post(url).status_code == 302
            task.refresh_from_db()


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def state_snapshot() -> dict:
    """Everything a refused or read-only request must leave as it was."""
    requests = InformationRequest.objects.order_by("pk")
    return {
        "requests": list(requests.values_list("pk", "state", "updated_at")),
        "events": RequestEvent.objects.count(),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        "attachments": RequestAttachment.objects.count(),
        "files": ResponseFile.objects.count(),
        "letters": Letter.objects.count(),
        "codes": AccessCode.objects.count(),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        "catalogue": list(PublishedItem.objects.order_by("pk").values_list("pk", "name")),
        "media": len(media_files()),
    }
