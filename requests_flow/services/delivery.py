"""What the task worker records after delivering the information itself (not a notification): the
e-mail that carried the provided files (Law 104 Art. 30(2)), once per cover letter."""

from datetime import datetime

from django.utils import timezone

from ..models import RequestEvent
from .core import atomic, lock_request, record_event


def information_emailed(request_id: int, letter_id: int) -> bool:
    return RequestEvent.objects.filter(
        request_id=request_id, action="information_emailed", data__letter=letter_id
    ).exists()


@atomic
def request_record_information_emailed(
    *, request_id: int, letter_id: int, attached: list[str], now: datetime | None = None
) -> bool:
    """Audit the e-mail once (on the requester's timeline); False if it was recorded already."""
    current = lock_request(request_id)  # two workers recording at once: one row
    if information_emailed(request_id, letter_id):
        return False
    record_event(
        current,
        actor=None,
        action="information_emailed",
        from_state=current.state,
        at=now or timezone.now(),
        data={"letter": letter_id, "attached": attached},
    )
    return True
