"""Form 03 (Phiếu giải quyết yêu cầu cung cấp thông tin) at the "deadline checked" step: drafted
(then approved, signed and issued by the clerk, DOMAIN §7.1) for complex requests received
electronically, by post or by fax, where the law asks for a written notice of the time limit
within 3 working days (Law 104 Arts. 30(4), 31(2)); it states the time limit, the place and the
form of provision, and costs only when there are any (Art. 27). Simple requests and requests at
the office get none (Arts. 29, 30(3), 31(1) ask for no notice)."""

import io
import re
import unicodedata
from datetime import date, datetime

import pytest
from django.utils import translation
from pypdf import PdfReader

from notifications.models import Notification
from requests_flow import services
from requests_flow.choices import Channel, Complexity, ProvisionForm
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Letter
from tests.helpers import file_online, request_data
from tests.letters.lifecycle import issue_all, issue_letter, printed

from .support import at, reload

pytestmark = pytest.mark.django_db

COST_WORDS = ("Chi phí", "chi phí", "Tổng cộng", "thanh toán", "đồng")


def classified(request, officer, head, complexity, now):
    request = services.request_accept(request=request, actor=officer, now=now)
    request = services.request_assign(request=request, actor=head, officer=officer, now=now)
    return services.request_classify(request=request, actor=officer, complexity=complexity, now=now)


def entered(agency, officer, channel, **data):
    """A request an officer enters as it arrived (at the office, by post or fax), Mon 2/3/2026."""
    return services.request_receive(
        agency=agency, data=request_data(**data), channel=channel, actor=officer, now=at(2, 9)
    )


def resolutions(request) -> list[Letter]:
    return list(Letter.objects.filter(request=request, kind="resolution").order_by("id"))


