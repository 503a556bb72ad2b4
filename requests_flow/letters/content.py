"""What each letter says (Decree 13 Forms 02-05 and the cover letter), from frozen facts."""

from dataclasses import dataclass, field
from datetime import date

from .data import LetterData, Signer


def complaint(f: "Facts") -> str:
    return (
        f"Nếu không đồng ý, {f.person} có quyền khiếu nại, khởi kiện theo quy định tại "
        f"{f.cite('complaint')} và pháp luật về khiếu nại, tố tụng hành chính."
    )


@dataclass(frozen=True, slots=True)
class Header:
    parent_agency: str
    agency: str
    short_name: str
    place: str
    signer: Signer
    drafting_unit: str = ""
    letter_symbol: str = ""  # the agency's abbreviation in symbols (Agency.letter_symbol)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the letters need to know about one request, read once by the issuing service."""

    register_number: str
    received_on: date
    requester_name: str
    requester_address: str
    information_requested: str
    provision_form: str
    # "Ông"/"Bà" when the request records it; otherwise the letter uses the name alone.
    requester_title: str = ""
    # Form 02: how and when the request came in, and who received it.
    channel: str = ""
    received_time: str = ""  # "09 giờ 15 phút ngày 02/02/2026"
    receiving_officer: str = ""
    missing_items: tuple[str, ...] = ()
    due_dates: tuple[tuple[str, date, str], ...] = ()  # (what, due, basis)
    cost_lines: tuple[tuple[str, int, int, int], ...] = ()  # (item, quantity, price, amount)
    cost_total: int = 0
    payment_due: date | None = None
    payment_method: str = ""
    collecting_body: str = ""  # Circular 46 Art. 4(1)(a): "Tên cơ quan quản lý thu"
    extension_days: int = 0
    new_due: date | None = None
    extension_basis: str = ""
    extension_working_days: bool = False  # the rule set counts this extension in working days
    reasons: str = ""
    grounds: tuple[tuple[str, str, str], ...] = ()  # (code, text, basis)
    competent_agency: str = ""
    published_where: str = ""
    summary: str = ""
    delivery: str = ""
    documents: tuple[str, ...] = ()  # the files provided, listed by the cover letter
    # Form 03 (Art. 27): where the information is provided, the article of the written notice
    # of the time limit, and the earlier slip a later one (with the costs) supplements.
    place: str = ""
    notice_basis: str = ""
    earlier_resolution: str = ""
    extra: dict = field(default_factory=dict)
    # From the request's rule set: what each passage cites, and whether its article numbers are
    # confirmed (an unconfirmed law's refusal grounds print without Law 104's point letters).
    citations: dict = field(default_factory=dict)
    articles_confirmed: bool = True

    def cite(self, key: str) -> str:
        return self.citations.get(key, "")

    @property
    def addressee(self) -> str:
        return f"{self.requester_title} {self.requester_name}".strip()

    @property
    def person(self) -> str:
        """How the body refers to the requester: "Ông"/"Bà" when known, never "Ông/Bà"."""
        return self.requester_title or "người yêu cầu"


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _vnd(amount: int) -> str:
    """ "360.000": Vietnamese thousands separator (only the number: an item may contain commas)."""
    return f"{amount:,}".replace(",", ".")


def _sentence(text: str) -> str:
    """The text with one final period ("quyết định." + "." printed "quyết định..")."""
    return text.rstrip().rstrip(".;") + "."


def _intro(f: Facts) -> str:
    return (
        f"Ngày {_d(f.received_on)}, cơ quan nhận được Phiếu yêu cầu cung cấp thông tin của "
        f"{f.addressee}, địa chỉ {f.requester_address}, số vào sổ "
        f"{f.register_number}, yêu cầu cung cấp thông tin: {f.information_requested}."
    )


