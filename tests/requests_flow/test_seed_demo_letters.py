"""`seed_demo` makes `make run` show a letter's whole life (issue #13): it writes test
certificates (never committed) that the development settings sign with, the demo leader signs a
letter digitally and the demo clerk issues it (pyHanko's validator says it is valid and trusted
under the demo CA), and the head of the focal unit has no key, so she is offered paper."""

import json
import stat
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from requests_flow import services, workflow
from requests_flow.flows import InformationRequestFlow as Flow
from requests_flow.letters.signing_config import configured_trust
from requests_flow.letters.verification import verify_pdf
from requests_flow.models import InformationRequest, LetterKind, LetterStatus, Signing
from requests_flow.services.letter_issue import approver_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    """seed_demo run with its certificates in a var/ of this test's own, then the settings as
    config/settings/dev.py makes them when those files exist (what `make run` starts with)."""
    folder = tmp_path / "var" / "demo-keys"
    settings.TIEPCAN_DEMO_KEYS_DIR = folder
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    settings.TIEPCAN_SIGNING_KEYS = str(folder / "keys.json")
    settings.TIEPCAN_SIGNING_TRUST_ROOTS = [str(folder / "ca.pem")]
    configured_trust.cache_clear()
    yield folder
    configured_trust.cache_clear()


def user(username: str):
    return get_user_model().objects.get(username=username)


def demo_request(tag: str) -> InformationRequest:
    return InformationRequest.objects.get(email=f"demo-{tag}@example.vn")


def content(letter) -> bytes:
    with letter.file.open("rb") as stored:
        return stored.read()


def text_of(pdf: bytes, tmp_path) -> str:
    """What a reader sees, form fields included (pdftotext draws their appearances)."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_seed_writes_the_keys_file_the_ca_and_one_passphrase_file(demo):
    keys = json.loads((demo / "keys.json").read_text())
    assert set(keys) == {
        "user:lanhdao",
        "user:canbo.phuong",
        "agency:STP",
        "agency:UBND-HG1",
        "agency:UBND-TQ",
    }
    passphrase = (demo / "passphrase").read_text().strip()
    for entry in keys.values():
        assert entry["passphrase_file"] == str(demo / "passphrase")
        assert Path(entry["pkcs12"]).parent == demo and Path(entry["pkcs12"]).is_file()
    assert passphrase not in (demo / "keys.json").read_text()  # the file names it, never holds it
    assert stat.S_IMODE((demo / "passphrase").stat().st_mode) == 0o600
    assert (demo / "ca.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_second_run_keeps_the_certificates_so_issued_letters_stay_trusted(demo):
    before = {path.name: path.read_bytes() for path in demo.iterdir()}
    call_command("seed_demo", stdout=StringIO())
    assert {path.name: path.read_bytes() for path in demo.iterdir()} == before
    refusal = demo_request("refused").letters.get(kind=LetterKind.REFUSAL)
    assert refusal.status == LetterStatus.ISSUED and refusal.signing == Signing.DIGITAL
    assert verify_pdf(content(refusal)).ok  # the citizen's demo letter verifies at /xac-thuc/


def test_the_demo_leader_signs_digitally_and_the_demo_clerk_issues(demo, tmp_path):
    leader, clerk = user("lanhdao"), user("vanthu")
    request = demo_request("pending-approval")
    workflow.perform_task(
        request=request,
        node=Flow.approve,
        user=leader,
        perform=lambda r: services.request_approve_provision(request=r, actor=leader),
    )
    letter = request.letters.get(kind=LetterKind.COVER)
    assert letter.status == LetterStatus.APPROVED and letter.approved_by == leader

    signed = services.letter_sign_digital(letter=letter, actor=leader)
    issued = services.letter_issue_digital(letter=signed, actor=clerk)

    assert issued.status == LetterStatus.ISSUED and issued.number_text
    pdf = content(issued)
    check = verify_pdf(pdf)
    assert check.ok, check
    assert [s.signer_name for s in check.signatures] == [
        "Phạm Quốc Hùng",
        "Sở Tư pháp tỉnh Tuyên Quang",
    ]
    text = text_of(pdf, tmp_path)
    assert f"Số: {issued.number_text}" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text


def test_the_head_without_a_key_signs_on_paper_and_the_clerk_numbers_it(demo):
    head, clerk = user("truongbophan"), user("vanthu")
    assert approver_key(head) is None
    assert approver_key(user("lanhdao")) is not None
    slip = demo_request("in-progress").letters.get(kind=LetterKind.RESOLUTION)
    assert slip.status == LetterStatus.APPROVED and slip.approved_by == head
    with pytest.raises(services.InvalidInput, match="ký trên giấy"):  # offered paper instead
        services.letter_sign_digital(letter=slip, actor=head)

    signed = services.letter_sign_paper(letter=slip, actor=head)
    numbered = services.letter_register_paper(letter=signed, actor=clerk)

    assert numbered.status == LetterStatus.NUMBERED
    assert numbered.number_text.endswith("/PGQ-STP")
    waiting = demo_request("accepted").letters.get(kind=LetterKind.RECEIPT)
    assert waiting.status == LetterStatus.NUMBERED  # the demo's scan still to upload
    issued = demo_request("assigned").letters.get(kind=LetterKind.RECEIPT)
    assert issued.status == LetterStatus.ISSUED and issued.signing == Signing.PAPER
