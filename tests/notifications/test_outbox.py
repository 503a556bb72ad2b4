"""The outbox: notifications are written with the change that causes them, delivered once by the
task worker (e-mail with the key facts, text and HTML), and kept for the notification centre."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.models import Notification
from notifications.tasks import deliver_notification, retry_undelivered
from requests_flow import services
from requests_flow.choices import Role
from tests.helpers import MONDAY_2026_03_02, file_online, member
from tests.letters.lifecycle import issue_all


@pytest.fixture
def staffed(agency, citizen, officer, head, leader):
    """A request filed online once the agency's officers exist (they are told of it)."""
    citizen.email = "hoa@example.vn"
    citizen.save()
    for user, mail_address in (
        (officer, "minh@example.vn"),
        (head, "thu@example.vn"),
        (leader, "hung@example.vn"),
    ):
        user.email = mail_address
        user.save()
    return file_online(agency, citizen, MONDAY_2026_03_02)


def test_receiving_tells_the_agency_officers_and_gives_the_citizen_a_receipt(
    staffed, officer, head, citizen
):
    notes = Notification.objects.filter(request=staffed, kind="receive")
    # The citizen who filed is told too: the receipt by e-mail (issue #15.2).
    assert {n.recipient for n in notes} == {officer, head, citizen}
    assert all("01/2026" in n.title for n in notes)


def test_asking_for_completion_tells_the_citizen_exactly_what_to_add(staffed, officer):
    services.request_ask_supplement(
        request=staffed,
        actor=officer,
        now=MONDAY_2026_03_02,
        missing_items=["Số hiệu văn bản", "Ngày ban hành"],
    )
    note = Notification.objects.get(kind="ask_supplement")
    assert note.recipient == staffed.requester_user
    assert "- Số hiệu văn bản" in note.body and "- Ngày ban hành" in note.body
    assert note.url == reverse("portal:detail", args=[staffed.tracking_code])


def test_a_rolled_back_change_leaves_no_notification(staffed, officer):
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_accept(request=staffed, actor=officer, now=MONDAY_2026_03_02)
        raise RuntimeError("the rest of the step failed")
    assert Notification.objects.count() == before


def test_the_email_carries_the_key_facts_in_text_and_html_and_goes_once(staffed, officer, head):
    accepted = services.request_accept(request=staffed, actor=officer, now=MONDAY_2026_03_02)
    assigned = services.request_assign(
        request=accepted, actor=head, officer=officer, now=MONDAY_2026_03_02
    )
    services.request_classify(
        request=assigned, actor=officer, complexity="complex", now=MONDAY_2026_03_02
    )
    note = Notification.objects.get(kind="classify")
    mail.outbox.clear()
    assert deliver_notification.call(note.pk) is True
    assert deliver_notification.call(note.pk) is False  # idempotent by notification id
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "01/2026" in text
        # The next deadline is the notice of the time limit (due 5/3, Art. 30(4)): Form 03 is
        # drafted at the deadline check and meets it only once the clerk issues it; it has no
        # number to name until then.
        assert "05/03/2026" in text and "PGQ-STP" not in text
    assert message.to == ["hoa@example.vn"]
    note.refresh_from_db()
    assert note.emailed_at is not None and note.attempts == 1

    # Issued by the clerk, Form 03 meets the notice: the citizen's "letter issued" e-mail names
    # provision (23/3) as the next deadline.
    letters = issue_all(assigned, now=MONDAY_2026_03_02 + timedelta(days=1))
    assert [letter.kind for letter in letters] == ["receipt", "resolution"]
    issued = Notification.objects.get(
        kind="letter_issue", recipient__username="hoa", event__data__kind="resolution"
    )
    mail.outbox.clear()
    assert deliver_notification.call(issued.pk) is True
    (message,) = mail.outbox
    for text in (message.body, message.alternatives[0][0]):
        assert "23/03/2026" in text and "05/03/2026" not in text


def test_a_decision_reaches_the_citizen_and_the_officer(staffed, officer, head, leader):
    services.request_submit_decision(
        request=staffed,
        actor=officer,
        kind="refuse",
        grounds=["c"],
        reasons="Không thuộc trách nhiệm.",
        competent_agency="Sở Xây dựng",
        now=MONDAY_2026_03_02,
    )
    assert Notification.objects.get(kind="submit_decision").recipient == leader
    pending = staffed.__class__.objects.get(pk=staffed.pk)
    services.request_approve_refusal(request=pending, actor=leader, now=MONDAY_2026_03_02)
    told = set(Notification.objects.filter(kind="approve").values_list("recipient", flat=True))
    assert staffed.requester_user_id in told


def test_undelivered_mail_is_queued_again_by_the_sweep(staffed, officer, time_machine):
    note = Notification.objects.filter(kind="receive").first()
    time_machine.move_to("2099-01-01")
    assert retry_undelivered() >= 1
    note.refresh_from_db()
    assert note.emailed_at is None  # queued, to be sent by the worker


def test_failed_sends_are_retried_with_growing_waits_then_given_up(staffed):
    """After attempt n the e-mail waits lease x 2^(n-1) (5, 10, 20, 40 minutes); after five
    attempts it is left to the notification centre."""
    note = Notification.objects.filter(kind="receive").first()
    others = Notification.objects.exclude(pk=note.pk)
    others.update(emailed_at=MONDAY_2026_03_02)  # only this one is waiting
    due_after = {1: 5, 2: 10, 3: 20, 4: 40}
    tried = 0
    for attempt, minutes in due_after.items():
        Notification.objects.filter(pk=note.pk).update(
            attempts=attempt, email_claimed_at=MONDAY_2026_03_02
        )
        early = MONDAY_2026_03_02 + timedelta(minutes=minutes - 1)
        late = MONDAY_2026_03_02 + timedelta(minutes=minutes + 1)
        assert retry_undelivered(now=early) == 0, f"attempt {attempt} retried too soon"
        assert retry_undelivered(now=late) == 1, f"attempt {attempt} not retried"
        tried += 2
    Notification.objects.filter(pk=note.pk).update(attempts=5)
    assert retry_undelivered(now=MONDAY_2026_03_02 + timedelta(days=30)) == 0
    print(f"backoff: tried {tried + 1} moments, retried at 5/10/20/40 min, given up after 5")


def test_the_notification_centre_lists_only_ones_own(
    client, staffed, officer, head, django_user_model
):
    other = member(
        django_user_model.objects.create_user(username="x", full_name="X"),
        staffed.agency,
        Role.SUPERVISOR,
    )
    client.force_login(officer)
    page = client.get(reverse("notifications:centre")).content.decode()
    assert "01/2026" in page
    client.force_login(other)
    assert "01/2026" not in client.get(reverse("notifications:centre")).content.decode()
    client.force_login(officer)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
