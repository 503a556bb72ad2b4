"""Issue #13: the back-office pages of an outgoing letter's life. The focal officer edits the
draft, the leader approves it and signs the printed copy, the clerk gives it its number and
uploads the scan: the letter is issued. Each person finds the letters waiting for them on the
"Outgoing letters" page (and its count in the inbox); another agency's staff meet 404."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_flow import services
from requests_flow.choices import Role
from requests_flow.models import AgencyMembership, Letter, LetterKind, LetterStatus
from tests.helpers import file_online, grant, make_user, signed_in
from tests.letters.pdftext import pdftotext
from tests.portal.support import PDF

from .support import NS, Flow, advance, open_task, take, url

pytestmark = pytest.mark.django_db


def set_signing_title(user, agency, role, title):
    AgencyMembership.objects.filter(user=user, agency=agency, role=role).update(
        signing_prefix="KT.", signing_authority="Giám đốc", signing_title=title
    )


@pytest.fixture
def people(staff, agency, django_user_model, settings):
    settings.TIEPCAN_SIGNING_KEYS = ""  # nobody has a certificate: everyone signs on paper
    clerk = grant(make_user(django_user_model, "vanthu", "Ngô Thị Vân"), agency, Role.CLERK)
    set_signing_title(staff["leader"], agency, Role.LEADER, "Phó Giám đốc")
    set_signing_title(staff["head"], agency, Role.FOCAL_HEAD, "Trưởng phòng")
    return {**staff, "clerk": clerk}


def page(letter) -> str:
    return reverse("letters:letter", args=[letter.pk])


def receipt_of(request) -> Letter:
    return request.letters.get(kind=LetterKind.RECEIPT)


def post(client, letter, step: str, **fields):
    data = {"step": step, **{f"{step}-{name}": value for name, value in fields.items()}}
    return client.post(page(letter), data)


def test_officer_edits_leader_signs_on_paper_clerk_numbers_and_scans(people, agency, citizen):
    letter = receipt_of(file_online(agency, citizen))
    officer = signed_in(people["officer"])
    shown = officer.get(page(letter)).content.decode()
    assert 'name="edit-body"' in shown
    assert letter.content["paragraphs"][0][:30] in shown  # the body, in the textarea

    too_long = "Đoạn thứ nhất.\n\n" + "x" * 20000
    refused = officer.post(page(letter), {"step": "edit", "edit-body": too_long})
    assert refused.status_code == 200
    assert "x" * 20000 in refused.content.decode()  # what was typed is kept
    assert "tối đa 20000 kí tự" in refused.content.decode()
    empty = officer.post(page(letter), {"step": "edit", "edit-body": "  \n\n  "})
    assert empty.status_code == 200 and 'id="id_edit-body_error"' in empty.content.decode()
    saved = post(officer, letter, "edit", body="Đoạn đã sửa.\r\n\r\nĐoạn thứ hai.")
    assert saved.status_code == 302
    letter.refresh_from_db()
    assert letter.content["paragraphs"] == ["Đoạn đã sửa.", "Đoạn thứ hai."]
    draft = officer.get(reverse("letters:draft_pdf", args=[letter.pk]))
    assert "DỰ THẢO" in pdftotext(draft.content) and "Đoạn đã sửa." in pdftotext(draft.content)

    leader = signed_in(people["leader"])
    assert 'value="approve"' in leader.get(page(letter)).content.decode()
    assert post(leader, letter, "approve").status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.approved_by) == (LetterStatus.APPROVED, people["leader"])
    signing = leader.get(page(letter)).content.decode()
    assert 'value="sign_paper"' in signing and 'value="sign_digital"' not in signing
    assert "Bạn chưa được cấu hình chứng thư số" in signing
    printable = leader.get(reverse("letters:printable_pdf", args=[letter.pk]))
    assert printable["Content-Disposition"].startswith("attachment")
    assert "Đoạn đã sửa." in pdftotext(printable.content)
    assert post(leader, letter, "sign_paper").status_code == 302

    clerk = signed_in(people["clerk"])
    assert 'value="register_paper"' in clerk.get(page(letter)).content.decode()
    assert post(clerk, letter, "register_paper", external_number="").status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.number_text) == (LetterStatus.NUMBERED, f"01/{letter.symbol}")
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert clerk.post(page(letter), {"step": "scan", "scan-scan": scan}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ISSUED and letter.issued_by == people["clerk"]
    issued = clerk.get(page(letter)).content.decode()
    assert "Đã ban hành" in issued and reverse("letters:file", args=[letter.pk]) in issued
    assert clerk.get(reverse("letters:file", args=[letter.pk])).content == PDF


def test_a_refused_step_shows_the_services_message(people, agency, citizen):
    """The page offers a step to whom it is for; a forged post gets the service's refusal."""
    letter = receipt_of(file_online(agency, citizen))
    clerk = signed_in(people["clerk"])
    response = post(clerk, letter, "approve")
    assert response.status_code == 200
    assert "Bạn không có vai trò cần thiết" in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_a_signer_with_a_certificate_is_offered_the_digital_signature(
    people, agency, citizen, settings, tmp_path, monkeypatch
):
    keys = tmp_path / "keys.json"
    entry = {"pkcs12": str(tmp_path / "hung.p12"), "passphrase_env": "TIEPCAN_TEST_P12"}
    keys.write_text(json.dumps({"user:hung": entry}))
    monkeypatch.setenv("TIEPCAN_TEST_P12", "mật khẩu")
    settings.TIEPCAN_SIGNING_KEYS = str(keys)
    letter = receipt_of(file_online(agency, citizen))
    services.letter_approve(letter=letter, actor=people["leader"])
    shown = signed_in(people["leader"]).get(page(letter)).content.decode()
    assert 'value="sign_digital"' in shown and 'value="sign_paper"' in shown
    assert "Bạn chưa được cấu hình chứng thư số" not in shown