def receipt(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    """Form 02: the channel, the time of receipt, the receiving officer and the expected dates."""
    dates = tuple(
        f"- {what}: chậm nhất ngày {_d(due)} ({basis})." for what, due, basis in f.due_dates
    )
    return (
        "PHIẾU TIẾP NHẬN",
        "Yêu cầu cung cấp thông tin",
        (
            _intro(f),
            f"Hình thức gửi yêu cầu: {f.channel}.",
            f"Thời điểm tiếp nhận: {f.received_time}.",
            f"Người tiếp nhận: {f.receiving_officer}.",
            f"Hình thức cung cấp thông tin đề nghị: {f.provision_form}.",
            *(("Thời hạn dự kiến:", *dates) if dates else ()),
            "Cơ quan sẽ xem xét tính hợp lệ của yêu cầu và thông báo kết quả giải quyết theo "
            f"quy định tại {f.cite('receipt')}.",
        ),
    )


def supplement(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    items = tuple(f"{n}. {item}" for n, item in enumerate(f.missing_items, start=1))
    return (
        "THÔNG BÁO",
        "Về việc đề nghị bổ sung, làm rõ yêu cầu cung cấp thông tin",
        (
            _intro(f),
            f"Căn cứ {f.cite('supplement')}, yêu cầu chưa đầy đủ, rõ ràng. Đề nghị {f.person} bổ "
            "sung, làm rõ các nội dung sau:",
            *items,
            "Thời hạn giải quyết được tính từ ngày cơ quan nhận được yêu cầu hợp lệ.",
        ),
    )


def _cost_line(item: str, qty: int, price: int, amount: int) -> str:
    if not qty:  # an adjustment (the area's reduction): an amount alone
        return f"- {item}: {_vnd(amount)} đồng"
    return f"- {item}: {qty} x {_vnd(price)} đồng = {_vnd(amount)} đồng"


def resolution(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    """Form 03: time limit, place and form of provision; costs only when there are any."""
    lines = [_intro(f)]
    if f.earlier_resolution:
        lines.append(
            "Phiếu này bổ sung Phiếu giải quyết yêu cầu cung cấp thông tin số "
            f"{f.earlier_resolution} về chi phí thực tế để in, sao, chụp, gửi thông tin."
        )
    elif f.notice_basis:
        lines.append(
            f"Căn cứ {f.notice_basis}, cơ quan thông báo thời hạn, địa điểm, hình thức cung cấp "
            "thông tin như sau:"
        )
    lines += [f"{what}: chậm nhất ngày {_d(due)} ({basis})." for what, due, basis in f.due_dates]
    if f.place:
        lines.append(f"Địa điểm cung cấp thông tin: {f.place}.")
    lines.append(f"Hình thức cung cấp thông tin: {f.provision_form}.")
    if f.cost_lines:
        lines.append(
            "Chi phí thực tế để in, sao, chụp, gửi thông tin theo Thông tư 46/2018/TT-BTC:"
        )
        lines += [_cost_line(*line) for line in f.cost_lines]
        lines.append(f"Tổng cộng: {_vnd(f.cost_total)} đồng.")
        lines += [
            f"Thời hạn thanh toán: chậm nhất ngày {_d(f.payment_due)}.",
            f"Tên cơ quan quản lý thu: {f.collecting_body}.",
            f"Phương thức thanh toán: {_sentence(f.payment_method)}",
            f"Thông tin được cung cấp sau khi {f.person} thanh toán đủ chi phí "
            f"({f.cite('costs')}).",
        ]
    return "PHIẾU GIẢI QUYẾT", "Yêu cầu cung cấp thông tin", tuple(lines)


def extension(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    return (
        "THÔNG BÁO",
        "Về việc gia hạn giải quyết yêu cầu cung cấp thông tin",
        (
            _intro(f),
            f"Lý do gia hạn: {_sentence(f.reasons)}",
            f"Căn cứ {f.extension_basis}, cơ quan gia hạn thời hạn giải quyết thêm "
            f"{f.extension_days} {'ngày làm việc' if f.extension_working_days else 'ngày'}; "
            f"thời hạn mới là ngày {_d(f.new_due)}.",
        ),
    )


def refusal(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    lines = [_intro(f), "Cơ quan từ chối cung cấp thông tin vì các lý do sau:"]
    # The basis is the rule set's ("điểm a khoản 1 Điều 28 Luật …", migration 0023).
    lines += [f"- {text} ({basis})." for _code, text, basis in f.grounds]
    lines.append(f"Lý do cụ thể: {_sentence(f.reasons)}")
    if f.competent_agency:
        lines.append(
            "Thông tin được yêu cầu không thuộc trách nhiệm cung cấp của cơ quan. Đề nghị "
            f"{f.person} gửi yêu cầu đến {f.competent_agency} ({f.cite('redirect')})."
        )
    if f.published_where:
        lines.append(f"Thông tin đã được công khai tại: {_sentence(f.published_where)}")
    lines.append(complaint(f))
    return "THÔNG BÁO", "Về việc từ chối cung cấp thông tin", tuple(lines)


def cover(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    lines = [
        _intro(f),
        f"Cơ quan cung cấp thông tin như sau: {_sentence(f.summary or f.information_requested)}",
        f"Hình thức cung cấp: {f.provision_form}.",
    ]
    if f.documents:
        lines.append("Tài liệu cung cấp kèm theo:")
        lines += [f"{n}. {name}" for n, name in enumerate(f.documents, start=1)]
    if f.delivery:
        lines.append(f.delivery)
    lines.append(complaint(f))
    return "CÔNG VĂN", "V/v cung cấp thông tin theo yêu cầu", tuple(lines)


def correction(f: Facts) -> tuple[str, str, tuple[str, ...]]:
    """The answer to a request for correction (Law 104 Art. 32(2)); its citation is the rule
    set's basis of the correction milestone (the law's name alone when unconfirmed)."""
    x = f.extra
    requested_on = x.get("correction_requested_on", "")
    day = _d(date.fromisoformat(requested_on)) if requested_on else ""
    lines = [
        _intro(f),
        f"Ngày {day}, {f.person} đề nghị cơ quan cung cấp lại thông tin chính xác, với nội dung: "
        f"{x.get('correction_text', '')}",
        f"Căn cứ {x.get('correction_basis') or f.cite('correction')}, cơ quan đã xác định "
        "tính chính xác của thông tin đã cung cấp và trả lời như sau:",
    ]
    if x.get("correction_answer") == "corrected":
        lines.append(
            "Thông tin đã cung cấp chưa chính xác. Cơ quan đính chính và cung cấp lại thông "
            f"tin như sau: {x.get('correction_answer_text', '')}"
        )
        files = x.get("correction_files") or ()
        if files:
            lines.append("Tài liệu cung cấp lại kèm theo: " + "; ".join(files) + ".")
        if f.delivery:
            lines.append(f.delivery)
    else:
        lines.append(
            "Thông tin đã cung cấp là chính xác, vì các lý do sau: "
            f"{x.get('correction_answer_text', '')}"
        )
    lines.append(complaint(f))
    return "THÔNG BÁO", "Về việc trả lời yêu cầu cung cấp lại thông tin chính xác", tuple(lines)


BUILDERS = {
    "receipt": receipt,
    "supplement": supplement,
    "resolution": resolution,
    "extension": extension,
    "refusal": refusal,
    "cover": cover,
    "correction": correction,
}
# Decree 30 Annex III: TB = thông báo; a công văn carries the agency's and the drafting unit's
# symbols. Annex III's list (law-research.md §5.4) has only PG, PC and PB (phiếu gửi, chuyển, báo)
# for a "phiếu": nothing for Decree 13's Forms 02 and 03, and DOMAIN gives none either. Until the
# official annex is read, their symbol is built the way Annex III builds the others, from the
# initials of the type name: PTN (Phiếu tiếp nhận), PGQ (Phiếu giải quyết) (UNCONFIRMED).
SYMBOL_TYPES = {
    "receipt": "PTN",
    "supplement": "TB",
    "resolution": "PGQ",
    "extension": "TB",
    "refusal": "TB",
    "cover": "",
    "correction": "TB",
}


def symbol(kind: str, header: Header) -> str:
    """The type's abbreviation and the agency's own (Agency.letter_symbol): "TB-STP"; a công văn
    carries the agency's and the drafting unit's: "STP-VP"."""
    prefix, agency = SYMBOL_TYPES[kind], header.letter_symbol or header.short_name
    return f"{prefix}-{agency}" if prefix else f"{agency}-{header.drafting_unit or 'VP'}"


def letter_data(
    kind: str, facts: Facts, header: Header, *, number_text: str, issued_on: date
) -> LetterData:
    title, subject, paragraphs = BUILDERS[kind](facts)
    archive = f"Lưu: VT, {header.drafting_unit}." if header.drafting_unit else "Lưu: VT."
    return LetterData(
        parent_agency=header.parent_agency.upper(),
        agency=header.agency.upper(),
        number_text=number_text,
        place=header.place,
        issued_on=issued_on,
        title=title,
        subject=subject,
        addressee=facts.addressee,
        paragraphs=paragraphs,
        signer=header.signer,
        # "Kính gửi"/"Như trên" belong to a công văn; a Thông báo or Phiếu names the requester
        # under "Nơi nhận" (Decree 30 Annex III Mẫu 1.4 and 1.5; DOMAIN §7.1).
        recipients=("Như trên;",) if kind == "cover" else (f"{facts.addressee};",),
        archive=archive,
    )
