"""Item 5 of issue #8, hostile strings in the back office: the intake form, the task forms with
text fields (what is missing, refusal reasons, competent agency, coordination notes, decision
content, costs, dates, the leader's comment) and the catalogue form; then the same strings in the
letters (the refusal notice, PDF text extracted) and in the e-mails (HTML part): text, never
markup. Seeded samples of at least 20 per field; all strings through the refusal reasons."""

import re
import unicodedata
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from notifications.models import Notification
from notifications.tasks import deliver
from requests_flow.limits import OFFICER_TEXT
from requests_flow.models import Letter
from tests.backoffice.support import Flow, intake_form, take_open, url
from tests.helpers import signed_in
from tests.letters.lifecycle import printed
from tests.portal.support import filed_online, staff_of, to_state

from .hostile_strings import (
    DANGEROUS,
    MARKUP,
    Tally,
    hostile_strings,
    judge,
    sample,
    unescaped,
)

pytestmark = pytest.mark.django_db

STRINGS = hostile_strings()
PER_FIELD = 20
INTAKE_FIELDS = ("requester_name", "requester_address", "id_number", "phone", "email",
                 "information_requested", "reason_purpose", "copies")  # fmt: skip
HANDLE_FIELDS = ("coordination_note", "summary", "reasons", "competent_agency", "copy_bw_a4",
                 "copy_colour_a4", "postage", "payment_due", "extension_days")  # fmt: skip
# node -> (who acts, fields typed, what leaves the form unfinished: the choice is missing).
TASK_FIELDS = {
    Flow.review: ("officer", ("missing_items", "reasons", "competent_agency")),
    Flow.handle: (
        "officer",
        (
            "coordination_note",
            "summary",
            "reasons",
            "competent_agency",
            "copy_bw_a4",
            "copy_colour_a4",
            "postage",
            "payment_due",
            "extension_days",
        ),
    ),
    Flow.approve: ("leader", ("comment",)),
    Flow.await_payment: ("officer", ("paid_on",)),
}
CATALOGUE_FIELDS = ("name", "number_symbol", "form", "download_address")


@pytest.fixture
def staff(agency, officer, head, leader):
    return staff_of(agency, officer, head, leader)


def report(tally: Tally, what: str, capsys) -> None:
    with capsys.disabled():
        print("\n" + tally.summary(what))
    assert tally.errors_500 == 0
    assert not tally.problems, "\n".join(tally.problems[:40])
    assert all(n >= PER_FIELD for n in tally.fields.values())


def test_intake_and_catalogue_forms(agency, staff, capsys):
    client, tally = signed_in(staff["officer"]), Tally()
    for field in INTAKE_FIELDS:
        for value in sample(STRINGS, PER_FIELD, f"intake-{field}"):
            data = {**intake_form(agency), field: value}
            response = client.post(reverse("informationrequest:start_intake:execute"), data)
            if judge(tally, f"intake.{field}", value, response):
                page = client.get(response["Location"], follow=True)
                if unescaped(value, page.content.decode()):
                    tally.problem(f"intake.{field}", value, "unescaped on the next page")
    public = reverse("portal:agency", args=[agency.short_name])
    base = {"agency": agency.pk, "name": "Quy hoạch", "form": "Trang web",
            "published_from": "01/01/2026"}  # fmt: skip
    for field in CATALOGUE_FIELDS:
        for value in sample(STRINGS, PER_FIELD, f"catalogue-{field}"):
            response = client.post(reverse("catalogue:publisheditem:add"), {**base, field: value})
            judge(tally, f"catalogue.{field}", value, response)
    page = client.get(public).content.decode()
    leaked = [v for v in STRINGS if unescaped(v, page)]
    assert not leaked, f"the public catalogue shows {leaked[:3]} unescaped"
    report(tally, "hostile strings, intake and catalogue forms", capsys)


def test_task_forms_keep_what_was_typed_escaped(agency, citizen, staff, capsys):
    """Each task form posted without its choice (decision, action): refused with a Vietnamese
    message, every hostile value typed shown back escaped, nothing recorded."""
    requests = {
        Flow.review: filed_online(agency, citizen),
        Flow.handle: to_state(filed_online(agency, citizen), staff, "in_progress"),
        Flow.approve: to_state(filed_online(agency, citizen), staff, "pending_approval"),
        Flow.await_payment: to_state(filed_online(agency, citizen), staff, "awaiting_payment"),
    }
    tally = Tally()
    for node, (who, fields) in TASK_FIELDS.items():
        client = signed_in(staff[who])
        task = take_open(client, requests[node], node)
        events = requests[node].events.count()
        for field in fields:
            for value in sample(STRINGS, PER_FIELD, f"{node.name}-{field}"):
                response = client.post(url(task, "execute"), {field: value})
                judge(tally, f"{node.name}.{field}", value, response)
        assert requests[node].events.count() == events
    report(tally, "hostile strings, back-office task forms", capsys)


