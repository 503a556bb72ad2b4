"""The letters the services issue, rendered and read with pdftotext (issue #13 item 5): what
each says comes from the request, the decision and the rule set; the reason is required where a
letter prints one; a screen in English still makes a Vietnamese letter."""

import re
from datetime import date

import pytest
from django.utils import translation

from requests_flow import services
from requests_flow.choices import Channel, DecisionKind
from requests_flow.models import Agency
from tests.helpers import file_online, request_data
from tests.letters.lifecycle import issue_letter
from tests.letters.lifecycle import printed as printed_pdf
from tests.requests_flow.support import Flow, at

from .pdftext import pdftotext

LAW = "Luật Tiếp cận thông tin"
PUBLISHED = "Cổng thông tin điện tử tỉnh Tuyên Quang, mục Quy hoạch, ngày 10/01/2026"


def text(request, kind: str) -> str:
    """The latest letter of `kind` as it reads (issued, or approved, or drafted)."""
    letter = request.letters.filter(kind=kind).order_by("-id").first()
    return pdftotext(printed_pdf(letter))


@pytest.fixture
def flow(received, citizen, officer, head, leader):
    return Flow(received, citizen, officer, head, leader)


def test_the_receipt_uses_the_agencys_symbol_and_names_channel_time_and_officer(agency, officer):
    Agency.objects.filter(pk=agency.pk).update(letter_symbol="STPTQ")
    agency.refresh_from_db()
    walk_in = services.request_receive(
        agency=agency, data=request_data(), channel=Channel.IN_PERSON, actor=officer, now=at(2, 9)
    )
    letter = issue_letter(walk_in.letters.get(), now=at(2, 10))  # numbered by the clerk
    assert letter.number_text == "01/PTN-STPTQ"
    printed = text(walk_in, "receipt")
    assert "Số: 01/PTN-STPTQ" in printed
    assert "Hình thức gửi yêu cầu: Trực tiếp tại trụ sở cơ quan." in printed
    assert "Thời điểm tiếp nhận: 09 giờ 00 phút ngày 02/03/2026." in printed
    assert "Người tiếp nhận: Trần Văn Minh." in printed
    # Before classification: the dates of a simple and of a complex request (Law 104 Art. 29).
    assert "Thời hạn dự kiến:" in printed
    assert "(nếu yêu cầu hợp lệ và thông tin có sẵn): chậm nhất ngày" in printed
    assert "(nếu yêu cầu hợp lệ và thông tin cần tập hợp, xem xét): chậm nhất ngày" in printed
    assert "Ông/Bà" not in printed and "Kính gửi" not in printed


def test_the_symbol_is_derived_once_and_then_the_administrators(agency, other_agency):
    """Decree 30 Annex I: "12/UBND-VX": a People's Committee's abbreviation is UBND, not its
    unique short name here (HG1); a department keeps its short name (STP)."""
    assert (other_agency.letter_symbol, agency.letter_symbol) == ("UBND", "STP")
    other_agency.letter_symbol = "UBND-HG"
    other_agency.save()
    assert Agency.objects.get(pk=other_agency.pk).letter_symbol == "UBND-HG"


def test_an_english_screen_still_makes_a_vietnamese_receipt(agency, citizen):
    with translation.override("en"):
        online = file_online(agency, citizen, at(2, 9))
    printed = text(online, "receipt")
    assert "Mạng điện tử (cổng thông tin, thư điện tử)" in printed
    assert "Electronic" not in printed
    assert "Cổng tiếp cận thông tin (tiếp nhận trực tuyến)" in printed


