"""Letters and explanations of a request valid under the 2026 law cite nothing of Law 104
(DOMAIN §4.4; issue #14 acceptance): no "2016", no article of the access-to-information law
while none is confirmed. A citation an administrator confirms is printed by letters issued
afterwards; letters issued before keep their text. PDFs are checked by text extraction."""

import io
import re
import unicodedata
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from requests_flow import services
from requests_flow.choices import DecisionKind
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.letters.layout import render
from requests_flow.models import Letter, Milestone, RuleSet
from requests_flow.selectors import milestone_explanation
from requests_flow.tasks import letter_data_from
from tests.helpers import file_online

pytestmark = pytest.mark.django_db

# Law 104's article numbers the letters used to print; a number alone is too common to search.
ACCESS_LAW_ARTICLE = re.compile(r"(Điều|khoản|điểm) [\wđ]+ (của )?(Điều \d+ )?Luật Tiếp cận")
# Articles other laws' (the Civil Code for counting, Decree 30 for documents) stay citable.
OTHER_LAWS = ("Bộ luật Dân sự", "Nghị định", "Thông tư", "Civil Code")
CONFIRMED = "Điều 20 Luật Tiếp cận thông tin số 99/2026/QH16"  # made up for the test


def sep(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, 9, day, hour, minute, tzinfo=LOCAL_TZ)


def pdf_text(letter: Letter) -> str:
    """The letter's PDF as the worker renders it from its frozen content, as text."""
    reader = PdfReader(io.BytesIO(render(letter_data_from(letter.content))))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def articles_of_the_access_law(text: str) -> list[str]:
    found = [m.group(0) for m in ACCESS_LAW_ARTICLE.finditer(text)]
    for match in re.finditer(r"(Điều|Art\.) \d+[^.;]{0,40}", text):
        if not any(name in match.group(0) for name in OTHER_LAWS):
            found.append(match.group(0))
    return found


def life_in_september(agency, citizen, officer, head, leader):
    """Filed and valid on 2/9/2026 (a holiday, under the 2026 law), charged, extended and
    provided; a second one filed the same day, completed, then refused and redirected."""
    first = file_online(agency, citizen, sep(2, 9))
    r = services.request_accept(request=first, actor=officer, now=sep(2, 10))
    r = services.request_assign(request=r, actor=head, officer=officer, now=sep(2, 11))
    r = services.request_classify(request=r, actor=officer, complexity="complex", now=sep(2, 12))
    r = services.request_record_handling(
        request=r, actor=officer, secrecy_reviewed=True, now=sep(2, 13)
    )
    r = services.request_ask_payment(
        request=r, actor=officer, amount=45_000, due=date(2026, 9, 15), now=sep(3, 9)
    )
    r = services.request_confirm_payment(request=r, actor=officer, now=sep(3, 10))
    r = services.request_submit_decision(
        request=r,
        actor=officer,
        kind=DecisionKind.EXTEND,
        extension_days=15,
        reasons="Cần lấy ý kiến của Sở Xây dựng.",
        now=sep(4, 11),
    )
    r = services.request_extend(request=r, actor=leader, now=sep(4, 12))
    r = services.request_submit_decision(
        request=r, actor=officer, kind=DecisionKind.PROVIDE, summary="Bản sao.", now=sep(7, 9)
    )
    services.request_approve_provision(request=r, actor=leader, now=sep(7, 10))
    second = file_online(agency, citizen, sep(2, 14))
    r = services.request_ask_supplement(
        request=second, actor=officer, missing_items=["Số hiệu văn bản"], now=sep(3, 9)
    )
    r = services.request_receive_supplement(request=r, actor=officer, now=sep(3, 10))
    r = services.request_submit_decision(
        request=r,
        actor=officer,
        kind=DecisionKind.REFUSE,
        grounds=["b", "c"],
        published_where="Cổng thông tin điện tử tỉnh Tuyên Quang",
        reasons="Thông tin đã được công khai trên cổng thông tin của tỉnh.",
        competent_agency="Sở Xây dựng tỉnh Tuyên Quang",
        now=sep(7, 12),
    )
    services.request_approve_refusal(request=r, actor=leader, now=sep(7, 13))
    return first, second


def test_a_request_valid_on_2_9_2026_cites_nothing_of_law_104(
    agency, citizen, officer, head, leader
):
    first, second = life_in_september(agency, citizen, officer, head, leader)
    letters = list(Letter.objects.filter(request__in=[first, second]).order_by("number"))
    assert sorted(x.kind for x in letters) == sorted(
        # Two Form 03: at the deadline check (a complex e-mail request, issue #14 item 3) and
        # the supplementary one asking for the costs.
        [
            *("receipt", "resolution", "resolution", "extension", "cover"),
            *("receipt", "supplement", "refusal"),
        ]
    )
    for letter in letters:
        text = pdf_text(letter)
        assert "2016" not in text and "104/" not in text, (letter.kind, text)
        assert not articles_of_the_access_law(text), (letter.kind, text)
    receipt = pdf_text(letters[0])
    assert "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026" in receipt
    refusal = pdf_text(next(x for x in letters if x.kind == "refusal"))
    assert "khiếu nại, khởi kiện theo quy định tại Luật Tiếp cận thông tin (sửa đổi)" in refusal


def test_its_explanations_cite_nothing_of_law_104_and_citizens_see_no_warning(
    agency, citizen, officer, head, leader
):
    first, _second = life_in_september(agency, citizen, officer, head, leader)
    milestones = Milestone.objects.filter(request_id=first.pk).select_related("request__rule_set")
    assert milestones.exists()
    for milestone in milestones:
        for for_staff in (True, False):
            text = " ".join(milestone_explanation(milestone, for_staff=for_staff))
            assert "2016" not in text and "104/" not in text, text
            assert not articles_of_the_access_law(text), text
        staff = " ".join(milestone_explanation(milestone, for_staff=True))
        citizen_text = " ".join(milestone_explanation(milestone, for_staff=False))
        assert "chưa được đối chiếu" in staff
        assert "chưa được đối chiếu" not in citizen_text
        assert "02/09/2026" in citizen_text  # valid on the holiday itself


def test_a_confirmed_citation_is_printed_by_letters_issued_afterwards_only(
    agency, citizen, admin_user
):
    before = file_online(agency, citizen, sep(2, 9)).letters.get()
    assert CONFIRMED not in pdf_text(before)
    services.citation_save(
        actor=admin_user,
        rule_set=RuleSet.objects.get(code="law-ati-2026"),
        key="receipt",
        text=CONFIRMED,
        confirmed=True,
        source_document="Công báo số 601+602 ngày 15/5/2026",
        now=sep(8, 9),
    )
    after = file_online(agency, citizen, sep(8, 10)).letters.get()
    assert f"theo quy định tại {CONFIRMED}." in pdf_text(after)
    before.refresh_from_db()
    # Rendered only now (the worker may run late), the earlier letter still prints its own text.
    old = pdf_text(before)
    assert CONFIRMED not in old
    assert "theo quy định tại Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày" in old
