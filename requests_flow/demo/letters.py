"""The demo's letters at every step of their life (DOMAIN §7.1), taken through the services as
the people would: the approver the rule set names approves and signs (digitally with a demo key,
else on paper), the clerk numbers and issues. Some stop half-way so that each role finds work:
a receipt draft for the head (the request "received"), a resolution slip the head approved and
must still sign, a letter signed on paper waiting for its number, a numbered one waiting for its
scan, a digitally signed cover letter waiting for the clerk's digital issue. The refusal is
issued digitally, so the citizen's demo has a letter that /xac-thuc/ verifies."""

import dataclasses
import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from .. import services
from ..letters.layout import render
from ..models import Letter, LetterKind, LetterStatus
from ..services.letter_issue import agency_key, approver_key
from ..services.letter_life import approver_role
from ..tasks import letter_data_from, verification_url

# (request tag, letter kind, the status it is left in); every letter of that kind of the request.
PLAN = [
    ("needs-supplement", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("needs-supplement", LetterKind.SUPPLEMENT, LetterStatus.SIGNED),
    ("accepted", LetterKind.RECEIPT, LetterStatus.NUMBERED),
    ("assigned", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("in-progress", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("in-progress", LetterKind.RESOLUTION, LetterStatus.APPROVED),
    ("awaiting-payment", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("awaiting-payment", LetterKind.RESOLUTION, LetterStatus.ISSUED),
    ("pending-approval", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("provided", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("provided", LetterKind.COVER, LetterStatus.SIGNED),
    ("refused", LetterKind.RECEIPT, LetterStatus.ISSUED),
    ("refused", LetterKind.REFUSAL, LetterStatus.ISSUED),
    # None for "withdrawn": its withdrawal cancelled its receipt, which nobody had signed yet.
]
ORDER = [LetterStatus.APPROVED, LetterStatus.SIGNED, LetterStatus.NUMBERED, LetterStatus.ISSUED]


def scan_of(letter: Letter) -> SimpleUploadedFile:
    """What the clerk's scanner would give for the numbered paper: here the letter drawn with its
    number and date (the demo has no paper to scan). Its page text is written plainly: reportlab's
    ASCII85 text contains "/JS" by chance about once in seventy letters, and the upload check,
    which searches a PDF's bytes for active content, would then refuse the scan."""
    data = dataclasses.replace(
        letter_data_from(letter.content),
        verification_url=verification_url(letter.verification_code),
        verification_code=letter.verification_code,
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render(data))))
    for page in writer.pages:
        page.replace_contents(page.get_contents())
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("ban-quet.pdf", out.getvalue(), content_type="application/pdf")


def _approver(letter: Letter, users: dict):
    if letter.approved_by_id:
        return letter.approved_by
    return users["truongbophan" if approver_role(letter) == "focal_head" else "lanhdao"]


def advance(letter: Letter, goal: str, users: dict, at) -> Letter:
    """Take the letter to `goal`, one step a minute from `at`; the number is always taken at
    `at` + 2 minutes, so letters advanced in the order of their `at` are numbered in date order."""
    approver, clerk = _approver(letter, users), users["vanthu"]
    if letter.status == LetterStatus.DRAFT:
        letter = services.letter_approve(letter=letter, actor=approver, now=at)
    if ORDER.index(goal) < ORDER.index(LetterStatus.SIGNED):
        return letter
    digital = approver_key(approver) is not None and agency_key(letter.agency) is not None
    sign = services.letter_sign_digital if digital else services.letter_sign_paper
    letter = sign(letter=letter, actor=approver, now=at + timedelta(minutes=1))
    number_at = at + timedelta(minutes=2)
    if goal == LetterStatus.SIGNED:
        return letter
    if digital:
        return services.letter_issue_digital(letter=letter, actor=clerk, now=number_at)
    letter = services.letter_register_paper(letter=letter, actor=clerk, now=number_at)
    if goal == LetterStatus.NUMBERED:
        return letter
    return services.letter_attach_scan(
        letter=letter, actor=clerk, scan=scan_of(letter), now=number_at + timedelta(minutes=1)
    )


def seed_letters(requests: dict, users: dict) -> None:
    """Advance the letters of the demo requests just created (`requests`: tag -> request), in
    the order they were drafted or approved, twenty minutes after."""
    work = []
    for tag, kind, goal in PLAN:
        if tag not in requests:
            continue
        for letter in requests[tag].letters.filter(kind=kind).order_by("pk"):
            at = (letter.approved_at or letter.drafted_at) + timedelta(minutes=20)
            work.append((at, letter.pk, goal))
    for at, pk, goal in sorted(work):
        advance(Letter.objects.select_related("agency").get(pk=pk), goal, users, at)
