"""What a letter says, drafted from the request, its rule set and its agency (the letter's life,
from draft to issue, is services.letter_life)."""

import dataclasses
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation

from ..choices import Complexity, DecisionStatus, ProvisionForm
from ..deadlines import NOTICE_MILESTONE, DeadlineInputError, compute_deadlines, milestone_label
from ..information_mail import files_fit, sent_by_email
from ..letters.content import Facts, Header, letter_data, symbol
from ..letters.data import Signer
from ..models import CORRECTION_MILESTONE, Agency, InformationRequest, LetterKind, LetterStatus
from ..workdays import load_calendar
from .core import rules_for

NO_SIGNER = Signer(prefix="", authority="", title="", name="")


def header_for(agency: Agency, signer: Signer | None = None) -> Header:
    """The letter's head and signature block. The signer is the person who approved the letter
    (DOMAIN §7.1), never a name configured on the agency: a draft has none yet."""
    parent = agency.parent.name if agency.parent_id else ""
    return Header(
        parent_agency=parent,
        agency=agency.name,
        short_name=agency.short_name,
        place=agency.place_name,
        signer=signer or NO_SIGNER,
        drafting_unit=agency.drafting_unit,
        letter_symbol=agency.letter_symbol,
    )


def facts_for(request: InformationRequest) -> Facts:
    """Everything the letters may say about the request, read once."""
    rules = rules_for(request)
    decision = request.decisions.exclude(status=DecisionStatus.RETURNED).order_by("-id").first()
    grounds = ()
    if decision and rules:
        grounds = tuple(
            (code, g.text, g.basis)
            for code in decision.grounds
            if (g := rules.ground(code)) is not None
        )
    # The request's own milestones: a correction's answer (Art. 32) is not one of its dates.
    milestones = list(
        request.milestones.exclude(kind=CORRECTION_MILESTONE).order_by("due_date", "id")
    )
    unmet = [m for m in milestones if m.met_at is None]
    final = milestones[-1] if milestones else None
    # The article a notice of the time limit rests on (Arts. 30(4), 31(2)), from the rule set.
    notice = next((m.basis for m in milestones if m.kind == NOTICE_MILESTONE), "")
    extension = rules.extensions[request.channel] if rules else None
    return Facts(
        register_number=request.register_number,
        received_on=timezone.localdate(request.received_at),
        requester_name=request.requester_name,
        requester_address=request.requester_address,
        information_requested=request.information_requested,
        provision_form=request.get_provision_form_display(),
        **receipt_facts(request),
        missing_items=tuple(request.missing_items or ()),
        due_dates=tuple((milestone_label(m.kind), m.due_date, m.basis) for m in unmet)
        or (expected_dates(request, rules) if not milestones else ()),
        notice_basis=notice,
        place=place_text(request),
        **cost_facts(request),
        extension_days=request.extension_days or (decision.extension_days or 0 if decision else 0),
        new_due=final.due_date if final else None,
        extension_basis=extension.basis if extension else "",
        extension_working_days=bool(extension and extension.unit == "working"),
        reasons=decision.reasons if decision else "",
        grounds=grounds,
        competent_agency=decision.competent_agency if decision else "",
        published_where=decision.published_where if decision else "",
        summary=decision.summary if decision else "",
        delivery=delivery_text(request),
        documents=tuple(
            request.files.filter(correction__isnull=True).values_list("name", flat=True)
        ),
        citations=dict(rules.citations) if rules else {},
        articles_confirmed=rules.verified if rules else True,
    )


def receipt_facts(request: InformationRequest) -> dict:
    """Form 02: the channel, the time of receipt and who received the request."""
    at = timezone.localtime(request.received_at)
    if request.entered_by_id:
        officer = request.entered_by.get_full_name() or request.entered_by.get_username()
    else:  # filed by the requester online: nobody typed it in
        officer = "Cổng tiếp cận thông tin (tiếp nhận trực tuyến)"
    return {
        "channel": request.get_channel_display(),
        "received_time": f"{at:%H} giờ {at:%M} phút ngày {at:%d/%m/%Y}",
        "receiving_officer": officer,
    }


# Form 02 is issued before the request is classified: it gives the dates for both cases.
EXPECTED = {
    Complexity.SIMPLE: "nếu yêu cầu hợp lệ và thông tin có sẵn",
    Complexity.COMPLEX: "nếu yêu cầu hợp lệ và thông tin cần tập hợp, xem xét",
}


def expected_dates(request: InformationRequest, rules) -> tuple:
    """The final date of a simple and of a complex request, were it valid on receipt."""
    if rules is None:
        return ()
    found = []
    for complexity, case in EXPECTED.items():
        try:
            final = compute_deadlines(
                valid_at=request.received_at,
                channel=request.channel,
                complexity=complexity,
                rules=rules,
                calendar=load_calendar(),
            ).milestones[-1]
        except (DeadlineInputError, IndexError):
            continue
        found.append((f"{milestone_label(final.kind)} ({case})", final.due, final.basis))
    return tuple(found)


