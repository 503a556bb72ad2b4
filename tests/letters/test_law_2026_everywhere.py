"""A request valid under the 2026 law shows nothing of Law 104 anywhere (issue #14 acceptance):
its letters read by pdftotext, the citizen's page, the officer's page and every e-mail it caused
carry no "2016" and no article of the access-to-information law (the Civil Code's stays)."""

import subprocess
import tempfile

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.tasks import deliver_notification
from requests_flow import services, workflow
from requests_flow.choices import Channel, DecisionKind
from requests_flow.models import Letter
from tests.helpers import request_data, signed_in
from tests.letters.lifecycle import clerk_of, issue_all, printed

from .test_law_2026_letters import articles_of_the_access_law, sep

pytestmark = pytest.mark.django_db


def pdftotext(letter: Letter) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(printed(letter))  # as its reader sees it at its step
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        )
    return " ".join(out.stdout.split())


def assert_no_law_104(where: str, text: str) -> None:
    assert "2016" not in text and "104/" not in text, (where, text)
    assert not articles_of_the_access_law(text), (where, articles_of_the_access_law(text))


def refused_in_september(agency, citizen, officer, head, leader, time_machine):
    """Filed on the portal on 2/9/2026 (its process started), complex, then refused."""
    time_machine.move_to(sep(2, 9))
    info = workflow.submit_request(
        agency=agency,
        data=request_data(),
        channel=Channel.ELECTRONIC,
        actor=citizen,
        requester_user=citizen,
    )
    info = services.request_accept(request=info, actor=officer, now=sep(2, 10))
    info = services.request_assign(request=info, actor=head, officer=officer, now=sep(2, 11))
    info = services.request_classify(
        request=info, actor=officer, complexity="complex", now=sep(2, 12)
    )
    info = services.request_submit_decision(
        request=info,
        actor=officer,
        kind=DecisionKind.REFUSE,
        grounds=["b"],
        published_where="Cổng thông tin điện tử tỉnh Tuyên Quang",
        reasons="Thông tin đã được công khai trên cổng thông tin của tỉnh.",
        now=sep(3, 9),
    )
    return services.request_approve_refusal(request=info, actor=leader, now=sep(3, 10))


def test_letters_pages_and_emails_of_a_2026_request_cite_nothing_of_law_104(
    agency, citizen, officer, head, leader, time_machine
):
    for person in (citizen, officer, head, leader, clerk_of(agency)):
        person.email = f"{person.username}@example.vn"
        person.save()
    info = refused_in_september(agency, citizen, officer, head, leader, time_machine)
    issue_all(info, now=sep(3, 11))  # the citizen is told of each letter issued

    kinds = []
    for letter in Letter.objects.filter(request=info).order_by("number"):
        kinds.append(letter.kind)
        assert_no_law_104(letter.kind, pdftotext(letter))
    assert kinds == ["receipt", "resolution", "refusal"]

    citizen_page = signed_in(citizen).get(f"/yeu-cau-cua-toi/{info.tracking_code}/")
    assert citizen_page.status_code == 200
    assert_no_law_104("citizen's page", citizen_page.content.decode())
    officer_page = signed_in(officer).get(f"/backoffice/informationrequest/{info.process.pk}/")
    assert officer_page.status_code == 200
    assert_no_law_104("officer's page", officer_page.content.decode())

    notes = Notification.objects.filter(request=info)
    assert notes.count() >= 5
    mail.outbox.clear()
    for note in notes:
        deliver_notification.call(note.pk)
    assert len(mail.outbox) == notes.count()
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert_no_law_104(message.subject, f"{message.subject} {message.body} {html}")


def test_the_check_finds_law_104_in_a_request_valid_before_september(
    agency, citizen, officer, head, leader, time_machine
):
    """The control: the same path under Law 104 (valid 2/3/2026) prints its articles."""
    time_machine.move_to(sep(2, 9).replace(month=3))
    info = workflow.submit_request(
        agency=agency,
        data=request_data(),
        channel=Channel.ELECTRONIC,
        actor=citizen,
        requester_user=citizen,
    )
    receipt_text = pdftotext(Letter.objects.get(request=info, kind="receipt"))
    with pytest.raises(AssertionError):
        assert_no_law_104("receipt under Law 104", receipt_text)
