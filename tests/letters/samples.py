"""Letters for the layout tests: facts with long Vietnamese names and addresses, a body that runs
over two pages for every kind, and the elements each printed letter must show (DOMAIN §7,
law-research §5). Some input is given decomposed (NFD) on purpose: the letter prints NFC."""

import io
import re
import unicodedata
from datetime import date
from functools import cache
from importlib import import_module

from pypdf import PdfReader

from requests_flow.letters.content import Facts, Header, letter_data, symbol
from requests_flow.letters.data import Signer
from requests_flow.letters.layout import render

LAW = "Luật Tiếp cận thông tin"
ISSUED_ON = date(2026, 2, 5)
KINDS = ("receipt", "supplement", "resolution", "extension", "refusal", "cover")
NAME = "Tôn Nữ Hoàng Thị Phương Quỳnh Nguyễn Ngọc Diệp"
ADDRESS = (
    "Số 128, ngõ 45, đường Nguyễn Trãi, tổ dân phố Xuân Thủy, phường Minh Xuân, tỉnh Tuyên Quang"
)
DOCUMENT = (
    "Quyết định phê duyệt điều chỉnh quy hoạch chi tiết xây dựng tỷ lệ 1/500 khu dân cư Nguyễn Thị "
    "Minh Khai mở rộng, kèm theo bản vẽ tổng mặt bằng sử dụng đất và biên bản họp lấy ý kiến cộng "
    "đồng dân cư về phương án bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất"
)
COMPETENT = "Sở Xây dựng tỉnh Tuyên Quang, số 8 đường Trần Hưng Đạo, phường Minh Xuân"
REASONS = "Tài liệu thuộc danh mục bí mật nhà nước độ Mật của Ủy ban nhân dân tỉnh."
GROUNDS = (
    ("a", f"Thông tin quy định tại Điều 6 của {LAW}", f"điểm a khoản 1 Điều 28 {LAW}"),
    ("b", "Thông tin đã được công khai", f"điểm b khoản 1 Điều 28 {LAW}"),
    (
        "c",
        "Thông tin được yêu cầu không thuộc trách nhiệm cung cấp",
        f"điểm c khoản 1 Điều 28 {LAW}",
    ),
    ("dd", "Thông tin vượt quá khả năng đáp ứng", f"điểm đ khoản 1 Điều 28 {LAW}"),
)
PUBLISHED = "Cổng thông tin điện tử tỉnh Tuyên Quang, mục Quy hoạch"
DOCUMENTS = ("quyet-dinh-quy-hoach.pdf", "ban-ve-tong-mat-bang.pdf")
OFFICER = "Lê Văn Tiếp"
MISSING = (
    "Số, ký hiệu và ngày ban hành của văn bản được yêu cầu",
    "Bản chụp Căn cước công dân còn hiệu lực của người yêu cầu",
)
SUMMARY = "bản sao Quyết định phê duyệt điều chỉnh quy hoạch chi tiết (12 trang)."
DELIVERY = "Thông tin được gửi qua dịch vụ bưu chính đến địa chỉ của người yêu cầu."
PAYMENT_METHOD = "nộp vào tài khoản của cơ quan tại Kho bạc Nhà nước tỉnh Tuyên Quang"

HEADER = Header(
    parent_agency="Ủy ban nhân dân tỉnh Tuyên Quang",
    letter_symbol="STP",
    agency="Sở Tư pháp",
    short_name="STP-TQ",
    place="Tuyên Quang",
    signer=Signer(
        "KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", unicodedata.normalize("NFD", "Đặng Thị Ngọc Ánh")
    ),
    drafting_unit="VP",
)
FACTS = Facts(
    register_number="07/2026",
    received_on=date(2026, 2, 2),
    requester_name=unicodedata.normalize("NFD", NAME),
    requester_address=ADDRESS,
    information_requested="; ".join([DOCUMENT] * 6),
    provision_form="Nhận bản sao qua dịch vụ bưu chính",
    requester_title="Bà",
    channel="Trực tiếp tại cơ quan",
    received_time="09 giờ 15 phút ngày 02/02/2026",
    receiving_officer=OFFICER,
    missing_items=MISSING,
    due_dates=(("Cung cấp hoặc từ chối cung cấp", date(2026, 2, 23), f"khoản 4 Điều 30 {LAW}"),),
    cost_lines=(
        ("Sao, chụp tài liệu đen trắng khổ A4", 120, 3_000, 360_000),
        ("Gửi thông tin qua dịch vụ bưu chính", 1, 35_000, 35_000),
    ),
    cost_total=395_000,
    payment_due=date(2026, 2, 12),
    payment_method=PAYMENT_METHOD,
    collecting_body="Sở Tư pháp tỉnh Tuyên Quang",
    extension_days=15,
    new_due=date(2026, 3, 10),
    extension_basis=f"khoản 2 Điều 29 {LAW}",
    extension_working_days=True,
    reasons=REASONS,
    grounds=GROUNDS,
    competent_agency=COMPETENT,
    published_where=PUBLISHED,
    documents=DOCUMENTS,
    summary=SUMMARY,
    delivery=DELIVERY,
    # What the Law 104 rule set cites (requests_flow migration 0014).
    citations=import_module("requests_flow.migrations.0014_rule_set_citations").CITATIONS_104,
)