def pdf_text(letter: Letter) -> str:
    """The letter's PDF as it stands (tests/letters/lifecycle.py `printed`), its text NFC, one
    space for any run of white space."""
    pages = PdfReader(io.BytesIO(printed(Letter.objects.get(pk=letter.pk)))).pages
    text = " ".join(page.extract_text() for page in pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_a_complex_email_request_without_costs_gets_form_03_at_the_deadline_check(
    received, citizen, officer, head
):
    issue_all(received, now=at(2, 10))  # the receipt, 01
    handling = classified(received, officer, head, Complexity.COMPLEX, at(2, 12))
    (slip,) = resolutions(handling)
    assert (slip.status, slip.drafted_at, slip.drafted_by) == ("draft", at(2, 12), officer)
    assert slip.number_text == ""
    # It is the written notice of the time limit (Art. 30(4)): a draft has not reached the
    # requester, so the milestone stays open (and first due) until the clerk issues the slip.
    notice = handling.milestones.get(kind="notify_time_limit")
    assert (notice.due_date, notice.met_at) == (date(2026, 3, 5), None)
    assert reload(handling).next_due == date(2026, 3, 5)
    told = Notification.objects.get(recipient=citizen, kind="classify")
    assert "Mẫu số 03" not in told.body  # no number to tell yet
    slip = issue_letter(slip, now=at(2, 14))
    assert (slip.issued_at, slip.number_text) == (at(2, 14), "02/PGQ-STP")
    notice.refresh_from_db()
    assert notice.met_at == at(2, 14)  # met at the issue
    assert reload(handling).next_due == date(2026, 3, 23)
    told = Notification.objects.get(
        recipient=citizen, kind="letter_issue", event__data__letter=slip.pk
    )
    assert told.url.endswith(f"/{received.tracking_code}/")  # the citizen's page lists it now

    text = pdf_text(slip)
    assert "PHIẾU GIẢI QUYẾT" in text and "Số: 02/PGQ-STP" in text
    assert "Căn cứ khoản 4 Điều 30 Luật Tiếp cận thông tin 2016" in text
    # The time limit, the place and the form of provision (Art. 27) ...
    assert "Cung cấp thông tin hoặc có văn bản từ chối: chậm nhất ngày 23/03/2026" in text
    assert (
        "Địa điểm cung cấp thông tin: địa chỉ thư điện tử hoa@example.vn của người yêu cầu" in text
    )
    assert "Hình thức cung cấp thông tin: Điện tử: gửi tập tin đính kèm thư điện tử" in text
    # ... and no cost line: there are none.
    assert not any(word in text for word in COST_WORDS), text


@pytest.mark.parametrize(
    ("channel", "form", "place"),
    [
        (Channel.POST, ProvisionForm.POST, "Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang"),
        (Channel.FAX, ProvisionForm.FAX, "số fax 0207 3822 111"),
    ],
)
def test_complex_requests_by_post_or_fax_get_it_too(agency, officer, head, channel, form, place):
    request = entered(agency, officer, channel, provision_form=form, fax="0207 3822 111")
    handling = classified(request, officer, head, Complexity.COMPLEX, at(2, 12))
    (slip,) = resolutions(handling)
    notice = handling.milestones.get(kind="notify_time_limit")
    assert notice.met_at is None  # drafted, not yet sent
    issue_letter(slip, now=at(3, 9))
    notice.refresh_from_db()
    assert notice.met_at == at(3, 9)
    lines = slip.content["paragraphs"]
    assert any(line.startswith("Căn cứ khoản 2 Điều 31") for line in lines)
    assert any("Địa điểm cung cấp thông tin:" in line and place in line for line in lines)


def test_a_simple_request_gets_no_form_03(received, officer, head):
    handling = classified(received, officer, head, Complexity.SIMPLE, at(2, 12))
    assert resolutions(handling) == []
    assert list(handling.milestones.values_list("kind", "met_at")) == [("provide", None)]
    assert "letter" not in handling.events.get(action="classify").data


def test_a_complex_request_at_the_office_gets_no_form_03(agency, officer, head):
    """Art. 29(2): provide, invite or refuse within 10 working days; no notice of the time limit."""
    request = entered(agency, officer, Channel.IN_PERSON, provision_form=ProvisionForm.AT_OFFICE)
    handling = classified(request, officer, head, Complexity.COMPLEX, at(2, 12))
    assert resolutions(handling) == []
    assert list(handling.milestones.values_list("kind", "met_at")) == [("provide_or_refuse", None)]


def test_costs_asked_later_supplement_the_first_slip_without_contradicting_it(
    received, officer, head
):
    handling = classified(received, officer, head, Complexity.COMPLEX, at(2, 12))
    issue_all(handling, now=at(2, 14))  # the receipt 01, the first slip 02
    handling = services.request_record_handling(
        request=handling, actor=officer, secrecy_reviewed=True, now=at(3, 9)
    )
    services.request_ask_payment(
        request=handling, actor=officer, amount=45_000, due=date(2026, 3, 12), now=at(3, 10)
    )
    issue_all(handling, now=at(3, 11))
    first, costs = resolutions(handling)
    assert (first.number_text, costs.number_text) == ("02/PGQ-STP", "03/PGQ-STP")
    # The notice was given by the first slip: its milestone keeps the moment it was issued.
    assert handling.milestones.get(kind="notify_time_limit").met_at == at(2, 14)
    text = pdf_text(costs)
    assert "Số: 03/PGQ-STP" in text
    assert "bổ sung Phiếu giải quyết yêu cầu cung cấp thông tin số 02/PGQ-STP ngày 02/03/2026" in (
        text
    )
    # The same time limit as the first slip, and now the costs with their deadline and method.
    assert "chậm nhất ngày 23/03/2026" in text
    assert "Tổng cộng: 45.000 đồng." in text
    assert "Thời hạn thanh toán: chậm nhất ngày 12/03/2026" in text
    assert "Căn cứ khoản 4 Điều 30" not in text, "a supplement, not a second notice"


def test_an_officer_working_in_english_still_issues_a_vietnamese_slip(received, officer, head):
    with translation.override("en"):
        handling = classified(received, officer, head, Complexity.COMPLEX, at(2, 12))
    lines = resolutions(handling)[0].content["paragraphs"]
    assert any(line.startswith("Cung cấp thông tin hoặc có văn bản từ chối:") for line in lines)


def test_under_the_2026_law_the_slip_cites_no_article_of_law_104(agency, citizen, officer, head):
    monday = datetime(2026, 9, 7, 9, 0, tzinfo=LOCAL_TZ)
    request = file_online(agency, citizen, monday)
    handling = classified(request, officer, head, Complexity.COMPLEX, monday)
    text = pdf_text(resolutions(handling)[0])
    assert "Căn cứ Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026" in text
    assert "2016" not in text and "Điều 30" not in text
