"""Letters taken through their life by the real services (DOMAIN §7.1), for the tests that need
an issued letter: approved by the person with authority, signed, numbered and issued by the
clerk. Nothing is written to the database by hand.

`issue_letter` signs on paper and uploads a scan (a small real PDF, through the upload checks);
`issue_letter_digitally` signs with keys made from the `pki` fixture's demo CA for the
approver's and the agency's names. `issue_all` issues every letter of a request still on its
way; `printed` is a letter's PDF at any step, as its reader sees it.
"""

import io
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from requests_flow import services
from requests_flow.choices import Role
from requests_flow.letters.data import DRAFT
from requests_flow.letters.layout import render
from requests_flow.letters.signing_config import configured_trust
from requests_flow.models import (
    AgencyMembership,
    InformationRequest,
    Letter,
    LetterStatus,
    Signing,
)
from requests_flow.services.letter_life import DECISION_KINDS, approver_role
from requests_flow.tasks import letter_data_from, verification_url
from tests.helpers import grant

# The letters issue_all takes forward: every step before "issued".
ON_THE_WAY = (LetterStatus.DRAFT, LetterStatus.APPROVED, LetterStatus.SIGNED, LetterStatus.NUMBERED)
# Names of the people made when a test gives none (one per agency and role).
APPROVER_NAME = "Đặng Thị Ngọc Ánh"
CLERK_NAME = "Hoàng Thị Lan"
PASSPHRASE_ENV = "TIEPCAN_TEST_LETTER_P12"


def staff_of(agency, role: str, full_name: str):
    """The agency's first member in `role` (an approver: one with a signing title), or one made
    by these helpers the first time it is needed."""
    found = AgencyMembership.objects.filter(agency=agency, role=role).order_by("id")
    if role != Role.CLERK:
        found = found.exclude(signing_title="")
    if (membership := found.select_related("user").first()) is not None:
        return membership.user
    user, created = get_user_model().objects.get_or_create(
        username=f"{role}-{agency.short_name.lower()}-{agency.pk}",
        defaults={"full_name": full_name},
    )
    if created:
        user.set_password("pw-" + user.username)
        user.save(update_fields=["password"])
        grant(user, agency, role)
    return user


def clerk_of(agency):
    return staff_of(agency, Role.CLERK, CLERK_NAME)