def test_another_agencys_staff_meet_404(people, bo_foreign, agency, citizen):
    letter = receipt_of(file_online(agency, citizen))
    foreign = signed_in(bo_foreign)
    for name in ("letter", "draft_pdf", "printable_pdf", "file"):
        assert foreign.get(reverse(f"letters:{name}", args=[letter.pk])).status_code == 404
    assert post(foreign, letter, "approve").status_code == 404
    citizen_client = signed_in(citizen)  # the requester: never a draft, only the issued letter
    assert citizen_client.get(page(letter)).status_code == 403
    assert citizen_client.get(reverse("letters:draft_pdf", args=[letter.pk])).status_code == 403
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def letters_at_each_step(people, agency, citizen) -> dict[str, Letter]:
    """Four requests' receipts: a draft, one approved by the leader, one signed on paper, one
    numbered."""
    leader, clerk = people["leader"], people["clerk"]
    draft, approved, signed, numbered = (receipt_of(file_online(agency, citizen)) for _ in "1234")
    for letter in (approved, signed, numbered):
        services.letter_approve(letter=letter, actor=leader)
    for letter in (signed, numbered):
        services.letter_sign_paper(letter=letter, actor=leader)
    services.letter_register_paper(letter=numbered, actor=clerk)
    return {"draft": draft, "approved": approved, "signed": signed, "numbered": numbered}


def listed(user) -> dict[str, list[int]]:
    waiting = signed_in(user).get(reverse("letters:index")).context["waiting"]
    return {
        group: [row.letter.pk for row in getattr(waiting, group)]
        for group in ("drafts", "to_sign", "to_issue", "to_scan")
    }


def test_the_work_page_lists_what_waits_for_each_person(people, bo_foreign, agency, citizen):
    at = letters_at_each_step(people, agency, citizen)
    ids = {step: [letter.pk] for step, letter in at.items()}
    nothing: list[int] = []
    assert listed(people["officer"]) == {
        "drafts": ids["draft"], "to_sign": nothing, "to_issue": nothing, "to_scan": nothing
    }  # fmt: skip
    assert listed(people["leader"]) == {
        "drafts": ids["draft"], "to_sign": ids["approved"], "to_issue": nothing, "to_scan": nothing
    }  # fmt: skip
    assert listed(people["clerk"]) == {
        "drafts": nothing, "to_sign": nothing, "to_issue": ids["signed"], "to_scan": ids["numbered"]
    }  # fmt: skip
    assert listed(bo_foreign) == {group: nothing for group in listed(bo_foreign)}
    # The receipt slip is the head of the focal unit's to approve (the rule set), as the service
    # decides; the officer may only edit it.
    head_rows = signed_in(people["head"]).get(reverse("letters:index")).context["waiting"].drafts
    assert [(r.may_edit, r.may_approve) for r in head_rows] == [(True, True)]
    assert services.may_approve(people["head"], at["draft"])
    officer_rows = signed_in(people["officer"]).get(reverse("letters:index")).context["waiting"]
    assert [(r.may_edit, r.may_approve) for r in officer_rows.drafts] == [(True, False)]


def test_the_inbox_and_the_menu_count_the_letters_waiting(people, agency, citizen):
    letters_at_each_step(people, agency, citizen)
    clerk = signed_in(people["clerk"])
    inbox = clerk.get(reverse(f"{NS}:inbox")).content.decode()
    assert reverse("letters:index") in inbox and "2 văn bản đi đang chờ bạn" in inbox
    work = clerk.get(reverse("letters:index")).content.decode()
    assert 'id="tc-letters-count">2<' in work


def count_queries(client, address: str) -> int:
    client.get(address)  # warm the process-wide caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_work_page_costs_the_same_with_many_letters(people, agency, citizen):
    leader = signed_in(people["leader"])
    letters_at_each_step(people, agency, citizen)
    few = count_queries(leader, reverse("letters:index"))
    for _ in range(3):
        letters_at_each_step(people, agency, citizen)
    many = count_queries(leader, reverse("letters:index"))
    print(f"\nwork page queries: 4 letters {few}, 16 letters {many}")
    assert many == few
    assert many <= 12


def test_the_decisions_letter_is_approved_in_the_approval_task(people, submit):
    """The cover letter waits with its decision: the approval task shows it to preview; the
    work page and the letter's page send the leader to the task; the request's page lists every
    letter of the request with a link to its page."""
    request = advance(submit(), people, "accept", "assign", "classify", "submit_provide")
    cover = request.letters.get(kind=LetterKind.COVER)
    task = open_task(request, Flow.approve)
    leader = signed_in(people["leader"])
    take(leader, task)
    shown = leader.get(url(task, "execute")).content.decode()
    assert reverse("letters:draft_pdf", args=[cover.pk]) in shown
    rows = leader.get(reverse("letters:index")).context["waiting"].drafts
    row = next(r for r in rows if r.letter.pk == cover.pk)
    assert (row.approval_task_url, row.may_approve) == (url(task, "index"), False)
    letter_page = leader.get(page(cover)).content.decode()
    assert 'value="approve"' not in letter_page and url(task, "index") in letter_page
    assert post(leader, cover, "approve").status_code == 200  # refused: with its decision
    assert Letter.objects.get(pk=cover.pk).status == LetterStatus.DRAFT
    officer = signed_in(people["officer"])
    detail = officer.get(reverse(f"{NS}:process_detail", args=[request.process.pk]))
    for letter in request.letters.all():
        assert page(letter) in detail.content.decode()
