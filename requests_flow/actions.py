"""The one registry of audit actions: what each is called, who may perform it, who is told of it,
what the requester sees of it and which legal basis it cites (issue #16 item 4).

The permission gate, the audit labels, the notifications, the citizen's timeline and the
templates all read these entries; before, six tables repeated the action names and drifted.
An action's name is what RequestEvent.action stores, so a name never changes once used.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import Role

# Pseudo-roles next to the agency roles: the citizen who filed the request, and the focal
# officer it is assigned to (permissions.actor_roles adds them).
OWNER = "owner"
ASSIGNEE = "assignee"

# Audiences (requests_flow.notices.recipients): "requester" is the citizen's account;
# "assignee" the focal officer (or, before assignment, the agency's focal officers); "officers"
# the agency's focal officers; "heads" and "leaders" by agency role.
REQUESTER, OFFICERS, HEADS, LEADERS = "requester", "officers", "heads", "leaders"
# A signed letter's next actor (DOMAIN §7.1): the agency's clerks (văn thư).
CLERKS = "clerks"


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    label: Promise
    # Who may perform it (agency roles, OWNER, ASSIGNEE). Empty: only the system records it
    # (retention, calendar changes); can_act then refuses everyone.
    roles: frozenset[str] = frozenset()
    # Who is notified of it, and whether the notification repeats the event's reason.
    audiences: tuple[str, ...] = ()
    tells_reason: bool = False
    # Nobody is told of what they did themselves, except where the action's own actor needs the
    # record: the requester who submits online gets the receipt by e-mail.
    tells_actor: bool = False
    # Whether it is on the requester's timeline, and whether they read its reason there (their
    # own words, or a withdrawal's reason); internal steps stay internal.
    citizen_sees: bool = False
    citizen_reads_reason: bool = False
    # The key into the rule set's `citations` (Rules.cite). None: the rule set's `action_basis`
    # under the action's own name (its absence there cites nothing).
    citation: str | None = None


FOCAL = frozenset({Role.FOCAL_OFFICER, Role.FOCAL_HEAD})
CLERK = frozenset({Role.CLERK})
HANDLERS = frozenset({ASSIGNEE, Role.FOCAL_HEAD})
# A requester's statement is made by the requester, or by a focal officer on their behalf.
STATEMENT_ROLES = FOCAL | {OWNER}

_ALL = (
    # The request's state machine (services.intake, handling, decisions).
    Action(
        "receive",
        _("Receive the request"),
        roles=FOCAL,
        audiences=(REQUESTER, OFFICERS),
        tells_actor=True,
        citizen_sees=True,
    ),
    Action(
        "ask_supplement",
        _("Ask for completion"),
        roles=FOCAL,
        audiences=(REQUESTER,),
        tells_reason=True,
        citizen_sees=True,
    ),
    Action(
        "receive_supplement",
        _("Record the completion"),
        roles=FOCAL | {OWNER},
        audiences=(OFFICERS,),
        citizen_sees=True,
        citizen_reads_reason=True,
    ),
    Action(
        "accept",
        _("Accept as valid"),
        roles=FOCAL,
        audiences=(REQUESTER, HEADS),
        citizen_sees=True,
    ),
    Action(
        "assign",
        _("Assign a focal officer"),
        roles=frozenset({Role.FOCAL_HEAD, Role.LEADER}),
        audiences=(ASSIGNEE,),
    ),
    Action(
        "classify",
        _("Check the deadline"),
        roles=HANDLERS,
        audiences=(REQUESTER,),
        citizen_sees=True,
    ),
    Action(
        "ask_payment",
        _("Ask for payment of costs"),
        roles=HANDLERS,
        audiences=(REQUESTER,),
        citizen_sees=True,
    ),
    Action(
        "confirm_payment",
        _("Confirm payment"),
        roles=HANDLERS,
        audiences=(REQUESTER,),
        citizen_sees=True,
    ),
    Action(
        "submit_decision",
        _("Submit a decision for approval"),
        roles=HANDLERS | {Role.FOCAL_OFFICER},
        audiences=(LEADERS,),
    ),
    Action(
        "return_for_rework",
        _("Return for rework"),
        roles=frozenset({Role.LEADER}),
        audiences=(ASSIGNEE,),
        tells_reason=True,
    ),
    Action(
        "approve",
        _("Approve the decision"),
        roles=frozenset({Role.LEADER}),
        audiences=(REQUESTER, ASSIGNEE),
        tells_reason=True,
        citizen_sees=True,
    ),
    Action(
        "withdraw",
        _("Withdraw the request"),
        roles=STATEMENT_ROLES,
        audiences=(ASSIGNEE,),
        citizen_sees=True,
        citizen_reads_reason=True,
    ),
    # Writes that keep the state (services.gathering): the handler's notes and files.
    Action("record_handling", _("Record the handling"), roles=HANDLERS),
    # The requester's statements (services.citizen), cited from the rule set's citations.
    Action(
        "correction_requested",
        _("Correction requested by the requester (Art. 32)"),
        roles=STATEMENT_ROLES,
        audiences=(ASSIGNEE, HEADS),
        tells_reason=True,
        citizen_sees=True,
        citizen_reads_reason=True,
        citation="correction",
    ),
    Action(
        "complaint_recorded",
        _("Complaint or lawsuit reported by the requester (Art. 14)"),
        roles=STATEMENT_ROLES,
        audiences=(ASSIGNEE, HEADS, LEADERS),
        tells_reason=True,
        citizen_sees=True,
        citizen_reads_reason=True,
        citation="complaint",
    ),
    # Complaints and lawsuits as records (services.complaints), any state after submission.
    Action(
        "complaint_record",
        _("Complaint or lawsuit recorded"),
        roles=FOCAL,
        audiences=(ASSIGNEE, HEADS, LEADERS),
        tells_reason=True,
        citizen_sees=True,
        citation="complaint",
    ),
    Action(
        "complaint_outcome",
        _("Outcome of a complaint or lawsuit recorded"),
        roles=FOCAL,
        audiences=(ASSIGNEE, HEADS, LEADERS),
        tells_reason=True,
        citizen_sees=True,
        citation="complaint",
    ),
    # The answer to a request for correction (services.corrections): by the agency's focal
    # officers or the officer who handled the request. The requester reads it in its letter and
    # on their page beside the information, not on the timeline (which the receipt slip's holder
    # also reads, and corrected information is information).
    Action(
        "correction_answer",
        _("Request for correction answered"),
        roles=FOCAL | {ASSIGNEE},
        audiences=(REQUESTER,),
        tells_reason=True,
        citizen_sees=True,
        citation="correction",
    ),
    Action(
        "payment_declared",
        _("Payment declared by the requester"),
        roles=STATEMENT_ROLES,
        audiences=(ASSIGNEE,),
        citizen_sees=True,
        citizen_reads_reason=True,
        citation="costs",
    ),
    # Any officer of the agency gives a requester a one-time code for the provided files (Art.
    # 30(2)(b); services.access_codes checks is_officer_of, administrators included).
    Action("issue_access_code", _("Issue a one-time access code"), roles=frozenset(Role.values)),
    # Recorded by the system, with their own legal basis (services.retention, calendar).
    Action("anonymise", _("Personal data erased after the retention period")),
    Action(
        "deadline_recomputed",
        _("Deadlines recomputed after a calendar change"),
        audiences=(REQUESTER, ASSIGNEE),
        citizen_sees=True,
    ),
    # The task worker e-mailed the provided information to the address the requester gave
    # (provision form "e-mail attachment", Law 104 Art. 30(2)); the e-mail itself is the notice.
    Action("information_emailed", _("Information sent by e-mail"), citizen_sees=True),
    # The life of a letter (services.letter_life, letter_issue; DOMAIN §7.1). The services check
    # the finer rule (the approver for the letter's kind, the signer who approved it).
    # A draft tells nobody: the act that drafted it (receipt, decision, deadline check…) already
    # told its approvers, and the inbox shows the letters waiting for each person.
    Action("letter_draft", _("Letter drafted")),
    Action("letter_edit", _("Letter draft edited"), roles=FOCAL),
    Action("letter_approve", _("Letter approved"), roles=frozenset({Role.LEADER, Role.FOCAL_HEAD})),
    Action(
        "letter_sign",
        _("Letter signed"),
        roles=frozenset({Role.LEADER, Role.FOCAL_HEAD}),
        audiences=(CLERKS,),
    ),
    Action("letter_register", _("Letter numbered in the outgoing register"), roles=CLERK),
    Action(
        "letter_issue",
        _("Letter issued"),
        roles=CLERK,
        audiences=(REQUESTER, ASSIGNEE),
        citizen_sees=True,
    ),
    Action("letter_cancel", _("Letter draft cancelled")),
)

ACTIONS: dict[str, Action] = {action.name: action for action in _ALL}

# The audit actions on the requester's timeline, and those whose reason they read there.
CITIZEN_TIMELINE = frozenset(a.name for a in _ALL if a.citizen_sees)
CITIZEN_REASONS = frozenset(a.name for a in _ALL if a.citizen_reads_reason)


def roles(name: str) -> frozenset[str]:
    """Who may perform `name`; an unknown name raises KeyError (a typo must not pass silently)."""
    return ACTIONS[name].roles


def label(name: str) -> str:
    """The action's label in the active language; old rows of an unknown action show their name."""
    action = ACTIONS.get(name)
    return str(action.label) if action else name


def audiences(name: str) -> tuple[str, ...]:
    action = ACTIONS.get(name)
    return action.audiences if action else ()


def tells_reason(name: str, *, to_requester: bool = False) -> bool:
    """Whether a notification repeats the event's reason: to staff when the action says so, to the
    requester only what their timeline shows (never an internal comment such as a leader's)."""
    action = ACTIONS.get(name)
    if action is None:
        return False
    return action.citizen_reads_reason if to_requester else action.tells_reason


def tells_actor(name: str) -> bool:
    action = ACTIONS.get(name)
    return bool(action and action.tells_actor)