def test_coordination_notes_are_stored_and_shown_as_text(agency, citizen, staff, capsys):
    info = to_state(filed_online(agency, citizen), staff, "in_progress")
    client, tally = signed_in(staff["officer"]), Tally()
    detail = reverse("informationrequest:process_detail", args=[info.process.pk])
    for value in sample(STRINGS, PER_FIELD, "note"):
        task = take_open(client, info, Flow.handle)
        data = {"action": "record", "coordination_note": value}
        answer = client.post(url(task, "execute"), data)
        accepted = judge(tally, "handle.coordination_note(record)", value, answer)
        if accepted and unescaped(value, client.get(detail).content.decode()):
            tally.problem("handle.coordination_note", value, "unescaped on the request page")
    report(tally, "hostile strings, coordination notes kept", capsys)


def plain(text: str) -> str:
    """What a reader of the PDF sees: NFC, no spaces, no invisible characters."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C")


def letter_text(pdf: bytes) -> str:
    """The letter's text as one line, without the page numbers drawn at the top of pages 2+
    (they would split a string that runs across a page break)."""
    pages = []
    for number, page in enumerate(PdfReader(BytesIO(pdf)).pages, start=1):
        text = plain(page.extract_text())
        if number > 1:
            text = text.removeprefix(str(number)) if text.startswith(str(number)) else text
            text = text.removesuffix(str(number))
        pages.append(text)
    return "".join(pages)


def fitting(strings, limit: int = OFFICER_TEXT) -> list[str]:
    """The shortest strings first, as many as one typed text may hold (requests_flow.limits)."""
    chosen, used = [], 0
    for text in sorted(strings, key=len):
        if used + len(text) + 1 > limit:
            break
        chosen.append(text)
        used += len(text) + 1
    return chosen


def test_refusal_letter_prints_every_string_as_text(agency, citizen, staff, capsys):
    """The strings with markup characters (but NUL, which every form refuses) in the refusal
    reasons, as many as its length limit holds, and a markup name for the requester: the letter
    renders, and its text shows each string literally."""
    name = "<b>Nguyễn</b> Thị <script>alert(1)</script> Hoa"
    info = filed_online(agency, citizen, requester_name=name)
    client = signed_in(staff["officer"])
    task = take_open(client, info, Flow.review)
    data = {"decision": "refuse", "grounds": ["a"], "competent_agency": MARKUP[0],
            "reasons": "\n".join(s for s in STRINGS if "\x00" not in s)}  # fmt: skip
    too_long = client.post(url(task, "execute"), data)  # 55,922 characters: over the limit
    assert too_long.status_code == 200 and "reasons" in too_long.context["form"].errors
    typed = fitting(s for s in STRINGS if "\x00" not in s and (DANGEROUS & set(s) or "&" in s))
    data["reasons"] = "\n".join(typed)
    assert client.post(url(task, "execute"), data).status_code == 302
    leader = signed_in(staff["leader"])
    approve = take_open(leader, info, Flow.approve)
    answer = leader.post(url(approve, "execute"), {"action": "approve", "comment": MARKUP[1]})
    assert answer.status_code == 302
    letter = Letter.objects.get(request=info, kind="refusal")  # approved with the refusal
    text = letter_text(printed(letter))  # as printed for the leader's signature
    markup = [s for s in typed if DANGEROUS & set(s) or "&" in s]
    missing = [s for s in markup if plain(s) not in text]
    assert plain(name) in text
    with capsys.disabled():
        print(f"\nrefusal letter: {len(typed)} strings typed, {len(markup)} with markup "
              f"characters, shown as text {len(markup) - len(missing)}")  # fmt: skip
    assert not missing, [(s, plain(s)) for s in missing[:5]]


def test_emails_carry_the_strings_escaped(agency, citizen, staff, capsys):
    """What the requester typed in a statement reaches the officers' e-mail; what the officer
    typed as missing items reaches the requester's: the HTML part escapes every string."""
    for user in (citizen, *staff.values()):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    provided = to_state(filed_online(agency, citizen), staff, "provided")
    waiting = filed_online(agency, citizen)
    citizen_client = signed_in(citizen)
    # What the forms accept: no NUL, not blank, within the statement's 5000 characters.
    kept = [s for s in STRINGS if "\x00" not in s and s.strip() and len(s) <= 5000]
    typed = sample(kept, PER_FIELD, "mail")
    for value in typed:
        statement = reverse("portal:statement", args=[provided.tracking_code, "complaint_recorded"])
        assert citizen_client.post(statement, {"text": value}).status_code == 302
    officer = signed_in(staff["officer"])
    task = take_open(officer, waiting, Flow.review)
    data = {"decision": "supplement", "missing_items": "\n".join(typed)}
    assert officer.post(url(task, "execute"), data).status_code == 302
    mail.outbox.clear()
    for note in Notification.objects.filter(emailed_at__isnull=True):
        deliver(note.pk)
    htmls = [body for m in mail.outbox for body, kind in m.alternatives if kind == "text/html"]
    assert htmls, "no e-mail sent"
    leaked = [v for v in typed for html in htmls if unescaped(v, html)]
    headers = [m.subject for m in mail.outbox if re.search(r"[\r\n]", m.subject)]
    with capsys.disabled():
        print(f"\ne-mails: {len(htmls)} HTML parts with {len(typed)} strings, unescaped 0")
    assert not leaked and not headers
