"""Decisions drafted by the focal officer and approved by the leader: provide, refuse, extend
(Arts. 25, 28, 29-31; Circular 46 Art. 4(1)(a)), and withdrawal by the requester."""

from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..choices import Complexity, DecisionKind, DecisionStatus, RefusalGround, State
from ..models import Decision, InformationRequest, Letter, LetterKind, LetterStatus
from .core import action_label, atomic, rules_for, run_transition
from .errors import ActionNotAllowed, InvalidInput
from .handling import store_milestones
from .letter_life import approve_locked, cancel_drafts, letter_draft


def _check_refusal(
    request: InformationRequest,
    grounds: list[str],
    reasons: str,
    competent_agency: str,
    published_where: str = "",
) -> None:
    rules = rules_for(request)
    known = {g.code for g in rules.refusal_grounds} if rules else set(RefusalGround.values)
    errors = {}
    if not grounds:
        errors["grounds"] = _("Choose at least one refusal ground from Art. 28(1).")
    elif any(g not in known for g in grounds):
        errors["grounds"] = _("A refusal ground must come from the closed list of Art. 28(1).")
    if not reasons.strip():
        errors["reasons"] = _("State the reasons for the refusal in writing (Art. 28(2)).")
    if RefusalGround.C in grounds and not competent_agency.strip():
        errors["competent_agency"] = _(
            "Ground (c) needs the name of the competent agency the requester should turn to "
            "(Art. 26(3))."
        )
    if RefusalGround.B in grounds and not published_where.strip():
        errors["published_where"] = _(
            "Ground (b) needs where the information was published: the letter names it."
        )
    if errors:
        raise InvalidInput(errors)


def _check_extension(request: InformationRequest, days: int | None, now: datetime) -> None:
    rules = rules_for(request)
    if request.complexity != Complexity.COMPLEX:
        raise InvalidInput({"extension_days": _("Only complex requests may be extended.")})
    if request.extension_days:
        raise InvalidInput({"extension_days": _("The time limit was already extended once.")})
    cap = rules.extensions[request.channel].max_days
    if not isinstance(days, int) or not 1 <= days <= cap:
        raise InvalidInput(
            {"extension_days": _("The extension must be from 1 to %(cap)s days.") % {"cap": cap}}
        )
    final = request.milestones.filter(met_at__isnull=True).order_by("-due_date").first()
    if final is None or timezone.localdate(now) > final.due_date:
        raise InvalidInput(
            {
                "extension_days": _(
                    "An extension must be decided and notified before the current deadline."
                )
            }
        )


@atomic
def request_submit_decision(
    *,
    request: InformationRequest,
    actor,
    kind: str,
    summary: str = "",
    grounds: list[str] | None = None,
    reasons: str = "",
    competent_agency: str = "",
    extension_days: int | None = None,
    now: datetime | None = None,
    published_where: str = "",
) -> InformationRequest:
    """Draft a decision for the leader. Provision and extension come only from handling
    (in_progress, costs paid); a refusal may be drafted from any open state."""
    now = now or timezone.now()
    grounds = list(grounds or [])
    if kind not in DecisionKind.values:
        raise InvalidInput({"kind": _("Choose the decision: provide, refuse or extend.")})

    def check(current: InformationRequest) -> None:
        if kind != DecisionKind.REFUSE and current.state != State.IN_PROGRESS:
            raise ActionNotAllowed(action_label("submit_decision"), State(current.state).label)
        if kind == DecisionKind.REFUSE:
            _check_refusal(current, grounds, reasons, competent_agency, published_where)
        if kind == DecisionKind.PROVIDE and current.cost_amount and not current.paid_at:
            raise InvalidInput({"kind": _("The actual costs have not been paid yet (Art. 12).")})
        if kind == DecisionKind.PROVIDE and current.secrecy_reviewed_at is None:
            raise InvalidInput(
                {"kind": _("Record the secrecy review before providing (Decree 13 Art. 7).")}
            )
        if kind == DecisionKind.EXTEND:
            _check_extension(current, extension_days, now)
            if not reasons.strip():  # the notice of extension (Form 04) prints the reason
                raise InvalidInput({"reasons": _("State why the time limit must be extended.")})

    def apply(r: InformationRequest) -> None:
        r.submit_for_approval()
        Decision.objects.create(
            request=r,
            kind=kind,
            grounds=grounds,
            reasons=reasons,
            competent_agency=competent_agency,
            published_where=published_where if kind == DecisionKind.REFUSE else "",
            summary=summary,
            extension_days=extension_days if kind == DecisionKind.EXTEND else None,
            drafted_by=actor,
            drafted_at=now,
        )

    updated = run_transition(
        request=request,
        actor=actor,
        action="submit_decision",
        now=now,
        apply=apply,
        check=check,
        reason=reasons or summary,
        data={"kind": kind, "grounds": grounds, "extension_days": extension_days},
    )
    # The letter that will carry the decision, drafted with it: the focal unit may edit it, and
    # the leader approves both in one act (DOMAIN §7.1).
    letter_draft(request=updated, kind=DECISION_LETTERS[kind], actor=actor, now=now)
    return updated


