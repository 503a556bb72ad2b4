"""Issue #13, the digital path through the back-office letter page: the leader, whose certificate
TIEPCAN_SIGNING_KEYS names, signs the approved letter digitally; the clerk gives it its number
and the agency's signature with the page's one button. Certificates from the test's demo CA
(tests/letters/conftest.py)."""

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from requests_flow import services
from requests_flow.choices import Role
from requests_flow.letters.signing_config import configured_trust
from requests_flow.models import AgencyMembership, LetterKind, LetterStatus, Signing
from tests.helpers import file_online, make_user, member, signed_in

from .lifecycle import signing_keys as keys
from .pdftext import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing_keys(pki, agency, leader, settings, tmp_path, monkeypatch):
    """The leader's and the agency's keys, issued to the names the letters print."""
    people = {"user:hung": leader.get_full_name(), "agency:STP": agency.name}
    keys(pki.ca, people, settings=settings, folder=tmp_path, monkeypatch=monkeypatch)
    yield
    configured_trust.cache_clear()


def test_the_leader_signs_digitally_and_the_clerk_issues(
    signing_keys, agency, citizen, leader, django_user_model
):
    AgencyMembership.objects.filter(user=leader, role=Role.LEADER).update(
        signing_prefix="KT.", signing_authority="Giám đốc", signing_title="Phó Giám đốc"
    )
    clerk = member(make_user(django_user_model, "vanthu", "Ngô Thị Vân"), agency, Role.CLERK)
    letter = file_online(agency, citizen).letters.get(kind=LetterKind.RECEIPT)
    services.letter_approve(letter=letter, actor=leader)
    page = reverse("letters:letter", args=[letter.pk])

    signer = signed_in(leader)
    assert 'value="sign_digital"' in signer.get(page).content.decode()
    assert signer.post(page, {"step": "sign_digital"}).status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.signing) == (LetterStatus.SIGNED, Signing.DIGITAL)

    office = signed_in(clerk)
    assert 'value="issue_digital"' in office.get(page).content.decode()
    issued = office.post(page, {"step": "issue_digital", "issue_digital-external_number": ""})
    assert issued.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ISSUED and letter.number == 1
    pdf = office.get(reverse("letters:file", args=[letter.pk])).content
    assert f"Số: {letter.number_text}" in pdftotext(pdf)
    with open(letter.file.path, "rb") as stored:
        assert len(PdfFileReader(stored).embedded_signatures) == 2  # the leader's, the agency's
