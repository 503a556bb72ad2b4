"""The life of a letter through the services (issue #13, DOMAIN §7.1): a draft has no number and
carries the "DỰ THẢO" mark; only the person with authority for its kind approves it and becomes
the signer it prints; the approver signs digitally (both signatures valid after the clerk fills
the number and date) or on paper; the clerk's numbers are gapless, also when four clerks issue
at the same moment on PostgreSQL."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from requests_flow import services
from requests_flow.backoffice.letter_selectors import waiting_count
from requests_flow.choices import Role
from requests_flow.letters.layout import date_line
from requests_flow.letters.signing_config import configured_trust
from requests_flow.letters.verification import verify_pdf
from requests_flow.models import AgencyMembership, Letter, LetterKind, LetterStatus
from tests.helpers import MONDAY_2026_03_02, file_online, make_user
from tests.racing import race

from .lifecycle import signing_keys


def signing_member(user, agency, role, prefix="", authority="", title="GIÁM ĐỐC"):
    AgencyMembership.objects.create(
        user=user,
        agency=agency,
        role=role,
        signing_prefix=prefix,
        signing_authority=authority,
        signing_title=title,
    )
    return user


@pytest.fixture
def people(django_user_model, agency):
    make = lambda username, name: make_user(django_user_model, username, name)  # noqa: E731
    officer = make("minh", "Trần Văn Minh")
    AgencyMembership.objects.create(user=officer, agency=agency, role=Role.FOCAL_OFFICER)
    clerk = make("vanthu", "Vũ Thị Hạnh")
    AgencyMembership.objects.create(user=clerk, agency=agency, role=Role.CLERK)
    return {
        "officer": officer,
        "clerk": clerk,
        "head": signing_member(
            make("thu", "Lê Thị Thu"), agency, Role.FOCAL_HEAD, "TL.", "GIÁM ĐỐC", "Chánh Văn phòng"
        ),
        "leader": signing_member(
            make("anh", "Đặng Thị Ngọc Ánh"), agency, Role.LEADER, "KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
        ),
    }


def text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def draft_pdf(letter: Letter) -> bytes:
    from dataclasses import replace

    from requests_flow.letters.data import DRAFT
    from requests_flow.letters.layout import render
    from requests_flow.tasks import letter_data_from

    return render(replace(letter_data_from(letter.content), mode=DRAFT))


def scan() -> SimpleUploadedFile:
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, "Scanned letter")
    canvas.save()
    return SimpleUploadedFile("scan.pdf", buffer.getvalue(), content_type="application/pdf")


def receipt_of(agency, citizen) -> Letter:
    request = file_online(agency, citizen, MONDAY_2026_03_02)
    return request.letters.get(kind=LetterKind.RECEIPT)


@pytest.fixture
def keys(settings, tmp_path, pki, monkeypatch, agency):
    """The approver (Đặng Thị Ngọc Ánh) and the agency have keys; Lê Thị Thu has none."""
    people = {"user:anh": "Đặng Thị Ngọc Ánh", f"agency:{agency.short_name}": agency.name}
    signing_keys(pki.ca, people, settings=settings, folder=tmp_path, monkeypatch=monkeypatch)
    yield
    configured_trust.cache_clear()


@pytest.mark.django_db
def test_a_draft_has_no_number_no_date_and_the_draft_mark(agency, citizen, people):
    letter = receipt_of(agency, citizen)
    assert letter.status == LetterStatus.DRAFT
    assert (letter.number, letter.year, letter.issued_at, letter.number_text) == (
        None,
        None,
        None,
        "",
    )
    printed = text(draft_pdf(letter))
    assert "DỰ THẢO" in printed
    assert (
        "Số: /PTN-STP" in printed.replace("\u00a0", " ").replace("  ", " ") or "/PTN-STP" in printed
    )
    assert "năm 2026" not in printed.split("PHIẾU")[0]  # no date of issue in the head


@pytest.mark.django_db
def test_only_the_role_the_rule_set_names_approves_and_the_approver_is_the_signer(
    agency, citizen, people
):
    letter = receipt_of(agency, citizen)
    with pytest.raises(services.NotPermitted):  # a focal officer drafts, never approves
        services.letter_approve(letter=letter, actor=people["officer"])
    with pytest.raises(services.NotPermitted):  # the clerk numbers, never approves
        services.letter_approve(letter=letter, actor=people["clerk"])
    approved = services.letter_approve(letter=letter, actor=people["head"])  # Form 02: the head
    assert approved.status == LetterStatus.APPROVED
    assert approved.approved_by == people["head"]
    printed = text(services.letter_printable(approved))
    assert "TL. GIÁM ĐỐC CHÁNH VĂN PHÒNG Lê Thị Thu" in printed
    assert approved.request.events.filter(action="letter_approve", actor=people["head"]).exists()


@pytest.mark.django_db
def test_an_approver_without_a_signing_title_is_told_what_to_configure(
    django_user_model, agency, citizen, people
):
    untitled = make_user(django_user_model, "son", "Hoàng Văn Sơn")
    AgencyMembership.objects.create(user=untitled, agency=agency, role=Role.LEADER)
    letter = receipt_of(agency, citizen)
    with pytest.raises(services.InvalidInput) as refused:
        services.letter_approve(letter=letter, actor=untitled)
    assert "title when signing" in refused.value.message or "chức danh" in refused.value.message
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


@pytest.mark.django_db
def test_an_approver_without_a_certificate_cannot_sign_digitally_and_signs_on_paper(
    agency, citizen, people, keys
):
    letter = services.letter_approve(letter=receipt_of(agency, citizen), actor=people["head"])
    with pytest.raises(services.InvalidInput) as refused:
        services.letter_sign_digital(letter=letter, actor=people["head"])
    assert refused.value.errors["sign"]
    signed = services.letter_sign_paper(letter=letter, actor=people["head"])
    numbered = services.letter_register_paper(letter=signed, actor=people["clerk"])
    assert numbered.number == 1 and numbered.status == LetterStatus.NUMBERED
    issued = services.letter_attach_scan(letter=numbered, actor=people["clerk"], scan=scan())
    assert issued.status == LetterStatus.ISSUED
    assert "Scanned letter" in text(issued.file.open("rb").read())


@pytest.mark.django_db
def test_signed_digitally_and_issued_by_the_clerk_both_signatures_are_valid(
    agency, citizen, people, keys, pki
):
    letter = receipt_of(agency, citizen)
    # Form 02 goes to the head; a leader may approve any letter: the one with a key does.
    approved = services.letter_approve(letter=letter, actor=people["leader"])
    signed = services.letter_sign_digital(letter=approved, actor=people["leader"])
    assert signed.status == LetterStatus.SIGNED and signed.number is None
    with pytest.raises(services.NotPermitted):  # the approver does not issue
        services.letter_issue_digital(letter=signed, actor=people["leader"])
    issued = services.letter_issue_digital(letter=signed, actor=people["clerk"])
    pdf = issued.file.open("rb").read()
    check = verify_pdf(pdf, pki.trust)
    assert check.ok, check
    assert [s.signer_name for s in check.signatures] == ["Đặng Thị Ngọc Ánh", agency.name]
    printed = text(pdf)
    assert f"Số: {issued.number:02d}/PTN-STP" in printed
    assert date_line("Tuyên Quang", timezone.localdate(issued.issued_at)) in printed
    assert issued.sha256 == check.sha256  # the register keeps the fingerprint of what was issued


@pytest.mark.django_db
def test_numbers_come_from_the_clerk_and_drafts_take_none(agency, citizen, people):
    first, second = receipt_of(agency, citizen), receipt_of(agency, citizen)
    for letter in (second, first):  # issued in the other order than drafted
        letter = services.letter_approve(letter=letter, actor=people["head"])
        letter = services.letter_sign_paper(letter=letter, actor=people["head"])
        services.letter_register_paper(letter=letter, actor=people["clerk"])
    assert Letter.objects.get(pk=second.pk).number == 1
    assert Letter.objects.get(pk=first.pk).number == 2
    receipt_of(agency, citizen)  # a third request: its draft takes no number
    assert sorted(Letter.objects.exclude(number=None).values_list("number", flat=True)) == [1, 2]


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): races on the counter's row lock",
)


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_four_clerks_issuing_at_once_get_four_consecutive_numbers(agency, citizen, people):
    letters = []
    for _ in range(4):
        letter = services.letter_approve(letter=receipt_of(agency, citizen), actor=people["head"])
        letters.append(services.letter_sign_paper(letter=letter, actor=people["head"]))
    outcomes = race(
        *(
            (
                lambda letter=letter: services.letter_register_paper(
                    letter=letter, actor=people["clerk"]
                )
            )
            for letter in letters
        )
    )
    assert all(isinstance(o, Letter) for o in outcomes), outcomes
    assert sorted(o.number for o in outcomes) == [1, 2, 3, 4]


def refusal_submitted(info, people):
    """The focal officer submits a refusal on ground (c): its letter is drafted with it."""
    return services.request_submit_decision(
        request=info,
        actor=people["officer"],
        kind="refuse",
        grounds=["c"],
        reasons="Không thuộc trách nhiệm của Sở.",
        competent_agency="Sở Xây dựng",
    )


def refused_by_leader(agency, citizen, people):
    """A request refused on ground (c): approved by the leader, its letter not yet issued."""
    info = file_online(agency, citizen, MONDAY_2026_03_02)
    info = services.request_accept(request=info, actor=people["officer"], now=MONDAY_2026_03_02)
    info = services.request_assign(request=info, actor=people["head"], officer=people["officer"])
    info = services.request_classify(request=info, actor=people["officer"], complexity="simple")
    info = refusal_submitted(info, people)
    return services.request_approve_pending(request=info, actor=people["leader"])


@pytest.mark.django_db
def test_a_refusal_meets_its_deadline_when_the_clerk_issues_it_not_when_approved(
    agency, citizen, people
):
    from requests_flow.backoffice.dashboard_selectors import tiles
    from requests_flow.sweep import open_milestones

    refused = refused_by_leader(agency, citizen, people)
    letter = refused.letters.get(kind=LetterKind.REFUSAL)
    assert letter.status == LetterStatus.APPROVED and letter.approved_by == people["leader"]
    # Approved, not sent: the request is still due, alerted and counted as open.
    assert refused.milestones.filter(met_at__isnull=True).exists()
    assert open_milestones().filter(request=refused).exists()
    assert tiles(agency.pk, timezone.localdate()).open == 1
    letter = services.letter_sign_paper(letter=letter, actor=people["leader"])
    letter = services.letter_register_paper(letter=letter, actor=people["clerk"])
    issued = services.letter_attach_scan(letter=letter, actor=people["clerk"], scan=scan())
    refused.refresh_from_db()
    assert not refused.milestones.filter(met_at__isnull=True).exists()
    assert set(refused.milestones.values_list("met_at", flat=True)) == {issued.issued_at}
    assert refused.next_due is None
    assert not open_milestones().filter(request=refused).exists()
    assert tiles(agency.pk, timezone.localdate()).open == 0
    event = refused.events.get(action="letter_issue")
    assert event.data["number"] == issued.number_text and event.data["met"]


@pytest.mark.django_db
def test_returning_the_decision_cancels_its_draft_letter(agency, citizen, people):
    info = refusal_submitted(file_online(agency, citizen, MONDAY_2026_03_02), people)
    draft = info.letters.get(kind=LetterKind.REFUSAL)
    assert draft.status == LetterStatus.DRAFT
    services.request_return_for_rework(
        request=info, actor=people["leader"], comment="Bổ sung căn cứ."
    )
    draft.refresh_from_db()
    assert draft.status == LetterStatus.CANCELLED and draft.number is None


@pytest.mark.django_db
def test_the_officers_edit_of_a_draft_is_what_the_leader_approves_and_signs(
    agency, citizen, people
):
    info = refusal_submitted(file_online(agency, citizen, MONDAY_2026_03_02), people)
    draft = info.letters.get(kind=LetterKind.REFUSAL)
    paragraphs = [*draft.content["paragraphs"], "Đoạn bổ sung do cán bộ đầu mối soạn."]
    with pytest.raises(services.NotPermitted):  # the clerk does not write letters
        services.letter_edit(letter=draft, actor=people["clerk"], paragraphs=paragraphs)
    with pytest.raises(services.InvalidInput):
        services.letter_edit(letter=draft, actor=people["officer"], paragraphs=["  ", ""])
    services.letter_edit(letter=draft, actor=people["officer"], paragraphs=paragraphs)
    with pytest.raises(services.InvalidInput):  # approved with its decision, not apart
        services.letter_approve(letter=draft, actor=people["leader"])
    services.request_approve_pending(request=info, actor=people["leader"])
    approved = Letter.objects.get(pk=draft.pk)
    printed = text(services.letter_printable(approved))
    assert "Đoạn bổ sung do cán bộ đầu mối soạn." in printed
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in printed and "Đặng Thị Ngọc Ánh" in printed
    with pytest.raises(services.LetterStepNotAllowed):  # approved: no more edits
        services.letter_edit(letter=approved, actor=people["officer"], paragraphs=paragraphs)


@pytest.mark.django_db
def test_withdrawal_cancels_the_letters_not_yet_signed_and_leaves_the_signed_to_the_clerk(
    agency, citizen, people
):
    drafted, approved, signed = (receipt_of(agency, citizen) for _ in range(3))
    approved = services.letter_approve(letter=approved, actor=people["head"])
    signed = services.letter_sign_paper(
        letter=services.letter_approve(letter=signed, actor=people["head"]), actor=people["head"]
    )
    assert waiting_count(people["head"]) == 2 and waiting_count(people["clerk"]) == 1
    for letter in (drafted, approved, signed):
        services.request_withdraw(request=letter.request, actor=citizen, reason="Không cần nữa.")
        letter.refresh_from_db()
    assert drafted.status == approved.status == LetterStatus.CANCELLED
    assert drafted.number is None and approved.number is None
    assert signed.status == LetterStatus.SIGNED
    assert waiting_count(people["head"]) == 0  # neither the draft nor the signature waits
    assert waiting_count(people["clerk"]) == 1  # the signed receipt still goes to the register
    assert drafted.request.events.filter(action="letter_cancel").exists()