def _pending(request: InformationRequest) -> Decision:
    return Decision.objects.select_for_update().get(request=request, status=DecisionStatus.PENDING)


# Letters are written in Vietnamese (Decree 30/2020 Art. 8) whatever language the officer's
# screens use: a text the system writes into a letter is made in this language.
LETTER_LANGUAGE = "vi"


@atomic
def request_refuse_unpaid(*, request, actor, now: datetime | None = None):
    """The requester did not pay the actual costs in time: a refusal on ground (e) is drafted,
    its reason in the letter's language."""
    with translation.override(LETTER_LANGUAGE):
        reasons = _("The actual costs were not paid by the deadline.")
    return request_submit_decision(
        request=request,
        actor=actor,
        kind=DecisionKind.REFUSE,
        grounds=[RefusalGround.E],
        reasons=reasons,
        now=now,
    )


@atomic
def request_return_for_rework(
    *, request: InformationRequest, actor, comment: str, now: datetime | None = None
) -> InformationRequest:
    """The leader sends the draft back with a comment; the request returns to where it was."""
    now = now or timezone.now()
    if not comment.strip():
        raise InvalidInput({"comment": _("Say what must be reworked.")})

    def apply(r: InformationRequest) -> None:
        # The transition first: from any state but pending_approval it refuses (ActionNotAllowed)
        # before we look for the pending decision, which then does not exist.
        r.return_for_rework()
        decision = _pending(r)
        decision.status, decision.comment = DecisionStatus.RETURNED, comment
        decision.decided_by, decision.decided_at = actor, now
        decision.save()
        cancel_drafts(r, DECISION_LETTERS.values(), actor, now)

    return run_transition(
        request=request,
        actor=actor,
        action="return_for_rework",
        now=now,
        apply=apply,
        reason=comment,
    )


def _approve(
    request: InformationRequest, actor, kind: str, now: datetime | None, comment: str
) -> InformationRequest:
    now = now or timezone.now()
    details: dict = {"kind": kind}

    def check(current: InformationRequest) -> None:
        decision = Decision.objects.filter(request=current, status=DecisionStatus.PENDING).first()
        if current.state != State.PENDING_APPROVAL or decision is None or decision.kind != kind:
            raise ActionNotAllowed(action_label("approve"), State(current.state).label)
        if kind == DecisionKind.EXTEND and decision is not None:
            _check_extension(current, decision.extension_days, now)

    def apply(r: InformationRequest) -> None:
        decision = _pending(r)
        details.update(grounds=decision.grounds, competent_agency=decision.competent_agency)
        if kind == DecisionKind.PROVIDE:
            r.provide(at=now)
        elif kind == DecisionKind.REFUSE:
            r.refuse(at=now)
        else:
            r.extend(at=now, days=decision.extension_days)
            details["extension_days"] = decision.extension_days
        decision.status, decision.comment = DecisionStatus.APPROVED, comment
        decision.decided_by, decision.decided_at = actor, now
        decision.save()
        if kind == DecisionKind.EXTEND:
            final = store_milestones(r)[-1]
            details["new_due"] = final.due_date.isoformat()
        # A provision or a written refusal meets the request's milestones when its letter is
        # issued (services.letter_issue), not when it is approved: the deadline is for the
        # requester to receive the answer, and the clerk may issue it days later.

    rules = rules_for(request)
    basis = None
    if kind == DecisionKind.EXTEND and rules is not None:
        basis = rules.extensions[request.channel].basis
    pending = Decision.objects.filter(request=request, status=DecisionStatus.PENDING).first()
    if kind == DecisionKind.REFUSE and rules is not None and pending is not None:
        # The refusal cites the exact point of Art. 28(1) for each ground relied on.
        grounds = [rules.ground(code) for code in pending.grounds]
        basis = "; ".join(g.basis for g in grounds if g is not None)
    updated = run_transition(
        request=request,
        actor=actor,
        action="approve",
        now=now,
        apply=apply,
        check=check,
        reason=comment,
        data=details,
        legal_basis=basis,
    )
    # The leader who approves the decision approves its letter (Forms 04, 05, cover) and becomes
    # its signer; it then waits for their signature and the clerk's number (services.letter_issue).
    approve_locked(_decision_letter(updated, kind, actor, now), actor, now)
    return updated


