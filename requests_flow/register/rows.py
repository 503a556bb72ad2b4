"""One register row per request (law-research.md §2.4: the suggested columns), read in a fixed
number of queries: the requests, then their letters, milestones, approved refusals, the complaints
requesters reported and those officers recorded (five prefetches), whatever the number of rows.

Personal data (DOMAIN §8): the identity number is only ever read through masked_id_number."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import OPEN_STATES, Complexity, DecisionKind, DecisionStatus, RefusalGround, State
from ..deadlines import local_day, milestone_label
from ..models import (
    Complaint,
    Decision,
    InformationRequest,
    Letter,
    LetterStatus,
    Milestone,
    RequestEvent,
)
from .scope import Period

COMPLAINT = "complaint_recorded"
OPEN = "open"

# (key, header): the columns of the screen, CSV and XLSX, in this order.
COLUMNS = (
    ("register_number", gettext_lazy("Register no.")),
    ("received_on", gettext_lazy("Date received")),
    ("channel", gettext_lazy("Channel")),
    ("requester", gettext_lazy("Requester")),
    ("id_number", gettext_lazy("ID number (masked)")),
    ("contact", gettext_lazy("Contact")),
    ("information_requested", gettext_lazy("Information requested")),
    ("provision_form", gettext_lazy("Form of provision")),
    ("valid_on", gettext_lazy("Valid on")),
    ("complexity", gettext_lazy("Simple / complex")),
    ("notices", gettext_lazy("Notices issued")),
    ("cost", gettext_lazy("Costs (VND)")),
    ("paid_on", gettext_lazy("Paid on")),
    ("due_dates", gettext_lazy("Due dates")),
    ("extension_days", gettext_lazy("Extension (days)")),
    ("result", gettext_lazy("Result")),
    ("closed_on", gettext_lazy("Date provided / closed")),
    ("complaint", gettext_lazy("Complaint or lawsuit")),
)


def ground_code(code: str) -> str:
    """ "dd" is how ground (đ) is stored."""
    return "đ" if code == RefusalGround.DD else code


def day_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _day(moment: datetime | None) -> date | None:
    return local_day(moment) if moment else None


@dataclass(frozen=True)
class Notice:
    kind: str  # the letter kind's label
    number_text: str  # "01/PTN-STP"
    issued_on: date

    def __str__(self) -> str:
        return _("%(kind)s No. %(number)s of %(date)s") % {
            "kind": self.kind,
            "number": self.number_text,
            "date": day_text(self.issued_on),
        }


@dataclass(frozen=True)
class Due:
    label: str
    due_on: date
    met_on: date | None

    def __str__(self) -> str:
        text = f"{self.label}: {day_text(self.due_on)}"
        if self.met_on:
            text += " " + _("(met %(date)s)") % {"date": day_text(self.met_on)}
        return text


@dataclass(frozen=True)
class ComplaintEntry:
    kind: str  # the kind's label
    filed_on: date
    outcome: str  # the outcome's label, "" while awaited
    outcome_on: date | None

    def __str__(self) -> str:
        facts = {"kind": self.kind, "filed": day_text(self.filed_on)}
        if not self.outcome:
            return _("%(kind)s filed %(filed)s: awaiting the outcome") % facts
        return _("%(kind)s filed %(filed)s: %(outcome)s on %(date)s") % {
            **facts,
            "outcome": self.outcome,
            "date": day_text(self.outcome_on),
        }


@dataclass(frozen=True)
class RegisterRow:
    register_number: str
    received_on: date
    channel: str
    requester: str
    id_number: str  # masked
    contact: str
    information_requested: str
    provision_form: str
    valid_on: date | None
    complexity: str
    notices: tuple[Notice, ...]
    cost: int | None
    paid_on: date | None
    due_dates: tuple[Due, ...]
    extension_days: int | None
    result_kind: str  # provided, refused, redirected, withdrawn, open
    result: str
    grounds: tuple[str, ...]  # Art. 28(1) codes as printed: a, b, c, d, đ, e
    competent_agency: str
    closed_on: date | None
    complaints: tuple[date, ...]  # the requester's statements on the portal
    state: str
    complaint_records: tuple[ComplaintEntry, ...] = ()  # recorded by officers (Art. 14)

    @property
    def complaint(self) -> str:
        parts = [str(entry) for entry in self.complaint_records]
        if self.complaints:
            dates = ", ".join(day_text(d) for d in self.complaints)
            parts.append(_("reported by the requester on %(dates)s") % {"dates": dates})
        return "; ".join(parts)

    def value(self, key: str):
        """The cell of column `key`: a date, a number or text (lists one item a line)."""
        if key in ("notices", "due_dates"):
            return "\n".join(str(item) for item in getattr(self, key))
        return getattr(self, key)


def register_queryset(agency_id: int, period: Period, state: str = "") -> QuerySet:
    """The agency's requests received in the period (local dates), in register order, with what
    the rows need prefetched. `state`: one state, "open" for every open state, "" for all."""
    start, end = period.bounds()
    queryset = InformationRequest.objects.filter(
        agency_id=agency_id, received_at__gte=start, received_at__lt=end
    )
    if state == OPEN:
        queryset = queryset.filter(state__in=OPEN_STATES)
    elif state:
        queryset = queryset.filter(state=state)
    refusals = Decision.objects.filter(kind=DecisionKind.REFUSE, status=DecisionStatus.APPROVED)
    return queryset.order_by("register_year", "register_seq", "pk").prefetch_related(
        Prefetch(
            "letters",
            Letter.objects.filter(status=LetterStatus.ISSUED).order_by("issued_at", "id"),
            to_attr="reg_letters",
        ),
        Prefetch(
            "milestones", Milestone.objects.order_by("due_date", "id"), to_attr="reg_milestones"
        ),
        Prefetch("decisions", refusals.order_by("decided_at", "id"), to_attr="reg_refusals"),
        Prefetch(
            "events",
            RequestEvent.objects.filter(action=COMPLAINT).order_by("at", "id"),
            to_attr="reg_complaints",
        ),
        Prefetch(
            "complaints",
            Complaint.objects.order_by("filed_on", "id"),
            to_attr="reg_complaint_records",
        ),
    )


def _requester(r: InformationRequest) -> str:
    if r.organisation_name:
        return _("%(name)s for %(organisation)s") % {
            "name": r.requester_name,
            "organisation": r.organisation_name,
        }
    if r.represented_person:
        return _("%(name)s representing %(person)s") % {
            "name": r.requester_name,
            "person": r.represented_person,
        }
    return r.requester_name


def _contact(r: InformationRequest) -> str:
    fax = _("fax %(number)s") % {"number": r.fax} if r.fax else ""
    return ", ".join(part for part in (r.phone, r.email, fax) if part)


def _result(r: InformationRequest) -> tuple[str, str, tuple[str, ...], str]:
    """(kind, text, ground codes, competent agency)."""
    if r.state == State.PROVIDED:
        return "provided", _("Provided"), (), ""
    if r.state == State.WITHDRAWN:
        return "withdrawn", _("Withdrawn"), (), ""
    if r.state != State.REFUSED:
        return OPEN, _("Open: %(state)s") % {"state": r.get_state_display()}, (), ""
    decision = r.reg_refusals[-1] if r.reg_refusals else None
    stored = tuple(decision.grounds) if decision else ()
    codes = tuple(ground_code(code) for code in stored)
    listed = ", ".join(f"({code})" for code in codes)
    if RefusalGround.C in stored:
        agency = decision.competent_agency
        text = _("Redirected under Art. 28(1)(c) to %(agency)s") % {"agency": agency}
        others = [f"({c})" for c in codes if c != RefusalGround.C]
        if others:
            text += "; " + _("also refused on grounds %(grounds)s") % {"grounds": ", ".join(others)}
        return "redirected", text, codes, agency
    return "refused", _("Refused: Art. 28(1) %(grounds)s") % {"grounds": listed}, codes, ""


def build_row(r: InformationRequest) -> RegisterRow:
    kind, result, grounds, competent = _result(r)
    complexity = {Complexity.SIMPLE: _("Simple"), Complexity.COMPLEX: _("Complex")}
    return RegisterRow(
        register_number=r.register_number,
        received_on=local_day(r.received_at),
        channel=r.get_channel_display(),
        requester=_requester(r),
        id_number=r.masked_id_number,
        contact=_contact(r),
        information_requested=r.information_requested,
        provision_form=r.get_provision_form_display(),
        valid_on=_day(r.valid_at),
        complexity=str(complexity.get(r.complexity, "")),
        notices=tuple(
            Notice(letter.get_kind_display(), letter.number_text, local_day(letter.issued_at))
            for letter in r.reg_letters
        ),
        cost=r.cost_amount,
        paid_on=_day(r.paid_at),
        due_dates=tuple(
            Due(str(milestone_label(m.kind)), m.due_date, _day(m.met_at)) for m in r.reg_milestones
        ),
        extension_days=r.extension_days,
        result_kind=kind,
        result=result,
        grounds=grounds,
        competent_agency=competent,
        closed_on=_day(r.closed_at),
        complaints=tuple(local_day(e.at) for e in r.reg_complaints),
        state=r.state,
        complaint_records=tuple(
            ComplaintEntry(c.get_kind_display(), c.filed_on, c.get_outcome_display(), c.outcome_on)
            for c in r.reg_complaint_records
        ),
    )


def register_rows(agency_id: int, period: Period, state: str = "") -> list[RegisterRow]:
    """Every row of the agency's register for the period (five queries)."""
    return [build_row(r) for r in register_queryset(agency_id, period, state)]