COMMON = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
    "SỞ TƯ PHÁP",
    "Tuyên Quang, ngày 05 tháng 02 năm 2026",
    f"của Bà {NAME}, địa chỉ",
    ADDRESS,
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "Đặng Thị Ngọc Ánh",
    "Nơi nhận:",
    "- Lưu: VT, VP.",
)
SPECIFICS = {
    "receipt": (
        "PHIẾU TIẾP NHẬN",
        "Hình thức gửi yêu cầu: Trực tiếp tại cơ quan.",
        "Thời điểm tiếp nhận: 09 giờ 15 phút ngày 02/02/2026.",
        f"Người tiếp nhận: {OFFICER}.",
        "Hình thức cung cấp thông tin đề nghị: Nhận bản sao qua",
        "Thời hạn dự kiến:",
        "Cung cấp hoặc từ chối cung cấp: chậm nhất ngày 23/02/2026",
    ),
    "supplement": (
        "THÔNG BÁO",
        "Về việc đề nghị bổ sung, làm rõ yêu cầu cung cấp thông tin",
        *(f"{n}. {item}" for n, item in enumerate(MISSING, start=1)),
    ),
    "resolution": (
        "PHIẾU GIẢI QUYẾT",
        "Cung cấp hoặc từ chối cung cấp: chậm nhất ngày 23/02/2026",
        "- Sao, chụp tài liệu đen trắng khổ A4: 120 x 3.000 đồng = 360.000 đồng",
        "- Gửi thông tin qua dịch vụ bưu chính: 1 x 35.000 đồng = 35.000 đồng",
        "Tổng cộng: 395.000 đồng.",
        "Thời hạn thanh toán: chậm nhất ngày 12/02/2026",
        "Tên cơ quan quản lý thu: Sở Tư pháp tỉnh Tuyên Quang.",
        f"Phương thức thanh toán: {PAYMENT_METHOD}.",
    ),
    "extension": (
        "THÔNG BÁO",
        "Về việc gia hạn giải quyết yêu cầu cung cấp thông tin",
        f"Lý do gia hạn: {REASONS}",
        f"Căn cứ khoản 2 Điều 29 {LAW}, cơ quan gia hạn thời hạn giải quyết thêm 15 ngày làm việc",
        "thời hạn mới là ngày 10/03/2026",
    ),
    "refusal": (
        "THÔNG BÁO",
        "Về việc từ chối cung cấp thông tin",
        *(f"- {text} ({basis})." for _code, text, basis in GROUNDS),
        f"Lý do cụ thể: {REASONS}",
        f"Thông tin đã được công khai tại: {PUBLISHED}.",
        f"Đề nghị Bà gửi yêu cầu đến {COMPETENT} (khoản 3 Điều 26 {LAW} số 104/2016/QH13)",
        "có quyền khiếu nại, khởi kiện theo quy định tại Điều 14 Luật Tiếp cận thông tin",
    ),
    "cover": (
        "V/v cung cấp thông tin theo yêu cầu",
        f"Kính gửi: Bà {NAME}",
        "- Như trên;",
        f"Cơ quan cung cấp thông tin như sau: {SUMMARY}",
        "Tài liệu cung cấp kèm theo:",
        *(f"{n}. {name}" for n, name in enumerate(DOCUMENTS, start=1)),
        DELIVERY,
        "có quyền khiếu nại, khởi kiện theo quy định tại Điều 14 Luật Tiếp cận thông tin",
    ),
}


def number_text(kind: str) -> str:
    return f"07/{symbol(kind, HEADER)}"


@cache
def pdf(kind: str) -> bytes:
    data = letter_data(kind, FACTS, HEADER, number_text=number_text(kind), issued_on=ISSUED_ON)
    return render(data)


def reader(kind: str) -> PdfReader:
    return PdfReader(io.BytesIO(pdf(kind)))


def flat(text: str) -> str:
    """NFC, one space for any run of white space (line breaks of the justified body)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def text_of(kind: str) -> str:
    return flat(" ".join(page.extract_text() for page in reader(kind).pages))


def chunks(page) -> list[tuple[float, str, str]]:
    """(y in points from the bottom, font name, text) of each piece of text on the page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((y, str(font.get("/BaseFont", "")) if font else "", flat(text)))

    page.extract_text(visitor_text=visit)
    return found
