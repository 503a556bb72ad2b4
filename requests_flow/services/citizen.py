"""What a requester tells the agency without changing the request's state: a correction request
after provision (Law Art. 32), a complaint or lawsuit (Art. 14), a declared payment (Art. 12)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import FINAL_STATES, State
from ..models import InformationRequest
from ..permissions import can_act
from .core import action_label, atomic, last_actor_name, lock_request, record_event
from .errors import ActionNotAllowed, ConcurrentChange, InvalidInput, NotPermitted

LAW = "Luật Tiếp cận thông tin"
CITIZEN_EVENTS = {
    # action: (states it is allowed in, legal basis, label)
    "correction_requested": (
        {State.PROVIDED},
        f"Điều 32 {LAW}",
        gettext_lazy("Ask for a correction of the information provided"),
    ),
    "complaint_recorded": (
        set(FINAL_STATES) | {State.IN_PROGRESS, State.AWAITING_PAYMENT, State.PENDING_APPROVAL},
        f"Điều 14 {LAW}",
        gettext_lazy("Record a complaint or lawsuit"),
    ),
    "payment_declared": (
        {State.AWAITING_PAYMENT},
        f"Điều 12 {LAW}",
        gettext_lazy("Declare that the costs were paid"),
    ),
}


@atomic
def request_record_citizen_event(
    *, request: InformationRequest, actor, action: str, text: str, now: datetime | None = None
) -> InformationRequest:
    """Append the requester's statement to the audit trail (the officers see it)."""
    states, basis, label = CITIZEN_EVENTS[action]
    if not text.strip():
        raise InvalidInput({"text": _("Write what you ask or report.")})
    current = lock_request(request.pk)
    if current.state != request.state or current.updated_at != request.updated_at:
        raise ConcurrentChange(last_actor_name(current.pk))
    if not can_act(actor, current, "withdraw"):  # the requester, or an officer for them
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
        legal_basis=basis,
    )
    return current


def citizen_actions_open(state: str) -> list[tuple[str, str]]:
    return [
        (action, str(label))
        for action, (states, _b, label) in CITIZEN_EVENTS.items()
        if state in states
    ]


__all__ = ["action_label", "citizen_actions_open", "request_record_citizen_event"]
