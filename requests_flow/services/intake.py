"""Receiving a request and the completion loop (Law Art. 26(1)-(2))."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Channel, IdDocumentType, ProvisionForm, RequesterKind
from ..limits import REASON_TEXT, REQUEST_FIELDS, too_long
from ..models import Agency, InformationRequest, LetterKind, RegisterCounter, RequestMember
from ..permissions import agency_roles
from ..rulesets import Rules
from ..selectors import law_in_force
from ..validators import validate_id_number
from .core import action_basis, atomic, record_event, run_transition
from .errors import InvalidInput, NotPermitted
from .letter_life import letter_draft


@dataclass(frozen=True, kw_only=True)
class MemberData:
    full_name: str
    id_document_type: str
    id_number: str
    reason_purpose: str


@dataclass(frozen=True, kw_only=True)
class RequestData:
    """What the requester tells us (Law Art. 24(2); DOMAIN §2)."""

    requester_name: str
    requester_address: str
    id_document_type: str
    id_number: str
    information_requested: str
    provision_form: str
    reason_purpose: str
    copies: int = 1
    phone: str = ""
    fax: str = ""
    email: str = ""
    requester_kind: str = RequesterKind.INDIVIDUAL
    represented_person: str = ""
    representative_capacity: str = ""
    organisation_name: str = ""
    conditional_information: bool = False
    members: tuple[MemberData, ...] = field(default_factory=tuple)


def _required(errors: dict, data: RequestData, name: str, message: str) -> None:
    if not str(getattr(data, name) or "").strip():
        errors[name] = message


def _check_members(data: RequestData, errors: dict[str, str]) -> None:
    if data.requester_kind != RequesterKind.ORGANISATION:
        return
    _required(errors, data, "organisation_name", _("Enter the name of the organisation."))
    if not data.members:
        errors["members"] = _("List the members on whose behalf the organisation asks.")
    for i, member in enumerate(data.members, start=1):
        try:
            validate_id_number(member.id_document_type, member.id_number)
        except ValidationError as exc:
            errors[f"members.{i}"] = _("Member %(n)s: %(msg)s") % {"n": i, "msg": exc.messages[0]}
        if too_long(member.reason_purpose, REASON_TEXT):
            errors[f"members.{i}"] = _("Member %(n)s: %(msg)s") % {
                "n": i,
                "msg": too_long(member.reason_purpose, REASON_TEXT),
            }
        if not member.full_name.strip() or not member.reason_purpose.strip():
            errors.setdefault(
                f"members.{i}",
                _("Member %(n)s: enter the full name and the reason and purpose.") % {"n": i},
            )


def validate_request_data(data: RequestData) -> dict[str, str]:
    """Every problem at once, one message per field, in the user's language."""
    errors: dict[str, str] = {}
    _required(errors, data, "requester_name", _("Enter the requester's full name."))
    _required(errors, data, "requester_address", _("Enter the place of residence or address."))
    _required(
        errors,
        data,
        "information_requested",
        _("Describe the information you ask for, naming the document or record."),
    )
    _required(errors, data, "reason_purpose", _("Give the reason and purpose of the request."))
    if data.id_document_type not in IdDocumentType.values:
        errors["id_document_type"] = _("Choose the type of identity document.")
    else:
        try:
            validate_id_number(data.id_document_type, data.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
    if data.provision_form not in ProvisionForm.values:
        errors["provision_form"] = _("Choose how you want to receive the information.")
    if not isinstance(data.copies, int) or not 1 <= data.copies <= 1000:
        errors["copies"] = _("The number of copies must be between 1 and 1000.")
    if data.requester_kind not in RequesterKind.values:
        errors["requester_kind"] = _("Choose on whose behalf the request is made.")
    if data.requester_kind == RequesterKind.REPRESENTATIVE:
        _required(
            errors, data, "represented_person", _("Enter the name of the person represented.")
        )
        _required(
            errors,
            data,
            "representative_capacity",
            _("Say in what capacity you represent them (e.g. parent, guardian)."),
        )
    _check_members(data, errors)
    for name, limit in REQUEST_FIELDS.items():
        message = too_long(getattr(data, name), limit)
        if message:
            errors[name] = message
    return errors


def entry_errors(rules: Rules | None, agency: Agency, channel: str) -> dict[str, str]:
    """A request the law in force does not admit is refused at entry: by a channel it does not
    name (the 2026 law does not name fax), or to a kind of body it does not cover (Law 104 does
    not cover public non-business units)."""
    if rules is None:
        return {}
    errors = {}
    if not rules.accepts_channel(channel):
        accepted = [str(label).lower() for c, label in Channel.choices if c in rules.channels]
        errors["channel"] = _(
            "The law in force (%(law)s) does not accept requests by %(channel)s. Accepted: "
            "%(accepted)s."
        ) % {
            "law": rules.title,
            "channel": str(Channel(channel).label).lower(),
            "accepted": ", ".join(accepted),
        }
    if not rules.covers_agency_kind(agency.kind):
        errors["agency"] = _(
            "The law in force (%(law)s) does not cover %(agency)s (%(kind)s): it cannot receive "
            "requests under it."
        ) % {"law": rules.title, "agency": agency.name, "kind": agency.get_kind_display().lower()}
    return errors


def _next_register_seq(agency: Agency, year: int) -> int:
    # The counter row is locked until the transaction ends, so two requests received at the same
    # moment get consecutive numbers and a rolled-back receipt gives its number back.
    counter, _created = RegisterCounter.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@atomic
def request_receive(
    *,
    agency: Agency,
    data: RequestData,
    channel: str,
    actor,
    requester_user=None,
    written_on_behalf: bool = False,
    now: datetime | None = None,
) -> InformationRequest:
    """Record a request in the register with its number (state: received). `actor` is the citizen
    filing online (then also `requester_user`) or the officer entering a walk-in, post, fax or
    e-mail request."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise InvalidInput({"channel": _("Choose the channel by which the request arrived.")})
    law = law_in_force(timezone.localdate(now))  # the law the request is received under
    errors = {**validate_request_data(data), **entry_errors(law, agency, channel)}
    if errors:
        raise InvalidInput(errors)
    is_staff_entry = requester_user is None or actor != requester_user
    if is_staff_entry and not agency_roles(actor, agency.pk):
        raise NotPermitted
    fields = {k: v for k, v in data.__dict__.items() if k != "members"}
    fields["id_number"] = validate_id_number(data.id_document_type, data.id_number)
    request = InformationRequest(
        agency=agency,
        channel=channel,
        received_at=now,
        requester_user=requester_user,
        entered_by=actor if is_staff_entry else None,
        written_on_behalf=written_on_behalf,
        register_year=timezone.localdate(now).year,
        **fields,
    )
    request.register_seq = _next_register_seq(agency, request.register_year)
    request.save()
    RequestMember.objects.bulk_create(
        RequestMember(
            request=request,
            full_name=m.full_name,
            id_document_type=m.id_document_type,
            id_number=validate_id_number(m.id_document_type, m.id_number),
            reason_purpose=m.reason_purpose,
        )
        for m in data.members
    )
    record_event(
        request,
        actor=actor,
        action="receive",
        from_state="",
        at=now,
        legal_basis=action_basis(law, "receive"),
        data={"channel": channel, "register_number": request.register_number},
    )
    letter_draft(request=request, kind=LetterKind.RECEIPT, actor=actor, now=now)  # Form 02
    return request


@atomic
def request_ask_supplement(
    *,
    request: InformationRequest,
    actor,
    missing_items: list[str],
    note: str = "",
    now: datetime | None = None,
) -> InformationRequest:
    """Tell the requester exactly what to add; the deadline clock has not started (Art. 26(2))."""
    items = [i.strip() for i in missing_items if i and i.strip()]
    if not items:
        raise InvalidInput({"missing_items": _("List at least one thing the requester must add.")})
    updated = run_transition(
        request=request,
        actor=actor,
        action="ask_supplement",
        now=now,
        note=note,
        apply=lambda r: r.ask_supplement(missing_items=items),
        data={"missing_items": items},
    )
    letter_draft(request=updated, kind=LetterKind.SUPPLEMENT, actor=actor, now=now)
    return updated


@atomic
def request_receive_supplement(
    *, request: InformationRequest, actor, answer: str = "", now: datetime | None = None
) -> InformationRequest:
    """The requester completed the request; it goes back to validity review."""
    return run_transition(
        request=request,
        actor=actor,
        action="receive_supplement",
        now=now,
        reason=answer,
        apply=lambda r: r.receive_supplement(),
    )
