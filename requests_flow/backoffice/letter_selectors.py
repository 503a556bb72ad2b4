"""Reads for the letters' back-office pages (DOMAIN §7.1): the outgoing letters waiting for a
person, by the step they wait at, in a fixed number of queries whatever their number.

Who waits for what (the services check the same again when the person acts):
- a draft: the focal unit of its agency edits it (services.letter_life.EDITORS), its leader may
  approve any letter, the head of the focal unit those the rule set gives them;
- an approved letter: the person who approved it, who is its signer;
- a signed letter, and a paper letter numbered but not yet scanned: the agency's clerk.
Only the agencies where the person holds a role count (an administrator without one has none)."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from ..choices import Role, State
from ..models import Letter, LetterStatus, RuleSet
from ..permissions import agency_ids, agency_roles
from ..services.letter_life import DECISION_KINDS, EDITORS

# Who sees drafts: those who edit them and the leader, who may approve any of them.
DRAFT_ROLES = EDITORS | {Role.LEADER}
CLERK_STEPS = (LetterStatus.SIGNED, LetterStatus.NUMBERED)
OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


@dataclass
class Row:
    letter: Letter
    may_edit: bool = False
    may_approve: bool = False
    approval_task_url: str = ""  # a decision's letter: approved in the flow's approval task


@dataclass
class Waiting:
    drafts: list[Row] = field(default_factory=list)
    to_sign: list[Row] = field(default_factory=list)
    to_issue: list[Row] = field(default_factory=list)
    to_scan: list[Row] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.drafts) + len(self.to_sign) + len(self.to_issue) + len(self.to_scan)


def agencies_where(user, roles) -> list[int]:
    """The agencies where the user holds one of `roles` (memberships only)."""
    return [pk for pk in agency_ids(user) if agency_roles(user, pk) & roles]


def waiting_filter(user) -> Q:
    return (
        Q(status=LetterStatus.DRAFT, agency_id__in=agencies_where(user, DRAFT_ROLES))
        | Q(status=LetterStatus.APPROVED, approved_by=user, agency_id__in=agency_ids(user))
        | Q(status__in=CLERK_STEPS, agency_id__in=agencies_where(user, {Role.CLERK}))
    )


def waiting_count(user) -> int:
    """How many letters wait for the user (one query; none for someone without a role)."""
    if not agency_ids(user):
        return 0
    return Letter.objects.filter(waiting_filter(user)).count()


def approver_roles(letters: list[Letter]) -> dict[int, str]:
    """letter pk -> the role that approves it, as services.letter_life.approver_role decides (the
    request's rule set, or the one in force on the day it was received; a leader otherwise),
    with one query for all the rows instead of a rule set read per row."""
    fields = ("effective_from", "effective_to", "rules")
    rule_sets = list(RuleSet.objects.order_by("effective_from").only(*fields))
    by_pk = {rule_set.pk: rule_set for rule_set in rule_sets}
    roles = {}
    for letter in letters:
        request = letter.request
        rule_set = by_pk.get(request.rule_set_id)
        if rule_set is None:
            day = timezone.localdate(request.received_at)
            rule_set = next(
                (
                    r
                    for r in rule_sets
                    if r.effective_from <= day and (r.effective_to is None or r.effective_to >= day)
                ),
                None,
            )
        approvers = rule_set.rules.get("letter_approvers", {}) if rule_set else {}
        roles[letter.pk] = approvers.get(letter.kind, Role.LEADER)
    return roles


def approval_tasks(letters: list[Letter]) -> dict[int, str]:
    """request pk -> the address of its open approval task, for the decisions' letters waiting
    there (one query)."""
    from ..flows import InformationRequestFlow  # the flow imports the back office's views

    node = InformationRequestFlow.approve
    ids = [letter.request_id for letter in letters]
    if not ids:
        return {}
    tasks = Task.objects.filter(
        process__requestprocess__request_id__in=ids, flow_task=node, status__in=OPEN_TASK
    ).values_list("pk", "process_id", "process__requestprocess__request_id")
    return {
        request_id: node.reverse("index", args=[process_id, task_pk])
        for task_pk, process_id, request_id in tasks
    }


def in_approval(letter: Letter) -> bool:
    """A decision's letter is approved with its decision, in the approval task."""
    return letter.kind in DECISION_KINDS and letter.request.state == State.PENDING_APPROVAL


def draft_rows(user, drafts: list[Letter]) -> list[Row]:
    heads = [
        letter
        for letter in drafts
        if Role.FOCAL_HEAD in agency_roles(user, letter.agency_id)
        and Role.LEADER not in agency_roles(user, letter.agency_id)
    ]
    approvers = approver_roles(heads) if heads else {}
    tasks = approval_tasks([letter for letter in drafts if in_approval(letter)])
    rows = []
    for letter in drafts:
        roles = agency_roles(user, letter.agency_id)
        approve = Role.LEADER in roles or approvers.get(letter.pk) in roles
        task_url = tasks.get(letter.request_id, "") if in_approval(letter) else ""
        rows.append(
            Row(
                letter,
                may_edit=bool(roles & EDITORS),
                may_approve=approve and not in_approval(letter),
                approval_task_url=task_url if approve else "",
            )
        )
    return rows


def waiting_letters(user) -> Waiting:
    """The letters waiting for the user, oldest first, grouped by step."""
    waiting = Waiting()
    if not agency_ids(user):
        return waiting
    letters = list(
        Letter.objects.filter(waiting_filter(user))
        .select_related("request", "agency", "approved_by")
        .defer("content")
        .order_by("drafted_at", "pk")
    )
    drafts = [letter for letter in letters if letter.status == LetterStatus.DRAFT]
    waiting.drafts = draft_rows(user, drafts)
    for letter in letters:
        if letter.status == LetterStatus.APPROVED:
            waiting.to_sign.append(Row(letter))
        elif letter.status == LetterStatus.SIGNED:
            waiting.to_issue.append(Row(letter))
        elif letter.status == LetterStatus.NUMBERED:
            waiting.to_scan.append(Row(letter))
    return waiting
