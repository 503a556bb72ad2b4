"""Issuing letters: numbered inside the issuing transaction (gapless per agency per year), the
PDF rendered afterwards by the task worker (never inside the transition)."""

import dataclasses
from datetime import date, datetime

from django.utils import timezone

from ..choices import DecisionStatus, ProvisionForm
from ..deadlines import milestone_label
from ..letters.content import Facts, Header, letter_data, symbol
from ..letters.data import Signer
from ..models import CORRECTION_MILESTONE, Agency, InformationRequest, Letter, LetterCounter
from ..tasks import render_letter
from .core import rules_for


def header_for(agency: Agency) -> Header:
    parent = agency.parent.name if agency.parent_id else ""
    signer = Signer(
        prefix=agency.signer_prefix,
        authority=agency.signer_authority,
        title=agency.signer_title or "THỦ TRƯỞNG CƠ QUAN",
        name=agency.signer_name or "",
    )
    return Header(
        parent_agency=parent,
        agency=agency.name,
        short_name=agency.short_name,
        place=agency.place_name,
        signer=signer,
        drafting_unit=agency.drafting_unit,
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
    own = request.milestones.exclude(kind=CORRECTION_MILESTONE)
    milestones = own.filter(met_at__isnull=True).order_by("due_date")
    final = own.order_by("-due_date").first()
    return Facts(
        register_number=request.register_number,
        received_on=timezone.localdate(request.received_at),
        requester_name=request.requester_name,
        requester_address=request.requester_address,
        information_requested=request.information_requested,
        provision_form=request.get_provision_form_display(),
        missing_items=tuple(request.missing_items or ()),
        due_dates=tuple((milestone_label(m.kind), m.due_date, m.basis) for m in milestones),
        cost_total=request.cost_amount or 0,
        cost_lines=(("Chi phí thực tế", 1, request.cost_amount, request.cost_amount),)
        if request.cost_amount
        else (),
        payment_due=request.payment_due,
        payment_method="nộp vào tài khoản của cơ quan tại Kho bạc Nhà nước theo hướng dẫn kèm "
        "theo Phiếu này",
        extension_days=request.extension_days or (decision.extension_days or 0 if decision else 0),
        new_due=final.due_date if final else None,
        extension_basis=rules.extensions[request.channel].basis if rules else "",
        reasons=decision.reasons if decision else "",
        grounds=grounds,
        competent_agency=decision.competent_agency if decision else "",
        summary=decision.summary if decision else "",
        delivery=delivery_text(request),
        citations=dict(rules.citations) if rules else {},
        articles_confirmed=rules.verified if rules else True,
    )


def delivery_text(request: InformationRequest) -> str:
    """How the information reaches the requester (Law Art. 30(2) for electronic provision)."""
    form = request.provision_form
    if form == ProvisionForm.EMAIL and request.email:
        return f"Thông tin được gửi kèm theo thư điện tử đến địa chỉ {request.email}."
    if form in (ProvisionForm.DOWNLOAD, ProvisionForm.EMAIL):
        return (
            "Ông/Bà tải thông tin tại Cổng tiếp cận thông tin, mục “Yêu cầu của tôi”, hoặc "
            f"tra cứu bằng mã tra cứu {request.tracking_code}."
        )
    if form == ProvisionForm.ACCESS_CODE:
        return (
            "Mã truy cập dùng một lần để tải thông tin được cơ quan cung cấp riêng cho "
            "Ông/Bà; mã chỉ dùng được một lần và có thời hạn."
        )
    if form == ProvisionForm.AT_OFFICE:
        return "Mời Ông/Bà đến trụ sở cơ quan để đọc, xem, nghe, ghi chép, sao chép, chụp tài liệu."
    return "Thông tin được gửi đến địa chỉ của Ông/Bà nêu trong Phiếu yêu cầu."


def _next_number(agency: Agency, year: int) -> int:
    # Locked until the transaction ends: two letters issued at once get consecutive numbers, and
    # a rolled-back issue gives its number back (never skipped, never reused).
    counter, _created = LetterCounter.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _jsonable(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def letter_issue(
    *,
    request: InformationRequest,
    kind: str,
    actor,
    now: datetime | None = None,
    extra: dict | None = None,
) -> Letter:
    """Number the letter and queue its rendering; call inside the deciding transaction. `extra`:
    facts of the letter's own occasion (the correction answered, letters.content)."""
    now = now or timezone.now()
    header = header_for(request.agency)
    year = timezone.localdate(now).year
    number = _next_number(request.agency, year)
    letter_symbol = symbol(kind, header)
    data = letter_data(
        kind,
        dataclasses.replace(facts_for(request), extra=extra or {}),
        header,
        number_text=f"{number:02d}/{letter_symbol}",
        issued_on=timezone.localdate(now),
    )
    content = {k: _jsonable(v) for k, v in dataclasses.asdict(data).items()}
    letter = Letter.objects.create(
        request=request,
        agency=request.agency,
        kind=kind,
        year=year,
        number=number,
        symbol=letter_symbol,
        issued_at=now,
        issued_by=actor,
        content=content,
    )
    # The task row is written in this transaction (database queue): it exists only if the
    # decision commits, and the worker renders it after.
    render_letter.enqueue(letter.pk)
    return letter
