"""The outgoing register (sổ đăng ký văn bản đi, Decree 30/2020 Art. 15 and its register annex):
one row per issued letter, in number order per agency per year, read in one query whatever the
number of rows.

The columns follow the register the Decree describes (number and symbol, date, kind and summary,
signer, recipient, copies, notes; the annex's exact layout is UNCONFIRMED, law-research.md §5)
plus the request's own register number, which ties the letter to the request register
(Decree 13 Art. 10). Number of pages and copies are not recorded for a letter: not shown.

Personal data (DOMAIN §8): the recipient is the requester's name as the request register shows it;
never the ID number or the address, which the frozen letter content may hold."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..deadlines import local_day
from ..models import Letter, LetterStatus
from .rows import _requester
from .scope import Period

# (key, header): the columns of the screen, CSV, XLSX and PDF, in this order.
OUTGOING_COLUMNS = (
    ("number_text", gettext_lazy("Number and symbol")),
    ("issued_on", gettext_lazy("Date of the letter")),
    ("kind", gettext_lazy("Kind of letter")),
    ("summary", gettext_lazy("Summary")),
    ("signer", gettext_lazy("Signer")),
    ("recipient", gettext_lazy("Recipient")),
    ("register_number", gettext_lazy("Request register no.")),
    ("notes", gettext_lazy("Notes")),
)
# With several agencies in one table, each row says whose register it belongs to.
AGENCY_COLUMN = ("agency", gettext_lazy("Agency"))


def columns_for(agency_ids: tuple[int, ...]) -> tuple[tuple[str, str], ...]:
    return OUTGOING_COLUMNS if len(agency_ids) == 1 else (AGENCY_COLUMN, *OUTGOING_COLUMNS)


@dataclass(frozen=True)
class OutgoingRow:
    agency: str
    year: int
    number: int
    number_text: str  # "07/TB-STP"
    issued_on: date
    kind: str  # the kind's label
    summary: str  # "Về việc từ chối cung cấp thông tin", from the frozen content
    signer: str  # as printed: "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC, Trần Văn Bình"
    recipient: str
    register_number: str
    notes: str
    request_id: int

    def value(self, key: str):
        return getattr(self, key)


@dataclass(frozen=True)
class OutgoingFilter:
    agency_ids: tuple[int, ...]  # already limited to the user's agencies (permissions.py)
    year: int | None = None
    kind: str = ""
    period: Period | None = None  # by the letter's local date


def outgoing_queryset(f: OutgoingFilter) -> QuerySet:
    """The agencies' issued letters matching the filter, in number order per agency per year."""
    # Drafts and letters awaiting signature or number are in no register (Decree 30 Art. 15).
    letters = Letter.objects.filter(agency_id__in=f.agency_ids, status=LetterStatus.ISSUED)
    if f.year:
        letters = letters.filter(year=f.year)
    if f.kind:
        letters = letters.filter(kind=f.kind)
    if f.period:
        start, end = f.period.bounds()
        letters = letters.filter(issued_at__gte=start, issued_at__lt=end)
    return letters.select_related("request", "agency").order_by("agency__name", "year", "number")


def signer_text(content: dict) -> str:
    """The signature block as the letter prints it (its frozen content), on one line."""
    signer = content.get("signer") or {}
    authority = " ".join(p for p in (signer.get("prefix"), signer.get("authority")) if p)
    parts = (authority, signer.get("title", ""), signer.get("name", ""))
    return ", ".join(p for p in parts if p)


def summary_text(content: dict) -> str:
    """ "THÔNG BÁO Về việc …": the letter's type name and summary (trích yếu) as printed."""
    return " ".join(p for p in (content.get("title", ""), content.get("subject", "")) if p)


def build_outgoing_row(letter: Letter) -> OutgoingRow:
    content = letter.content or {}
    notes = "" if letter.rendered_at else _("PDF not rendered yet")
    return OutgoingRow(
        agency=letter.agency.name,
        year=letter.year,
        number=letter.number,
        number_text=letter.number_text,
        issued_on=local_day(letter.issued_at),
        kind=letter.get_kind_display(),
        summary=summary_text(content),
        signer=signer_text(content),
        recipient=_requester(letter.request),
        register_number=letter.request.register_number,
        notes=str(notes),
        request_id=letter.request_id,
    )


def outgoing_rows(f: OutgoingFilter) -> list[OutgoingRow]:
    """Every row of the outgoing register for the filter (one query)."""
    return [build_outgoing_row(letter) for letter in outgoing_queryset(f)]
