"""What each printed letter says and where, read with poppler's pdftotext (issue #13 item 5):
citations in Vietnamese order from the rule set, no "Luật này", no "Ông/Bà", no "..", "Kính gửi"
and "Như trên" only on a công văn, the agency's name unbroken, the right margin within 20 mm."""

import dataclasses

import pytest
from reportlab.lib.units import mm

from requests_flow.letters.content import letter_data

from .pdftext import PAGE_WIDTH, pdftotext, words
from .samples import FACTS, HEADER, ISSUED_ON, KINDS, NAME, number_text, pdf

ALL_KINDS = (*KINDS, "correction")
LAW = "Luật Tiếp cận thông tin"
FIXED = {
    "receipt": (
        "Số: 07/PTN-STP",
        "Hình thức gửi yêu cầu: Trực tiếp tại cơ quan.",
        "Thời điểm tiếp nhận: 09 giờ 15 phút ngày 02/02/2026.",
        "Người tiếp nhận: Lê Văn Tiếp.",
        "Thời hạn dự kiến:",
        "- Cung cấp hoặc từ chối cung cấp: chậm nhất ngày 23/02/2026",
    ),
    "supplement": ("Số: 07/TB-STP", "Đề nghị Bà bổ sung, làm rõ"),
    "resolution": (
        "Số: 07/PGQ-STP",
        "- Sao, chụp tài liệu đen trắng khổ A4: 120 x 3.000 đồng = 360.000 đồng",
        "- Gửi thông tin qua dịch vụ bưu chính: 1 x 35.000 đồng = 35.000 đồng",
        "Tên cơ quan quản lý thu: Sở Tư pháp tỉnh Tuyên Quang.",
        "Phương thức thanh toán: nộp vào tài khoản của cơ quan tại Kho bạc Nhà nước",
    ),
    "extension": (
        "Lý do gia hạn: Tài liệu thuộc danh mục bí mật nhà nước",
        f"Căn cứ khoản 2 Điều 29 {LAW}, cơ quan gia hạn thời hạn giải quyết thêm 15 ngày làm việc",
    ),
    "refusal": (
        f"(điểm a khoản 1 Điều 28 {LAW}).",
        f"(điểm b khoản 1 Điều 28 {LAW}).",
        f"Thông tin quy định tại Điều 6 của {LAW}",
        "Thông tin đã được công khai tại: Cổng thông tin điện tử tỉnh Tuyên Quang, mục Quy hoạch.",
    ),
    "cover": (
        "Số: 07/STP-VP",
        f"Kính gửi: Bà {NAME}",
        "(12 trang). Hình thức cung cấp",
        "Tài liệu cung cấp kèm theo: 1. quyet-dinh-quy-hoach.pdf 2. ban-ve-tong-mat-bang.pdf",
        "Nơi nhận: - Như trên;",
    ),
    "correction": ("Số: 07/TB-STP", "Ngày 02/03/2026, Bà đề nghị cơ quan"),
}
EXTRA = {
    "correction_requested_on": "2026-03-02",
    "correction_text": "Bản sao thiếu trang 3.",
    "correction_answer": "corrected",
    "correction_answer_text": "Cơ quan gửi lại bản sao đầy đủ.",
    "correction_files": ["quyet-dinh-day-du.pdf"],
}


def rendered(kind: str) -> bytes:
    if kind != "correction":
        return pdf(kind)
    from requests_flow.letters.layout import render

    facts = dataclasses.replace(FACTS, extra=EXTRA)
    return render(
        letter_data(kind, facts, HEADER, number_text=number_text(kind), issued_on=ISSUED_ON)
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_letter_prints_what_the_issue_fixed(kind):
    text = pdftotext(rendered(kind))
    missing = [item for item in FIXED[kind] if item not in text]
    assert not missing, f"{kind}: not printed: {missing}"
    assert "Luật này" not in text and "Ông/Bà" not in text
    assert ".." not in text, "one period, never two (“quyết định..”)"
    assert "Điều 28 khoản 1" not in text and "Điều 30 khoản" not in text
    assert "kèm theo Phiếu này" not in text, "no attachment that does not exist"


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_kinh_gui_and_nhu_tren_only_on_a_cong_van(kind):
    """Decree 30 Annex III: "Kính gửi" and "Như trên" belong to a công văn (Mẫu 1.5); a Thông
    báo or a Phiếu names the requester under "Nơi nhận" (DOMAIN §7.1)."""
    text = pdftotext(rendered(kind))
    if kind == "cover":
        assert "Kính gửi:" in text and "- Như trên;" in text
    else:
        assert "Kính gửi" not in text and "Như trên" not in text
        assert f"Nơi nhận: - Bà {NAME};" in text


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_right_margin_is_between_15_and_20_mm(kind):
    """Decree 30 Annex I: right margin 15-20 mm. No word beyond 15 mm from the edge, and the
    justified body reaches the 20 mm line (reportlab's frame padding made it 22 mm)."""
    boxes = words(rendered(kind))
    right = max(x_max for _page, _x, _y, x_max, _w in boxes)
    assert right <= PAGE_WIDTH - 15 * mm
    assert right >= PAGE_WIDTH - 20 * mm - 0.5, f"text stops {(PAGE_WIDTH - right) / mm:.1f} mm in"
    left = min(x_min for _page, x_min, _y, _x, _w in boxes)
    assert left >= 30 * mm - 0.5, "left margin at least 30 mm"


def test_the_agency_name_breaks_before_the_place_never_inside_it():
    """ "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in the 40 % column: the line breaks before "TỈNH",
    never between "TUYÊN" and "QUANG"."""
    boxes = [b for b in words(rendered("refusal")) if b[0] == 1]
    line = {w: y for _p, _x, y, _xm, w in boxes if w in {"TỈNH", "TUYÊN", "QUANG", "NHÂN"}}
    assert line["TUYÊN"] == line["QUANG"] == line["TỈNH"]
    assert line["NHÂN"] < line["TỈNH"], "the name runs over two lines, broken before TỈNH"