def _decision_letter(request: InformationRequest, kind: str, actor, now) -> Letter:
    """The draft submitted with the decision; one is drafted now for a decision submitted before
    letters had drafts (migration 0025)."""
    letter = (
        Letter.objects.select_for_update()
        .select_related("request", "agency")
        .filter(request=request, kind=DECISION_LETTERS[kind], status=LetterStatus.DRAFT)
        .order_by("-id")
        .first()
    )
    if letter is None:
        letter = letter_draft(request=request, kind=DECISION_LETTERS[kind], actor=actor, now=now)
    letter.request = request
    return letter


DECISION_LETTERS = {
    DecisionKind.PROVIDE: LetterKind.COVER,
    DecisionKind.REFUSE: LetterKind.REFUSAL,
    DecisionKind.EXTEND: LetterKind.EXTENSION,
}


@atomic
def request_approve_provision(*, request, actor, comment: str = "", now=None):
    """The leader approves providing the information; the request is provided."""
    return _approve(request, actor, DecisionKind.PROVIDE, now, comment)


@atomic
def request_approve_refusal(*, request, actor, comment: str = "", now=None):
    """The leader signs the written refusal with its grounds (Art. 28; Form 05)."""
    return _approve(request, actor, DecisionKind.REFUSE, now, comment)


@atomic
def request_extend(*, request, actor, comment: str = "", now=None):
    """The leader approves the extension: the final milestone moves (at most once, within the
    cap, before the current deadline; Arts. 29(2), 30(4), 31(2); Form 04)."""
    return _approve(request, actor, DecisionKind.EXTEND, now, comment)


@atomic
def request_approve_pending(*, request, actor, comment: str = "", now=None):
    """The leader approves whatever decision waits (provision, refusal or extension): the task
    screen offers one "approve" whatever was submitted."""
    pending = (
        Decision.objects.filter(request_id=request.pk, status=DecisionStatus.PENDING)
        .values_list("kind", flat=True)
        .first()
    )
    approve = {
        DecisionKind.PROVIDE: request_approve_provision,
        DecisionKind.REFUSE: request_approve_refusal,
        DecisionKind.EXTEND: request_extend,
    }.get(pending)
    if approve is None:
        raise InvalidInput({"action": _("There is no decision waiting.")})
    return approve(request=request, actor=actor, comment=comment, now=now)


@atomic
def request_withdraw(
    *, request: InformationRequest, actor, reason: str = "", now: datetime | None = None
) -> InformationRequest:
    """The requester withdraws (or an officer records their withdrawal)."""
    now = now or timezone.now()

    def apply(r: InformationRequest) -> None:
        Decision.objects.filter(request=r, status=DecisionStatus.PENDING).update(
            status=DecisionStatus.RETURNED, comment=_("Request withdrawn.")
        )
        # Every letter not yet signed, not only the decision's: a receipt or a notice waiting
        # for approval or a signature has no one left to receive it. A signed letter stays for
        # the clerk: its signer has put their name to it.
        cancel_drafts(r, LetterKind.values, actor, now, unsigned_too=True)
        r.withdraw(at=now)

    return run_transition(
        request=request, actor=actor, action="withdraw", now=now, apply=apply, reason=reason
    )
