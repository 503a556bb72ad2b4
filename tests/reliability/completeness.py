"""Is an online submission all there or not there at all? What one submission must leave behind:
the request row, the idempotency token, every attachment row with a readable file whose SHA-256
is the stored one (and the one the citizen sent), the "receive" audit event and its receipt's
"letter_draft", their notifications with their delivery queued, the receipt letter as a draft
(DOMAIN §7.1: drawn when its approver prints it), and the process waiting at the validity
review."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django_tasks_db.models import DBTaskResult
from viewflow.workflow.status import STATUS

from notifications.models import Notification
from requests_flow.flows import InformationRequestFlow as Flow
from requests_flow.models import (
    InformationRequest,
    LetterKind,
    LetterStatus,
    RequestAttachment,
    SubmissionToken,
)


@dataclass
class Found:
    complete: int = 0
    absent: int = 0
    partial: list = field(default_factory=list)
    receipts: int = 0
    receipts_missing: int = 0
    abandoned: int = 0
    register_numbers: list = field(default_factory=list)


def queued(task_name: str) -> set:
    """The first argument of every queued task of that name (a notification or letter id)."""
    rows = DBTaskResult.objects.filter(task_path__endswith=task_name).values_list(
        "args_kwargs", flat=True
    )
    return {row["args"][0] for row in rows}


def file_problems(request, expected: list[dict]) -> list[str]:
    rows = list(RequestAttachment.objects.filter(request=request).order_by("id"))
    if [(r.name, r.sha256) for r in rows] != [(f["name"], f["sha256"]) for f in expected]:
        return [f"attachments {[r.name for r in rows]} are not the {len(expected)} sent"]
    problems = []
    for row in rows:
        try:
            with row.file.open("rb") as stored:
                digest = hashlib.sha256(stored.read()).hexdigest()
        except OSError:
            problems.append(f"attachment {row.pk}: no file")
            continue
        if digest != row.sha256:
            problems.append(f"attachment {row.pk}: the file's SHA-256 is not the stored one")
    return problems


def request_problems(request, expected_files: list[dict], delivery: set):
    problems = file_problems(request, expected_files)
    events = list(request.events.order_by("id").values_list("id", "action"))
    if [action for _, action in events] != ["receive", "letter_draft"]:
        problems.append(f"audit trail {events}, not one receive and its receipt's draft")
    notes = list(Notification.objects.filter(request=request).values_list("id", "event_id"))
    told = {event for _, event in notes}
    if not events or events[0][0] not in told or told - {pk for pk, _ in events}:
        problems.append("no notification of the receipt")
    if {pk for pk, _ in notes} - delivery:
        problems.append("a notification without its delivery queued")
    letters = list(request.letters.filter(kind=LetterKind.RECEIPT).values_list("status", flat=True))
    if letters != [LetterStatus.DRAFT]:
        problems.append(f"receipt letters {letters}, not one draft")
    process = getattr(request, "process", None)
    if (
        process is None
        or not process.task_set.filter(flow_task=Flow.review, status=STATUS.NEW).exists()
    ):
        problems.append("the process is not waiting at the validity review")
    return problems


def check_submissions(records: list[dict], citizen) -> Found:
    """Sort each submission the client made into complete, absent or partial; any request in the
    database that no submission explains is partial too."""
    found = Found()
    tokens = dict(SubmissionToken.objects.values_list("token", "request_id"))
    delivery = queued("deliver_notification")
    explained = set()
    for record in records:
        found.receipts += record["outcome"] == "receipt"
        found.abandoned += record["outcome"] == "abandoned"
        request_id = tokens.get(record["token"])
        if request_id is None:
            found.absent += 1
            found.receipts_missing += record["outcome"] == "receipt"
            continue
        explained.add(request_id)
        request = InformationRequest.objects.get(pk=request_id)
        problems = request_problems(request, record["files"], delivery)
        if request.requester_user_id != citizen.pk:
            problems.append("not the citizen's request")
        if problems:
            found.partial.append((request.register_number, problems))
        else:
            found.complete += 1
    for request in InformationRequest.objects.exclude(pk__in=explained):
        found.partial.append((request.register_number, ["no submission explains it"]))
    found.register_numbers = sorted(
        InformationRequest.objects.values_list("register_seq", flat=True)
    )
    return found


def orphan_attachment_files(media_root: Path) -> list[Path]:
    """Attachment files no row refers to."""
    folder = media_root / "attachments"
    if not folder.is_dir():
        return []
    known = set(RequestAttachment.objects.values_list("file", flat=True))
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(media_root).as_posix() not in known
    )
