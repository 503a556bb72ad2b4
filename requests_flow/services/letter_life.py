"""The life of an outgoing letter (DOMAIN §7.1; Decree 30/2020/NĐ-CP Arts. 8, 15-16):

draft (no number, no date, editable, never shown to the requester) → approved by the person
with authority for its kind (the rule set's `letter_approvers`; they become its signer) →
signed by them, digitally or on paper → numbered and issued by the clerk (văn thư): the agency's
digital signature after the number and date, or the scan of the signed and sealed paper. Each
step locks the letter, checks its status and the actor's role, and leaves an audit row on the
request's timeline. Drafts are made inside the transaction of the decision that needs them."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Role
from ..letters.data import Signer
from ..models import (
    AgencyMembership,
    InformationRequest,
    Letter,
    LetterCounter,
    LetterKind,
    LetterStatus,
)
from ..permissions import agency_roles
from .core import record_event, rules_for
from .errors import InvalidInput, NotPermitted, ServiceError
from .letters import drafted_content

atomic = transaction.atomic

# Who edits a draft: the focal unit, whose officers draft the agency's letters.
EDITORS = frozenset({Role.FOCAL_OFFICER, Role.FOCAL_HEAD})


class LetterStepNotAllowed(ServiceError):
    """The letter is not at the step the action needs (someone acted first, or it was
    cancelled)."""

    def __init__(self, letter: Letter) -> None:
        super().__init__(
            _("This letter is now “%(status)s”; reload the page to see what changed.")
            % {"status": LetterStatus(letter.status).label}
        )


def _event(letter: Letter, actor, action: str, now: datetime, **data) -> None:
    request = letter.request
    record_event(
        request,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_state=request.state,
        at=now,
        data={"letter": letter.pk, "kind": letter.kind, **data},
    )


def _locked(letter: Letter, *statuses: str) -> Letter:
    current = (
        Letter.objects.select_for_update().select_related("request", "agency").get(pk=letter.pk)
    )
    if current.status not in statuses:
        raise LetterStepNotAllowed(current)
    return current


def letter_draft(
    *,
    request: InformationRequest,
    kind: str,
    actor=None,
    now: datetime | None = None,
    extra: dict | None = None,
) -> Letter:
    """Draft the letter `kind` for the request; call inside the transaction of the act that needs
    it. `extra`: facts of the letter's own occasion (the correction answered, letters.content)."""
    now = now or timezone.now()
    letter_symbol, content = drafted_content(request, kind, extra)
    staff = (
        actor is not None
        and actor.is_authenticated
        and bool(agency_roles(actor, request.agency_id))
    )
    letter = Letter.objects.create(
        request=request,
        agency=request.agency,
        kind=kind,
        status=LetterStatus.DRAFT,
        symbol=letter_symbol,
        content={**content, "extra": extra or {}},
        drafted_at=now,
        drafted_by=actor if staff else None,  # a requester's online filing drafts the receipt
    )
    _event(letter, actor, "letter_draft", now)
    return letter


@atomic
def letter_edit(*, letter: Letter, actor, paragraphs: list[str], now=None) -> Letter:
    """The focal unit corrects a draft's body before it is approved."""
    now = now or timezone.now()
    current = _locked(letter, LetterStatus.DRAFT)
    if not agency_roles(actor, current.agency_id) & EDITORS:
        raise NotPermitted
    cleaned = [p.strip() for p in paragraphs if p.strip()]
    if not cleaned:
        raise InvalidInput({"body": _("A letter needs at least one paragraph.")})
    current.content = {**current.content, "paragraphs": cleaned, "edited": True}
    current.save(update_fields=["content"])
    _event(current, actor, "letter_edit", now)
    return current


def approver_role(letter: Letter) -> str:
    rules = rules_for(letter.request)
    return rules.approver_role(letter.kind) if rules else Role.LEADER