def scanned_pdf(letter: Letter) -> bytes:
    """What the clerk's scanner gives back, reduced to what the tests read: one page with the
    number the clerk wrote on the paper. Plain ASCII and the same for the same number: a drawn
    letter's compressed streams (its QR code differs with each verification code) now and then
    hold bytes the upload check refuses as active content ("/JS"), which would make a test fail
    by chance; `printed` gives the words of the letter."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    page.setFont("Helvetica", 12)
    page.drawString(72, 760, f"So: {letter.number_text}")
    page.drawString(72, 740, f"Ban quet: {letter.kind}")
    page.showPage()
    page.save()
    return buffer.getvalue()


def drawn(letter: Letter) -> bytes:
    """The letter as issued on paper reads: its content with the number and date the clerk gave
    it, and its QR code (what the scan shows)."""
    return render(
        replace(
            letter_data_from(letter.content),
            verification_url=verification_url(letter.verification_code),
            verification_code=letter.verification_code,
        )
    )


def printed(letter: Letter) -> bytes:
    """The letter's PDF as a reader sees it at its step: issued digitally, the file; issued on
    paper, the letter as drawn with its number (the scan's words); approved, as printed for
    signature; a draft with its "DỰ THẢO" mark."""
    if letter.is_issued and letter.signing == Signing.DIGITAL:
        with letter.file.open("rb") as stored:
            return stored.read()
    if letter.is_issued:
        return drawn(letter)
    if letter.status == LetterStatus.DRAFT:
        return render(replace(letter_data_from(letter.content), mode=DRAFT))
    return services.letter_printable(letter)


def approve(letter: Letter, approver=None, now: datetime | None = None) -> Letter:
    """A draft approved by `approver`, or by a member made with the role the rule set gives its
    kind. A decision's letter is approved with its decision (request_approve_*): not here."""
    if letter.status != LetterStatus.DRAFT:
        return letter
    if letter.kind in DECISION_KINDS:
        raise AssertionError(f"{letter.kind} is approved with its decision (request_approve_*)")
    approver = approver or staff_of(letter.agency, approver_role(letter), APPROVER_NAME)
    return services.letter_approve(letter=letter, actor=approver, now=now)


def issue_letter(letter: Letter, *, approver=None, clerk=None, now: datetime | None = None):
    """The letter issued on paper from wherever it stands: approved, signed by its approver,
    numbered, then its scan uploaded by the clerk. Returns it as stored."""
    now = now or timezone.now()
    letter = approve(Letter.objects.get(pk=letter.pk), approver, now)
    clerk = clerk or clerk_of(letter.agency)
    if letter.status == LetterStatus.APPROVED:
        letter = services.letter_sign_paper(letter=letter, actor=letter.approved_by, now=now)
    if letter.status == LetterStatus.SIGNED:
        letter = services.letter_register_paper(letter=letter, actor=clerk, now=now)
    if letter.status == LetterStatus.NUMBERED:
        scan = SimpleUploadedFile("ban-quet.pdf", scanned_pdf(letter), "application/pdf")
        letter = services.letter_attach_scan(letter=letter, actor=clerk, scan=scan, now=now)
    return Letter.objects.get(pk=letter.pk)


def on_the_way(request: InformationRequest):
    """The request's letters not yet issued nor cancelled, oldest first; a decision's draft is
    left out (it waits for the leader's approval of the decision)."""
    letters = request.letters.filter(status__in=ON_THE_WAY).order_by("id")
    return [
        letter
        for letter in letters
        if not (letter.status == LetterStatus.DRAFT and letter.kind in DECISION_KINDS)
    ]


def issue_all(request: InformationRequest, **kwargs) -> list[Letter]:
    """Every letter of the request on its way, issued in the order drafted (issue_letter)."""
    return [issue_letter(letter, **kwargs) for letter in on_the_way(request)]


def signing_keys(ca, people: dict[str, str], *, settings, folder: Path, monkeypatch) -> None:
    """TIEPCAN_SIGNING_KEYS for `people` ({"user:<username>" or "agency:<short>": name on the
    certificate}), each a PKCS#12 file issued now by `ca` (a DemoCA: the `pki` fixture's, or a
    browser test's own), the CA trusted; `settings` and `monkeypatch` are the test's fixtures
    (restored after it). Clear configured_trust's cache when the test ends."""
    from tests.letters.conftest import PASSPHRASE

    entries = {}
    for identity, name in people.items():
        agency = identity.startswith("agency:")
        cert = ca.issue(name, organisation=name if agency else "")
        path = folder / f"{identity.replace(':', '-')}.p12"
        path.write_bytes(cert.pkcs12(PASSPHRASE))
        entries[identity] = {"pkcs12": str(path), "passphrase_env": PASSPHRASE_ENV}
    keys, roots = folder / "signing-keys.json", folder / "roots.pem"
    keys.write_text(json.dumps(entries))
    roots.write_bytes(ca.cert_pem())
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    settings.TIEPCAN_SIGNING_KEYS = str(keys)
    settings.TIEPCAN_SIGNING_TRUST_ROOTS = [str(roots)]
    configured_trust.cache_clear()


def sign_digitally(
    letter: Letter, *, pki, settings, folder: Path, monkeypatch, approver=None
) -> Letter:
    """The letter approved and signed digitally by its approver, waiting for the clerk: keys
    for the approver's and the agency's names issued now by the `pki` fixture's demo CA (in
    force at the real time). `pki`, `settings`, `monkeypatch` are the test's fixtures; `folder`
    a temporary folder."""
    letter = approve(Letter.objects.get(pk=letter.pk), approver)
    signer = letter.approved_by
    people = {
        f"user:{signer.get_username()}": signer.get_full_name(),
        f"agency:{letter.agency.short_name}": letter.agency.name,
    }
    signing_keys(pki.ca, people, settings=settings, folder=folder, monkeypatch=monkeypatch)
    try:
        return services.letter_sign_digital(letter=letter, actor=signer)
    finally:
        configured_trust.cache_clear()


def issue_letter_digitally(
    letter: Letter, *, pki, settings, folder: Path, monkeypatch, approver=None, clerk=None
) -> Letter:
    """The letter issued digitally (sign_digitally): the clerk fills its number and date and
    adds the agency's signature."""
    fixtures = {"pki": pki, "settings": settings, "folder": folder, "monkeypatch": monkeypatch}
    letter = sign_digitally(letter, approver=approver, **fixtures)
    try:
        letter = services.letter_issue_digital(
            letter=letter, actor=clerk or clerk_of(letter.agency)
        )
    finally:
        configured_trust.cache_clear()
    return Letter.objects.get(pk=letter.pk)
