"""Letters through their life (DOMAIN §7.1; Decree 30 Art. 15): each step drafts the right letter,
without number or date; the person with authority approves it and signs; the clerk numbers it at
issue, per agency per year from 01, consecutive across kinds, never skipped (a cancelled draft
takes none) and never reused (a rolled-back issue gives its number back)."""

import io
import threading
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from requests_flow import services
from requests_flow.choices import DecisionKind, Role
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.letters.layout import date_line
from requests_flow.letters.number_fields import DATE_FIELD, NUMBER_FIELD
from requests_flow.letters.verification import verify_pdf
from requests_flow.models import AgencyMembership, InformationRequest, Letter, LetterCounter
from requests_flow.services.errors import NotPermitted
from requests_flow.services.letter_life import LetterStepNotAllowed
from tests.helpers import file_online
from tests.letters.lifecycle import (
    approve,
    clerk_of,
    issue_all,
    issue_letter,
    issue_letter_digitally,
    printed,
)
from tests.requests_flow.support import REFUSAL, Flow, at

LIFE = [
    "receipt",
    "supplement",
    "resolution",
    "resolution",
    "extension",
    "cover",
    "receipt",
    "refusal",
]


def file_request(agency, citizen, now=None) -> InformationRequest:
    return file_online(agency, citizen, now or at(2, 9))


def live(received, citizen, officer, head, leader) -> InformationRequest:
    """One request through supplement, costs, extension and provision; a second one refused (it
    is returned)."""
    flow = Flow(received, citizen, officer, head, leader)
    asked = flow.needs_supplement()
    completed = services.request_receive_supplement(request=asked, actor=officer, now=at(2, 9, 30))
    flow.received = completed
    waiting = flow.awaiting_payment()
    paid = services.request_confirm_payment(request=waiting, actor=officer, now=at(3, 9))
    pending = flow.pending(DecisionKind.EXTEND, base=paid, extension_days=15)
    extended = services.request_extend(request=pending, actor=leader, now=at(3, 10))
    pending = flow.pending(DecisionKind.PROVIDE, base=extended)
    services.request_approve_provision(request=pending, actor=leader, now=at(4, 9))
    second = file_request(received.agency, citizen, at(4, 10))
    pending = flow.pending(DecisionKind.REFUSE, base=second, **REFUSAL)
    services.request_approve_refusal(request=pending, actor=leader, now=at(4, 11))
    return second


def numbering(agency, year=2026) -> list[tuple[str, int, str]]:
    letters = Letter.objects.filter(agency=agency, year=year).order_by("number")
    return [(letter.kind, letter.number, letter.number_text) for letter in letters]


def signed_on_paper(letter: Letter, now=None) -> Letter:
    letter = approve(letter, now=now)
    return services.letter_sign_paper(letter=letter, actor=letter.approved_by, now=now)


def test_a_requests_life_drafts_its_letters_without_number_or_date(
    received, citizen, officer, head, leader
):
    live(received, citizen, officer, head, leader)
    letters = list(Letter.objects.order_by("id"))
    assert [letter.kind for letter in letters] == LIFE
    # The decisions' letters are approved with their decision, by the leader who signs them.
    assert {letter.kind: letter.status for letter in letters} == {
        "receipt": "draft",
        "supplement": "draft",
        "resolution": "draft",
        "extension": "approved",
        "cover": "approved",
        "refusal": "approved",
    }
    for letter in letters:
        assert (letter.number, letter.year, letter.issued_at, letter.number_text) == (
            None,
            None,
            None,
            "",
        )
        assert not letter.file and letter.content["issued_on"] is None
    assert not LetterCounter.objects.exists()
    refusal = Letter.objects.get(kind="refusal")
    assert refusal.approved_by == leader and refusal.content["signer"]["name"] == "Phạm Quốc Hùng"
    assert refusal.content["signer"]["title"] == "GIÁM ĐỐC"
    assert any("điểm a khoản 1 Điều 28" in line for line in refusal.content["paragraphs"])
    extension = Letter.objects.get(kind="extension")
    assert any("15 ngày" in line for line in extension.content["paragraphs"])


