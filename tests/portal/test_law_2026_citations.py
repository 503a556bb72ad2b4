"""A request valid on 2/9/2026 falls under the 2026 Law on Access to Information, whose article
numbers are not confirmed (DOMAIN §4.4): no letter (its PDF's text), page or e-mail may cite
"2016" or an article of an access-to-information law; the Civil Code's counting rule and Decree
30's document rule may stay. Before, the 2026 rule set was a copy of Law 104's and the letters
hard-coded its Arts. 12, 14, 26, 27 (issue #14, item 1)."""

import io
import re
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from requests_flow import services
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Letter
from tests.backoffice.support import advance, reload
from tests.helpers import signed_in
from tests.letters.lifecycle import issue_all, printed

from .support import filed_online, to_state

pytestmark = pytest.mark.django_db
# An article, clause or point followed by an access-to-information law's name, in any order
# the letters and explanations write them ("Điều 26 Luật…", "khoản 2 Điều 12 Luật…",
# "Điều 30 khoản 3 Luật…").
BORROWED = re.compile(r"(Điều|khoản|điểm) [0-9a-zđ]+[^.;()\n]{0,40}Luật Tiếp cận thông tin")


@pytest.fixture(autouse=True)
def _on_2_september_2026():
    with time_machine.travel(datetime(2026, 9, 2, 10, 0, tzinfo=LOCAL_TZ), tick=True):
        yield


def letter_texts(request) -> dict[str, str]:
    texts = {}
    for letter in Letter.objects.filter(request=request):
        pages = PdfReader(io.BytesIO(printed(letter))).pages
        texts[letter.kind] = " ".join(" ".join(p.extract_text().split()) for p in pages)
    return texts


def refused(agency, citizen, staff):
    request = advance(filed_online(agency, citizen), staff, "accept", "assign")
    request = services.request_submit_decision(
        request=request,
        actor=staff["officer"],
        kind="refuse",
        grounds=["b", "c"],
        published_where="Cổng thông tin điện tử tỉnh Tuyên Quang",
        reasons="Thông tin thuộc thẩm quyền của Sở Xây dựng.",
        competent_agency="Sở Xây dựng tỉnh Tuyên Quang",
    )
    return services.request_approve_refusal(request=reload(request), actor=staff["leader"])


def test_a_request_of_2_september_2026_cites_no_article_of_law_104(agency, citizen, staff):
    provided = to_state(filed_online(agency, citizen), staff, "provided")
    issue_all(provided)  # the citizen sees its letters once the clerk issued them
    asked = advance(filed_online(agency, citizen), staff, "supplement")
    refusal = refused(agency, citizen, staff)
    texts = {}
    for request in (provided, asked, refusal):
        assert reload(request).rule_set is None or reload(request).rule_set.code == "law-ati-2026"
        for kind, text in letter_texts(request).items():
            texts[f"{request.register_number} {kind}"] = text
    assert {k.split()[-1] for k in texts} >= {"receipt", "supplement", "refusal", "cover"}
    page = signed_in(citizen).get(reverse("portal:detail", args=[provided.tracking_code]))
    assert page.status_code == 200
    texts["citizen's page"] = page.content.decode()
    received = signed_in(citizen).get(reverse("portal:received", args=[asked.tracking_code]))
    texts["receipt page"] = received.content.decode()
    texts["e-mails"] = "\n".join(m.subject + "\n" + m.body for m in mail.outbox)
    for where, text in texts.items():
        assert "2016" not in text, where
        assert not BORROWED.search(text), (where, BORROWED.search(text).group(0))
    assert "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026" in " ".join(
        texts[k] for k in texts if k.endswith("refusal")
    )
    assert "chưa được đối chiếu" not in texts["citizen's page"]  # staff only (DOMAIN §4.4)
