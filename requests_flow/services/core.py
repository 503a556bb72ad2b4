"""The one path by which a request changes state: lock, check, transition, audit, one commit."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from .. import actions
from ..audit_chain import append
from ..choices import State
from ..models import InformationRequest, RequestEvent, RuleSet
from ..notices import notify_event
from ..permissions import can_act
from ..rulesets import Rules
from .errors import ActionNotAllowed, ConcurrentChange, NotPermitted, RequestNotFound


def action_label(action: str) -> str:
    return actions.label(action)


def lock_request(request_id: int) -> InformationRequest:
    """Take the row lock. On PostgreSQL a second writer waits here until the first commits; on
    SQLite BEGIN IMMEDIATE (settings) already serialises writers."""
    try:
        return (
            InformationRequest.objects.select_for_update(of=("self",))
            .select_related("agency", "rule_set")
            .get(pk=request_id)
        )
    except InformationRequest.DoesNotExist as exc:
        raise RequestNotFound from exc


def last_actor_name(request_id: int) -> str:
    event = (
        RequestEvent.objects.filter(request_id=request_id)
        .select_related("actor")
        .order_by("-id")  # the last row written, whatever time its caller gave it
        .first()
    )
    if event is None or event.actor is None:
        return gettext("another user")
    return event.actor.display_name


def rules_for(request: InformationRequest, on: datetime | None = None) -> Rules | None:
    """The request's frozen rule set, or (before it is valid) the one in force on `on`."""
    if request.rule_set is not None:
        return request.rule_set.to_rules()
    day = timezone.localdate(on or request.received_at)
    rule_set = RuleSet.objects.in_force_on(day).first()
    return rule_set.to_rules() if rule_set else None


def action_basis(rules: Rules | None, action: str) -> str:
    """What an audit row of `action` cites: the rule set's citation under the action's key in
    the registry, or else its action_basis entry for the action's name."""
    if rules is None:
        return ""
    known = actions.ACTIONS.get(action)
    if known is not None and known.citation is not None:
        return rules.cite(known.citation)
    return rules.action_basis.get(action, "")


def record_event(
    request: InformationRequest,
    *,
    actor,
    action: str,
    from_state: str,
    at: datetime,
    reason: str = "",
    legal_basis: str = "",
    note: str = "",
    data: dict | None = None,
) -> RequestEvent:
    # The row joins the hash chain under the chain lock (audit_chain's docstring).
    event = RequestEvent(
        request=request,
        actor=actor,
        at=at,
        action=action,
        from_state=from_state,
        to_state=request.state,
        reason=reason,
        legal_basis=legal_basis,
        note=note,
        data=data or {},
    )
    append(event)
    # The outbox: notifications and their delivery tasks commit with the event, or not at all.
    notify_event(event)
    return event


def run_transition(
    *,
    request: InformationRequest,
    actor,
    action: str,
    apply: Callable[[InformationRequest], None],
    now: datetime | None = None,
    reason: str = "",
    legal_basis: str | None = None,
    note: str = "",
    data: dict | None = None,
    check: Callable[[InformationRequest], None] | None = None,
) -> InformationRequest:
    """Lock the row, refuse if it changed since `request` was read, check the actor's role, run
    the FSM transition, save and append the audit row. Returns the fresh, saved instance.

    Must run inside transaction.atomic (the callers' decorator does it) so that the transition,
    its audit row and its outbox rows commit together or not at all.
    """
    now = now or timezone.now()
    current = lock_request(request.pk)
    # Any write to the request (not only a state change) since the actor read it is a conflict:
    # they decided on what they saw, so they must see the change first.
    if current.state != request.state or current.updated_at != request.updated_at:
        raise ConcurrentChange(last_actor_name(current.pk))
    if not can_act(actor, current, action):
        raise NotPermitted
    if check is not None:
        check(current)
    from_state = current.state
    try:
        apply(current)
    except TransitionNotAllowed as exc:
        raise ActionNotAllowed(action_label(action), State(from_state).label) from exc
    try:
        current.save()
    except ConcurrentTransition as exc:  # safety net behind the row lock
        raise ConcurrentChange(last_actor_name(current.pk)) from exc
    basis = (
        legal_basis if legal_basis is not None else action_basis(rules_for(current, now), action)
    )
    record_event(
        current,
        actor=actor,
        action=action,
        from_state=from_state,
        at=now,
        reason=reason,
        legal_basis=basis,
        note=note,
        data=data,
    )
    return current


atomic = transaction.atomic


def run_update(
    *,
    request: InformationRequest,
    actor,
    action: str,
    apply: Callable[[InformationRequest], dict],
    now: datetime | None = None,
    reason: str = "",
) -> InformationRequest:
    """Like run_transition for writes that keep the state (handling notes, files): the same lock,
    conflict check, role check (the action's own roles in the registry) and audit row. `apply`
    returns the audit row's details."""
    now = now or timezone.now()
    current = lock_request(request.pk)
    if current.state != request.state or current.updated_at != request.updated_at:
        raise ConcurrentChange(last_actor_name(current.pk))
    if not can_act(actor, current, action):
        raise NotPermitted
    if current.state != State.IN_PROGRESS:
        raise ActionNotAllowed(action_label(action), State(current.state).label)
    details = apply(current)
    current.save()
    record_event(
        current,
        actor=actor,
        action=action,
        from_state=current.state,
        at=now,
        reason=reason,
        legal_basis=action_basis(rules_for(current, now), action),
        data=details,
    )
    return current