def test_the_clerk_numbers_them_from_01_in_the_order_issued(
    received, citizen, officer, head, leader
):
    second = live(received, citizen, officer, head, leader)
    issue_all(received, now=at(4, 14))
    issue_all(second, now=at(4, 15))
    # The complex e-mail request gets Form 03 at the deadline check (Art. 30(4)), then a second
    # Form 03 with the costs that supplements the first (Circular 46 Art. 4(1)(a)).
    assert numbering(received.agency) == [
        ("receipt", 1, "01/PTN-STP"),
        ("supplement", 2, "02/TB-STP"),
        ("resolution", 3, "03/PGQ-STP"),
        ("resolution", 4, "04/PGQ-STP"),
        ("extension", 5, "05/TB-STP"),
        ("cover", 6, "06/STP-VP"),
        ("receipt", 7, "07/PTN-STP"),
        ("refusal", 8, "08/TB-STP"),
    ]
    assert LetterCounter.objects.get(agency=received.agency, year=2026).last_number == 8
    clerk = clerk_of(received.agency)
    assert set(Letter.objects.values_list("status", "issued_by")) == {("issued", clerk.pk)}
    # The first Form 03 was issued when the second was approved: the second names it.
    costs = Letter.objects.get(number=4).content["paragraphs"]
    assert any("bổ sung Phiếu giải quyết" in line and "03/PGQ-STP" in line for line in costs)
    refusal = Letter.objects.get(kind="refusal")
    assert refusal.content["number_text"] == "08/TB-STP"
    assert refusal.content["issued_on"] == "2026-03-04"


def test_each_agency_counts_from_01(received, other_agency, citizen):
    theirs = file_request(other_agency, citizen)
    ours = file_request(received.agency, citizen)
    for request in (theirs, received, ours):
        issue_all(request, now=at(3, 9))
    assert numbering(other_agency) == [("receipt", 1, "01/PTN-UBND")]
    assert [n for _kind, n, _text in numbering(received.agency)] == [1, 2]


def test_the_year_is_the_local_year_of_issue_not_of_drafting(agency, citizen):
    late = file_request(agency, citizen, datetime(2026, 12, 30, 10, 0, tzinfo=LOCAL_TZ))
    early = file_request(agency, citizen, datetime(2026, 12, 30, 11, 0, tzinfo=LOCAL_TZ))
    issue_all(early, now=datetime(2026, 12, 31, 16, 0, tzinfo=LOCAL_TZ))
    # 00:30 on 1/1/2027 in Viet Nam is still 31/12/2026 in UTC: the local year counts.
    issue_all(late, now=datetime(2027, 1, 1, 0, 30, tzinfo=LOCAL_TZ))
    assert [n for _k, n, _t in numbering(agency, 2026)] == [1]
    assert [n for _k, n, _t in numbering(agency, 2027)] == [1]
    letter = late.letters.get()
    assert (letter.year, letter.content["issued_on"]) == (2027, date(2027, 1, 1).isoformat())


def test_a_rolled_back_issue_gives_its_number_back(received):
    signed = signed_on_paper(received.letters.get(), now=at(2, 10))
    clerk = clerk_of(received.agency)
    tasks = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        numbered = services.letter_register_paper(letter=signed, actor=clerk, now=at(2, 11))
        assert numbered.number_text == "01/PTN-STP"
        raise RuntimeError("a later step of the clerk's transaction failed")
    signed.refresh_from_db()
    assert (signed.status, signed.number, signed.number_text) == ("signed", None, "")
    assert not LetterCounter.objects.filter(last_number__gt=0).exists()
    assert DBTaskResult.objects.count() == tasks, "nothing queued for the lost number"
    assert issue_letter(signed, now=at(2, 14)).number_text == "01/PTN-STP"


def test_a_cancelled_draft_takes_no_number(received, citizen, officer, head, leader):
    """A decision sent back for rework cancels the letter drafted with it: the letters issued
    around it follow each other with no gap."""
    flow = Flow(received, citizen, officer, head, leader)
    pending = flow.pending(DecisionKind.REFUSE, base=received, **REFUSAL)
    services.request_return_for_rework(
        request=pending, actor=leader, comment="Nêu rõ căn cứ.", now=at(2, 15)
    )
    drafted = {letter.kind: letter.status for letter in received.letters.all()}
    assert drafted == {"receipt": "draft", "refusal": "cancelled"}
    issue_letter(received.letters.get(kind="receipt"), now=at(2, 16))
    later = file_request(received.agency, citizen, at(3, 9))
    issue_all(later, now=at(3, 10))
    assert [text for _k, _n, text in numbering(received.agency)] == ["01/PTN-STP", "02/PTN-STP"]
    cancelled = received.letters.get(kind="refusal")
    with pytest.raises(LetterStepNotAllowed):
        services.letter_approve(letter=cancelled, actor=leader, now=at(3, 11))
    assert cancelled.number is None