def cost_facts(request: InformationRequest) -> dict:
    """Form 03's costs line by line as request_charge_costs stored them (one line for a total
    typed by hand), the collecting body and how to pay (Circular 46 Art. 4(1)(a))."""
    agency = request.agency
    lines = tuple(tuple(line) for line in request.cost_lines or ())
    if not lines and request.cost_amount:  # a total typed by hand: an amount, no "1 x"
        lines = (("Chi phí thực tế để in, sao, chụp, gửi thông tin", 0, 0, request.cost_amount),)
    address = f", {agency.address}" if agency.address else ""
    return {
        "cost_total": request.cost_amount or 0,
        "cost_lines": lines,
        "payment_due": request.payment_due,
        "collecting_body": agency.name,
        "payment_method": f"nộp trực tiếp tại trụ sở {agency.name}{address}",
    }


def delivery_text(request: InformationRequest) -> str:
    """How the information reaches the requester (Law Art. 30(2) for electronic provision)."""
    form = request.provision_form
    if sent_by_email(request) and files_fit(request):
        return f"Thông tin được gửi kèm theo thư điện tử đến địa chỉ {request.email}."
    if sent_by_email(request):
        return (
            f"Do tệp thông tin có dung lượng lớn hơn {settings.TIEPCAN_EMAIL_FILES_MAX_MB} MB, "
            f"thư điện tử gửi đến địa chỉ {request.email} kèm theo văn bản này hướng dẫn "
            "người yêu cầu tải thông tin tại Cổng tiếp cận thông tin (đăng nhập, hoặc dùng mã "
            "truy cập "
            "do cơ quan cấp)."
        )
    if form in (ProvisionForm.DOWNLOAD, ProvisionForm.EMAIL):
        return (
            "Người yêu cầu tải thông tin tại Cổng tiếp cận thông tin, mục “Yêu cầu của tôi”, hoặc "
            f"tra cứu bằng mã tra cứu {request.tracking_code}."
        )
    if form == ProvisionForm.ACCESS_CODE:
        return (
            "Mã truy cập dùng một lần để tải thông tin được cơ quan cung cấp riêng cho "
            "người yêu cầu; mã chỉ dùng được một lần và có thời hạn."
        )
    if form == ProvisionForm.AT_OFFICE:
        return (
            "Mời người yêu cầu đến trụ sở cơ quan để đọc, xem, nghe, ghi chép, sao chép, chụp "
            "tài liệu."
        )
    return "Thông tin được gửi đến địa chỉ của người yêu cầu nêu trong Phiếu yêu cầu."


def place_text(request: InformationRequest) -> str:
    """Where the information is provided (Art. 27: "địa điểm"), by the form of provision."""
    form, agency = request.provision_form, request.agency
    if form == ProvisionForm.AT_OFFICE:
        address = f", {agency.address}" if agency.address else ""
        return f"trụ sở {agency.name}{address}"
    if form == ProvisionForm.EMAIL and request.email:
        return f"địa chỉ thư điện tử {request.email} của người yêu cầu"
    if form in (ProvisionForm.DOWNLOAD, ProvisionForm.EMAIL, ProvisionForm.ACCESS_CODE):
        return "Cổng tiếp cận thông tin, mục “Yêu cầu của tôi”"
    if form == ProvisionForm.FAX and request.fax:
        return f"số fax {request.fax} của người yêu cầu"
    return f"địa chỉ của người yêu cầu: {request.requester_address}"


def earlier_resolution(request: InformationRequest) -> str:
    """ "01/PGQ-STP ngày 02/03/2026": the Form 03 already issued for the request, if any."""
    first = (
        request.letters.filter(kind=LetterKind.RESOLUTION, status=LetterStatus.ISSUED)
        .order_by("issued_at", "id")
        .first()
    )
    if first is None:
        return ""
    return f"{first.number_text} ngày {timezone.localdate(first.issued_at):%d/%m/%Y}"


def _jsonable(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def drafted_content(
    request: InformationRequest, kind: str, extra: dict | None = None, signer: Signer | None = None
) -> tuple[str, dict]:
    """The letter's symbol and what it says, drafted from the request and its rule set: no
    number, no date (the clerk gives both at issue), and the signer once someone approved it."""
    header = header_for(request.agency, signer)
    # Letters are Vietnamese whatever the officer's screen language (Decree 30 Art. 8).
    with translation.override("vi"):
        facts = facts_for(request)
    if kind == LetterKind.RESOLUTION:
        # A second Form 03 (costs asked after the deadline check's slip) supplements the first.
        facts = dataclasses.replace(facts, earlier_resolution=earlier_resolution(request))
    letter_symbol = symbol(kind, header)
    data = letter_data(
        kind,
        dataclasses.replace(facts, extra=extra or {}),
        header,
        number_text="",
        issued_on=None,
    )
    data = dataclasses.replace(data, symbol=letter_symbol)
    return letter_symbol, {k: _jsonable(v) for k, v in dataclasses.asdict(data).items()}