def test_form_03_lists_each_cost_and_the_collecting_body(flow, officer):
    waiting = services.request_charge_costs(
        request=flow.in_progress(),
        actor=officer,
        quantities={"copy_bw_a4": 12, "copy_colour_a4": 2},
        postage=25_000,
        due=date(2026, 3, 12),
        now=at(2, 13),
    )
    assert waiting.cost_lines[0] == ["Sao, chụp tài liệu đen trắng khổ A4", 12, 3000, 36000]
    printed = text(waiting, "resolution")
    assert "- Sao, chụp tài liệu đen trắng khổ A4: 12 x 3.000 đồng = 36.000 đồng" in printed
    assert "- Sao, chụp tài liệu màu khổ A4: 2 x 18.000 đồng = 36.000 đồng" in printed
    assert "- Cước gửi thông tin qua dịch vụ bưu chính: 1 x 25.000 đồng = 25.000 đồng" in printed
    assert "Tổng cộng: 97.000 đồng." in printed
    assert "Tên cơ quan quản lý thu: Sở Tư pháp tỉnh Tuyên Quang." in printed
    assert "Phương thức thanh toán: nộp trực tiếp tại trụ sở Sở Tư pháp" in printed
    assert "kèm theo Phiếu này" not in printed and "1 x 97.000" not in printed


def test_the_extension_needs_its_reason(flow):
    with pytest.raises(services.InvalidInput) as refused:
        flow.pending(DecisionKind.EXTEND, reasons="  ")
    assert "reasons" in refused.value.errors


def test_an_extension_in_working_days_says_so(agency, officer, leader, head, citizen):
    walk_in = services.request_receive(
        agency=agency, data=request_data(), channel=Channel.IN_PERSON, actor=officer, now=at(2, 9)
    )
    flow = Flow(walk_in, citizen, officer, head, leader)
    pending = flow.pending(DecisionKind.EXTEND, extension_days=5)
    extended = services.request_extend(request=pending, actor=leader, now=at(2, 16))
    printed = text(extended, "extension")
    assert "Lý do gia hạn: Cần lấy ý kiến của Sở Xây dựng về các bản vẽ." in printed
    assert "thêm 5 ngày làm việc" in printed
    assert f"khoản 2 Điều 29 {LAW}" in printed


def test_a_refusal_cites_point_clause_article_and_names_where_it_was_published(flow, leader):
    with pytest.raises(services.InvalidInput) as refused:
        flow.pending(
            DecisionKind.REFUSE, base=flow.received, grounds=["b"], reasons="Đã công khai."
        )
    assert "published_where" in refused.value.errors
    pending = flow.pending(
        DecisionKind.REFUSE,
        base=flow.received,
        grounds=["a", "b"],
        reasons="Đã công khai.",
        published_where=PUBLISHED,
    )
    refused_request = services.request_approve_refusal(request=pending, actor=leader, now=at(2, 15))
    printed = text(refused_request, "refusal")
    assert f"(điểm a khoản 1 Điều 28 {LAW}" in printed
    assert f"(điểm b khoản 1 Điều 28 {LAW}" in printed
    assert f"Thông tin đã được công khai tại: {PUBLISHED}." in printed
    assert "Luật này" not in printed and "Điều 28 khoản 1" not in printed


def test_the_cover_letter_lists_the_files_and_ends_each_sentence_once(flow, officer, leader):
    working = services.request_record_handling(
        request=flow.in_progress(),
        actor=officer,
        files=[("quyet-dinh-so-12.pdf", b"%PDF-1.4\n%%EOF\n")],
        now=at(2, 13, 30),
    )
    pending = flow.pending(DecisionKind.PROVIDE, base=working)
    provided = services.request_approve_provision(request=pending, actor=leader, now=at(2, 15))
    printed = text(provided, "cover")
    assert "Cơ quan cung cấp thông tin như sau: Dự thảo quyết định. Hình thức" in printed
    assert "Tài liệu cung cấp kèm theo: 1. quyet-dinh-so-12.pdf" in printed
    assert ".." not in printed
    # The signer's title now stands beside "Nơi nhận:" (the approver signs): read in order.
    assert "Kính gửi: Nguyễn Thị Hoa" in printed
    assert re.search(r"Nơi nhận: (GIÁM ĐỐC )?- Như trên;", printed)
    assert "Ông/Bà" not in printed


def test_the_demo_ward_dates_its_letters_from_the_ward_not_the_former_province():
    from requests_flow.demo.agencies import AGENCIES

    ward = next(row for row in AGENCIES if row[0] == "UBND-HG1")
    assert ward[3] == "Hà Giang 1"