def test_only_the_approver_signs_and_only_the_clerk_numbers(received, officer, leader):
    receipt = approve(received.letters.get(), now=at(2, 10))  # by the focal unit's head
    assert AgencyMembership.objects.get(user=receipt.approved_by).role == Role.FOCAL_HEAD
    with pytest.raises(NotPermitted):
        services.letter_sign_paper(letter=receipt, actor=leader, now=at(2, 11))
    signed = services.letter_sign_paper(letter=receipt, actor=receipt.approved_by, now=at(2, 11))
    for someone in (officer, leader, receipt.approved_by):
        with pytest.raises(NotPermitted):
            services.letter_register_paper(letter=signed, actor=someone, now=at(2, 12))
    assert Letter.objects.get(pk=receipt.pk).number is None


@pytest.mark.django_db(transaction=True)
def test_the_issued_file_is_the_scan_and_the_worker_leaves_it(received):
    letter = issue_letter(received.letters.get(), now=at(2, 14))
    stored = (letter.file.name, letter.sha256, letter.rendered_at)
    assert letter.file.name.endswith("0001-receipt.pdf")
    call_command("db_worker", batch=True, startup_delay=False, reload=False)
    letter.refresh_from_db()
    assert (letter.file.name, letter.sha256, letter.rendered_at) == stored


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): numbers taken under SELECT FOR UPDATE by "
    "concurrent transactions",
)


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_letters_numbered_at_once_get_fifty_consecutive_numbers(agency, citizen):
    letters = [
        signed_on_paper(file_request(agency, citizen).letters.get(), now=at(2, 10))
        for _ in range(50)
    ]
    clerk = clerk_of(agency)
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def number_five(batch):
        try:
            barrier.wait(timeout=30)
            for letter in batch:
                services.letter_register_paper(letter=letter, actor=clerk, now=at(2, 11))
        except BaseException as error:  # reported below, with the thread's own traceback
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=number_five, args=[letters[i : i + 5]]) for i in range(0, 50, 5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a clerk hung"
    assert not errors, errors
    numbers = sorted(Letter.objects.filter(agency=agency).values_list("number", flat=True))
    assert numbers == list(range(1, 51))
    assert LetterCounter.objects.get(agency=agency, year=2026).last_number == 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form, words",
    [
        ("email", "hoa@example.vn"),
        ("download", "mã tra cứu"),
        ("access_code", "Mã truy cập dùng một lần"),
        ("at_office", "đến trụ sở"),
        ("post", "gửi đến địa chỉ"),
    ],
)
def test_the_cover_letter_says_how_the_information_arrives(received, form, words):
    from requests_flow.services.letters import delivery_text

    received.provision_form = form
    assert words in delivery_text(received)


def test_a_digital_issue_fills_the_number_and_date_under_both_signatures(
    received, pki, settings, tmp_path, monkeypatch
):
    """The approver certifies the letter with its number and date left blank; the clerk's issue
    fills both and adds the agency's signature: the file verifies, with the number in it."""
    letter = issue_letter_digitally(
        received.letters.get(), pki=pki, settings=settings, folder=tmp_path, monkeypatch=monkeypatch
    )
    assert (letter.status, letter.signing, letter.number_text) == (
        "issued",
        "digital",
        "01/PTN-STP",
    )
    pdf = printed(letter)
    check = verify_pdf(pdf)
    assert check.ok, check
    assert len(check.signatures) == 2
    fields = PdfReader(io.BytesIO(pdf)).get_fields()
    assert fields[NUMBER_FIELD]["/V"] == "Số: 01/PTN-STP"
    issued_on = timezone.localdate(letter.issued_at)
    assert fields[DATE_FIELD]["/V"] == date_line(received.agency.place_name, issued_on)
