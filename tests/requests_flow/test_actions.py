"""The action registry (requests_flow.actions) against what the six tables it replaced said:
a change to who may act, who is told or what the requester sees shows up here as a diff."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from requests_flow import actions
from requests_flow.actions import ACTIONS, CITIZEN_REASONS, CITIZEN_TIMELINE
from requests_flow.choices import Role
from requests_flow.models import RuleSet
from requests_flow.rulesets import rules_from_model
from requests_flow.services.citizen import CITIZEN_EVENTS

FO, FH, LE, CL = Role.FOCAL_OFFICER, Role.FOCAL_HEAD, Role.LEADER, Role.CLERK

# permissions.ACTION_ROLES before the registry.
OLD_ROLES = {
    "receive": {FO, FH},
    "ask_supplement": {FO, FH},
    "receive_supplement": {FO, FH, "owner"},
    "accept": {FO, FH},
    "assign": {FH, LE},
    "classify": {"assignee", FH},
    "ask_payment": {"assignee", FH},
    "confirm_payment": {"assignee", FH},
    "submit_decision": {"assignee", FO, FH},
    "return_for_rework": {LE},
    "approve": {LE},
    "withdraw": {"owner", FO, FH},
}
# Added since the registry: the access code becomes a service with its audit row (#16 item 5).
NEW_ROLES = {"issue_access_code": set(Role.values)}
# Added with the complaint records and the correction's answer (issue #14 items 4-5).
NEW_ROLES |= {
    "complaint_record": {FO, FH},
    "complaint_outcome": {FO, FH},
    "correction_answer": {FO, FH, "assignee"},
}
NEW_LABELS = {
    "complaint_record": "Complaint or lawsuit recorded",
    "complaint_outcome": "Outcome of a complaint or lawsuit recorded",
    "correction_answer": "Request for correction answered",
}
NEW_AUDIENCES = {
    "complaint_record": ("assignee", "heads", "leaders"),
    "complaint_outcome": ("assignee", "heads", "leaders"),
    "correction_answer": ("requester",),
}
NEW_CITATIONS = {
    "complaint_record": "complaint",
    "complaint_outcome": "complaint",
    "correction_answer": "correction",
}
# The letter's life (issue #13, DOMAIN §7.1): the focal unit edits a draft, the person with
# authority approves and signs it (the services check the rule set's approver for its kind and
# that the signer is the approver), the clerk (văn thư) numbers and issues it.
NEW_ROLES |= {
    "letter_edit": {FO, FH},
    "letter_approve": {LE, FH},
    "letter_sign": {LE, FH},
    "letter_register": {CL},
    "letter_issue": {CL},
}
NEW_LABELS |= {
    "letter_draft": "Letter drafted",
    "letter_edit": "Letter draft edited",
    "letter_approve": "Letter approved",
    "letter_sign": "Letter signed",
    "letter_register": "Letter numbered in the outgoing register",
    "letter_issue": "Letter issued",
    "letter_cancel": "Letter draft cancelled",
}
# Who is told: nobody of a draft (the inbox shows it), the clerks of a signed letter, the
# requester (and the assignee) of an issued one; nobody else of the others.
NEW_AUDIENCES |= {
    "letter_sign": ("clerks",),
    "letter_issue": ("requester", "assignee"),
}
# The requester's timeline shows a letter once issued, and none of the steps before.
NEW_TIMELINE = {"complaint_record", "complaint_outcome", "correction_answer", "letter_issue"}
# Actions that borrowed another's roles (record_handling: "classify"; the requester's
# statements: "withdraw") now have their own, equal to what they borrowed.
BORROWED = {
    "record_handling": "classify",
    "correction_requested": "withdraw",
    "complaint_recorded": "withdraw",
    "payment_declared": "withdraw",
}
# Recorded by the system; nobody performs them. information_emailed: the worker's e-mail of the
# provided files (#15.5), on the requester's timeline.
SYSTEM = {"anonymise", "deadline_recomputed", "information_emailed"}
# Written inside another act's transaction (the receipt drafted at receipt, a decision's letter
# cancelled when it is sent back): the act's own roles apply.
SYSTEM |= {"letter_draft", "letter_cancel"}

# services.core.ACTION_LABELS before the registry (the msgids, in English).
OLD_LABELS = {
    "receive": "Receive the request",
    "ask_supplement": "Ask for completion",
    "receive_supplement": "Record the completion",
    "accept": "Accept as valid",
    "assign": "Assign a focal officer",
    "classify": "Check the deadline",
    "ask_payment": "Ask for payment of costs",
    "confirm_payment": "Confirm payment",
    "submit_decision": "Submit a decision for approval",
    "return_for_rework": "Return for rework",
    "approve": "Approve the decision",
    "withdraw": "Withdraw the request",
    "anonymise": "Personal data erased after the retention period",
    "record_handling": "Record the handling",
    "deadline_recomputed": "Deadlines recomputed after a calendar change",
    "correction_requested": "Correction requested by the requester (Art. 32)",
    "complaint_recorded": "Complaint or lawsuit reported by the requester (Art. 14)",
    "payment_declared": "Payment declared by the requester",
    "issue_access_code": "Issue a one-time access code",
    "information_emailed": "Information sent by e-mail",
}
# notifications.services.AUDIENCES before the registry.
OLD_AUDIENCES = {
    "receive": ("requester", "officers"),
    "ask_supplement": ("requester",),
    "receive_supplement": ("officers",),
    "accept": ("requester", "heads"),
    "assign": ("assignee",),
    "classify": ("requester",),
    "ask_payment": ("requester",),
    "payment_declared": ("assignee",),
    "confirm_payment": ("requester",),
    "submit_decision": ("leaders",),
    "return_for_rework": ("assignee",),
    "approve": ("requester", "assignee"),
    "withdraw": ("assignee",),
    "correction_requested": ("assignee", "heads"),
    "complaint_recorded": ("assignee", "heads", "leaders"),
    "deadline_recomputed": ("requester", "assignee"),
}
# The reasons notifications.services.message repeated.
OLD_TOLD_REASON = {
    "ask_supplement",
    "approve",
    "return_for_rework",
    "correction_requested",
    "complaint_recorded",
}
# portal.selectors.CITIZEN_TIMELINE and the templatetag's _CITIZEN_REASONS before the registry.
OLD_CITIZEN_TIMELINE = {
    "receive",
    "ask_supplement",
    "receive_supplement",
    "accept",
    "classify",
    "ask_payment",
    "confirm_payment",
    "approve",
    "withdraw",
    "deadline_recomputed",
    "correction_requested",
    "complaint_recorded",
    "payment_declared",
    "information_emailed",
}
OLD_CITIZEN_REASONS = {
    "correction_requested",
    "complaint_recorded",
    "payment_declared",
    "receive_supplement",
    "withdraw",
}
# services.citizen.CITIZEN_EVENTS' citation keys before the registry.
OLD_CITATIONS = {
    "correction_requested": "correction",
    "complaint_recorded": "complaint",
    "payment_declared": "costs",
}


def test_roles_are_what_they_were():
    assert {name: set(actions.roles(name)) for name in OLD_ROLES} == OLD_ROLES
    for name, lender in BORROWED.items():
        assert actions.roles(name) == OLD_ROLES[lender], name
    assert {name: set(actions.roles(name)) for name in NEW_ROLES} == NEW_ROLES
    assert set(ACTIONS) == set(OLD_ROLES) | set(BORROWED) | SYSTEM | set(NEW_ROLES)


def test_every_entry_has_its_name_a_label_and_roles():
    for name, action in ACTIONS.items():
        assert action.name == name
        assert str(action.label) and str(action.label) != name, name
        assert bool(action.roles) is (name not in SYSTEM), name


def test_labels_are_what_they_were_and_keep_their_vietnamese_translations():
    with translation.override("en"):
        assert {name: actions.label(name) for name in ACTIONS} == OLD_LABELS | NEW_LABELS
    with translation.override("vi"):
        assert not {n for n in ACTIONS if actions.label(n) == (OLD_LABELS | NEW_LABELS)[n]}
    assert actions.label("no_such_action") == "no_such_action"  # old rows show their name


def test_audiences_and_citizen_tables_are_what_they_were():
    audiences = {n: a.audiences for n, a in ACTIONS.items() if a.audiences}
    assert audiences == OLD_AUDIENCES | NEW_AUDIENCES
    told_reason = {"complaint_record", "complaint_outcome", "correction_answer"}
    assert {n for n, a in ACTIONS.items() if a.tells_reason} == OLD_TOLD_REASON | told_reason
    # The requester sees their complaints' records and the correction's answer (on their page
    # and in its letter; the answer's text is not on the timeline: citizen_reads_reason), and
    # each letter once issued.
    expected = OLD_CITIZEN_TIMELINE | NEW_TIMELINE
    assert expected == CITIZEN_TIMELINE
    assert CITIZEN_REASONS == OLD_CITIZEN_REASONS
    assert CITIZEN_REASONS <= CITIZEN_TIMELINE


def test_citation_keys():
    cited = {n: a.citation for n, a in ACTIONS.items() if a.citation}
    assert cited == OLD_CITATIONS | NEW_CITATIONS
    assert set(CITIZEN_EVENTS) == set(OLD_CITATIONS)


@pytest.mark.django_db
def test_rule_sets_cite_only_registered_actions():
    for rule_set in RuleSet.objects.all():
        rules = rules_from_model(rule_set)
        assert set(rules.action_basis) <= set(ACTIONS), rule_set.code
        assert set(OLD_CITATIONS.values()) <= set(rules.citations), rule_set.code


# Calls whose `action` (keyword, or the positional argument at this index) names an action.
ACTION_CALLS = {
    "run_transition": None,
    "run_update": None,
    "record_event": None,
    "QueueTask": None,
    "can_act": 2,
    "may_take_task": 2,
    "request_for": 2,
    "roles": 0,
    "action_basis": 1,
    "action_label": 0,
    "_event": 2,  # services.letter_life: a letter's step, on its request's trail
}


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal_actions(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called(node) not in ACTION_CALLS:
            continue
        index = ACTION_CALLS[_called(node)]
        values = [k.value for k in node.keywords if k.arg == "action"]
        if index is not None and len(node.args) > index:
            values.append(node.args[index])
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield value.value


def test_every_action_the_code_names_is_registered():
    root = Path(settings.BASE_DIR)
    named = set()
    for package in ("requests_flow", "portal", "notifications", "accounts"):
        for path in (root / package).rglob("*.py"):
            if "migrations" not in path.parts and "management" not in path.parts:
                named |= set(_literal_actions(ast.parse(path.read_text(), str(path))))
    assert named <= set(ACTIONS), named - set(ACTIONS)
    # And no entry is dead: each is named in the code, or is a statement the portal offers.
    assert named | set(CITIZEN_EVENTS) == set(ACTIONS)
