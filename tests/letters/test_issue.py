"""Letters issued by the services (DOMAIN §7; Decree 30 Art. 15): the right letter at each step,
numbered per agency per year from 01, consecutive across kinds, never skipped, never reused;
rendered by the task worker after commit, once."""

import hashlib
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from requests_flow import services
from requests_flow.choices import DecisionKind
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest, Letter, LetterCounter
from requests_flow.services.letters import letter_issue
from requests_flow.tasks import render_letter
from tests.helpers import file_online
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


def live(received, citizen, officer, head, leader) -> None:
    """One request through supplement, costs, extension and provision; a second one refused."""
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


def numbering(agency, year=2026) -> list[tuple[str, int, str]]:
    letters = Letter.objects.filter(agency=agency, year=year).order_by("number")
    return [(letter.kind, letter.number, letter.number_text) for letter in letters]


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False)


def test_a_requests_life_issues_its_letters_numbered_from_01(
    received, citizen, officer, head, leader
):
    live(received, citizen, officer, head, leader)
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
    first = received.letters.order_by("number")
    assert [letter.issued_by for letter in first] == [
        citizen,
        officer,
        officer,
        officer,
        leader,
        leader,
    ]
    costs = Letter.objects.get(number=4).content["paragraphs"]
    assert any("bổ sung Phiếu giải quyết" in line and "03/PGQ-STP" in line for line in costs)
    refusal = Letter.objects.get(kind="refusal")
    assert refusal.content["number_text"] == "08/TB-STP"
    assert refusal.content["issued_on"] == "2026-03-04"
    assert any("điểm a khoản 1 Điều 28" in line for line in refusal.content["paragraphs"])
    extension = Letter.objects.get(kind="extension")
    assert any("15 ngày" in line for line in extension.content["paragraphs"])


def test_each_agency_counts_from_01(received, other_agency, citizen):
    file_request(other_agency, citizen)
    file_request(received.agency, citizen)
    assert numbering(other_agency) == [("receipt", 1, "01/PTN-UBND")]
    assert [n for _kind, n, _text in numbering(received.agency)] == [1, 2]


def test_a_new_year_counts_from_01_by_the_local_date(agency, citizen):
    file_request(agency, citizen, datetime(2026, 12, 30, 10, 0, tzinfo=LOCAL_TZ))
    # 00:30 on 1/1/2027 in Viet Nam is still 31/12/2026 in UTC: the local year counts.
    new_year = file_request(agency, citizen, datetime(2027, 1, 1, 0, 30, tzinfo=LOCAL_TZ))
    file_request(agency, citizen, datetime(2027, 1, 4, 9, 0, tzinfo=LOCAL_TZ))
    assert [n for _k, n, _t in numbering(agency, 2026)] == [1]
    assert [n for _k, n, _t in numbering(agency, 2027)] == [1, 2]
    letter = new_year.letters.get()
    assert (letter.year, letter.content["issued_on"]) == (2027, date(2027, 1, 1).isoformat())


def test_a_rolled_back_issue_gives_its_number_back(received, officer):
    tasks = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_ask_supplement(
            request=received, actor=officer, missing_items=["Số hiệu văn bản"], now=at(2, 10)
        )
        assert Letter.objects.filter(number=2).exists()
        raise RuntimeError("a later step of the deciding transaction failed")
    assert not Letter.objects.filter(number=2).exists()
    assert DBTaskResult.objects.count() == tasks, "no rendering queued for the lost letter"
    services.request_ask_supplement(
        request=received, actor=officer, missing_items=["Số hiệu văn bản"], now=at(2, 11)
    )
    assert numbering(received.agency) == [
        ("receipt", 1, "01/PTN-STP"),
        ("supplement", 2, "02/TB-STP"),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_each_letter_once(received, citizen, officer, head, leader):
    live(received, citizen, officer, head, leader)
    assert not Letter.objects.exclude(file="").exists(), "nothing rendered in the transition"
    run_worker()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    letters = list(Letter.objects.order_by("number"))
    assert [letter.kind for letter in letters] == LIFE
    for letter in letters:
        data = letter.file.read()
        letter.file.close()
        assert letter.rendered_at is not None
        assert hashlib.sha256(data).hexdigest() == letter.sha256
        text = " ".join(page.extract_text() for page in PdfReader(letter.file.path).pages)
        assert f"Số: {letter.number_text}" in text
        assert letter.file.name.endswith(f"{letter.number:04d}-{letter.kind}.pdf")
    folder = Path(letters[0].file.path).parent
    before = [(x.file.name, x.sha256, x.rendered_at) for x in letters]
    files_before = {(p.name, p.stat().st_mtime_ns) for p in folder.iterdir()}
    # A second worker run, and the task queued again (a worker restarted after rendering), do
    # nothing: same file, same checksum, same moment, no new file in the storage.
    run_worker()
    render_letter.enqueue(letters[0].pk)
    run_worker()
    after = [(x.file.name, x.sha256, x.rendered_at) for x in Letter.objects.order_by("number")]
    assert after == before
    assert {(p.name, p.stat().st_mtime_ns) for p in folder.iterdir()} == files_before


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): numbers taken under SELECT FOR UPDATE by "
    "concurrent transactions",
)


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_letters_issued_at_once_get_fifty_consecutive_numbers(received, officer):
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def issue_five():
        try:
            request = InformationRequest.objects.select_related("agency").get(pk=received.pk)
            barrier.wait(timeout=30)
            for _ in range(5):
                with transaction.atomic():
                    letter_issue(request=request, kind="receipt", actor=officer, now=at(2, 10))
        except BaseException as error:  # reported below, with the thread's own traceback
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_five) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an issuer hung"
    assert not errors, errors
    numbers = sorted(Letter.objects.filter(agency=received.agency).values_list("number", flat=True))
    assert numbers == list(range(1, 52)), "the receipt's 01, then 50 distinct consecutive numbers"
    assert LetterCounter.objects.get(agency=received.agency, year=2026).last_number == 51


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
