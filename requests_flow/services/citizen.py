"""What a requester tells the agency without changing the request's state: a correction request
after provision (Law Art. 32), a complaint or lawsuit (Art. 14), a declared payment (Art. 12)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import State
from ..models import InformationRequest
from ..permissions import can_act
from .core import (
    action_basis,
    action_label,
    atomic,
    last_actor_name,
    lock_request,
    record_event,
    rules_for,
)
from .corrections import correction_request
from .errors import ActionNotAllowed, ConcurrentChange, InvalidInput, NotPermitted

CITIZEN_EVENTS = {
    # action: (states it is allowed in, the offer's label). Who may make it and what it cites
    # (Law 104's article, or the 2026 law's name alone) are in requests_flow.actions.
    "correction_requested": (
        {State.PROVIDED},
        gettext_lazy("Ask for a correction of the information provided"),
    ),
    # A complaint or lawsuit (Art. 14 of Law 104) may come at any time after submission: the law
    # sets no state for it (issue #14 item 5); before, it was refused until the handling began.
    "complaint_recorded": (set(State.values), gettext_lazy("Record a complaint or lawsuit")),
    "payment_declared": (
        {State.AWAITING_PAYMENT},
        gettext_lazy("Declare that the costs were paid"),
    ),
}


@atomic
def request_record_citizen_event(
    *, request: InformationRequest, actor, action: str, text: str, now: datetime | None = None
) -> InformationRequest:
    """Append the requester's statement to the audit trail (the officers see it)."""
    if action == "correction_requested":
        # Not a statement only: a tracked sub-process with its milestone (Art. 32(2)).
        correction_request(request=request, actor=actor, text=text, now=now)
        return InformationRequest.objects.get(pk=request.pk)
    states, label = CITIZEN_EVENTS[action]
    if not text.strip():
        raise InvalidInput({"text": _("Write what you ask or report.")})
    current = lock_request(request.pk)
    if current.state != request.state or current.updated_at != request.updated_at:
        raise ConcurrentChange(last_actor_name(current.pk))
    if not can_act(actor, current, action):  # STATEMENT_ROLES: the requester, or an officer
        raise NotPermitted
    if current.state not in states:
        raise ActionNotAllowed(str(label), State(current.state).label)
    record_event(
        current,
        actor=actor,
        action=action,
        from_state=current.state,
        at=now or timezone.now(),
        reason=text.strip()[:5000],
        legal_basis=action_basis(rules_for(current), action),
    )
    return current


def citizen_actions_open(state: str) -> list[tuple[str, str]]:
    return [
        (action, str(label))
        for action, (states, label) in CITIZEN_EVENTS.items()
        if state in states
    ]


__all__ = ["action_label", "citizen_actions_open", "request_record_citizen_event"]