def may_approve(user, letter: Letter) -> bool:
    """A leader approves any letter; the head of the focal unit those the rule set gives them
    (Circular 46 Art. 4(1)(a): Form 03)."""
    roles = agency_roles(user, letter.agency_id)
    return Role.LEADER in roles or approver_role(letter) in roles


def signer_of(user, letter: Letter) -> Signer:
    """How the approver signs, from their membership in the letter's agency; InvalidInput naming
    what the administrator must set when their title is missing."""
    roles = [Role.LEADER, Role.FOCAL_HEAD]
    memberships = AgencyMembership.objects.filter(
        user=user, agency_id=letter.agency_id, role__in=roles
    )
    membership = min(memberships, key=lambda m: roles.index(m.role), default=None)
    name = user.get_full_name().strip()
    if membership is None or not membership.signing_title.strip() or not name:
        raise InvalidInput(
            {
                "approve": _(
                    "You cannot sign this letter yet: an administrator must enter your full name "
                    "and your title when signing (e.g. PHÓ GIÁM ĐỐC) in your role at %(agency)s "
                    "(Administration → Agency memberships)."
                )
                % {"agency": letter.agency.name}
            }
        )
    return Signer(
        prefix=membership.signing_prefix,
        authority=membership.signing_authority.upper(),
        title=membership.signing_title.upper(),
        name=name,
    )


def approve_locked(letter: Letter, actor, now: datetime) -> Letter:
    """Approve a locked draft inside the caller's transaction (a decision's approval approves
    its letter). The content is drafted again from the request as it now stands (an extension's
    new date exists only after its approval) unless the focal unit edited the body."""
    if not may_approve(actor, letter):
        raise NotPermitted
    signer = signer_of(actor, letter)
    content = dict(letter.content)
    _symbol, fresh = drafted_content(letter.request, letter.kind, content.get("extra"), signer)
    if content.get("edited"):
        fresh["paragraphs"] = content["paragraphs"]
    letter.content = {**fresh, "extra": content.get("extra", {}), "edited": content.get("edited")}
    letter.status, letter.approved_by, letter.approved_at = LetterStatus.APPROVED, actor, now
    letter.save(update_fields=["content", "status", "approved_by", "approved_at"])
    _event(letter, actor, "letter_approve", now, signer=signer.name)
    return letter


@atomic
def letter_approve(*, letter: Letter, actor, now=None) -> Letter:
    """The person with authority approves a draft and becomes its signer."""
    now = now or timezone.now()
    current = _locked(letter, LetterStatus.DRAFT)
    if current.kind in DECISION_KINDS and current.request.state == "pending_approval":
        # Approved with the decision it carries (the approval task), never apart from it.
        raise InvalidInput({"approve": _("Approve this letter with its decision, in the task.")})
    return approve_locked(current, actor, now)


# The letters that carry a decision the leader approves in the flow's approval task.
DECISION_KINDS = frozenset({LetterKind.COVER, LetterKind.REFUSAL, LetterKind.EXTENSION})


def cancel_drafts(
    request: InformationRequest, kinds, actor, now: datetime, *, unsigned_too: bool = False
) -> None:
    """Drafts whose decision was sent back, or whose request was withdrawn (then approved
    letters not yet signed too): cancelled, kept for the record. None has a number yet."""
    statuses = [LetterStatus.DRAFT, LetterStatus.APPROVED] if unsigned_too else [LetterStatus.DRAFT]
    for letter in Letter.objects.select_for_update().filter(
        request=request, kind__in=kinds, status__in=statuses
    ):
        letter.status = LetterStatus.CANCELLED
        letter.save(update_fields=["status"])
        _event(letter, actor, "letter_cancel", now)


def next_number(agency_id: int, year: int) -> int:
    # Locked until the transaction ends: two letters issued at once get consecutive numbers, and
    # a rolled-back issue gives its number back (Decree 30 Art. 15: never skipped, never reused).
    counter, _created = LetterCounter.objects.select_for_update().get_or_create(
        agency_id=agency_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
