"""E-mails in the recipient's language: Vietnamese by default, English for a person who chose
English (on registering, or with the language switch while signed in). Both variants carry the
key facts — register number, decision, due date — in the text and the HTML part."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from notifications.models import Notification
from notifications.tasks import deliver_notification
from requests_flow import services
from tests.helpers import MONDAY_2026_03_02, file_online

PASSWORD = "Hoa-mat-khau-2026!"
# What each variant must say (the catalogue's Vietnamese, the source English).
WORDS = {
    "vi": {
        "dear": "Kính gửi",
        # The notice of the time limit, due 5/3 (Art. 30(4)): Form 03 is only drafted at the
        # deadline check and meets it once the clerk issues it (DOMAIN §7.1).
        "due": "Hạn gần nhất: 05/03/2026",
        "decision": "Đã từ chối cung cấp thông tin",
        "outcome": "Trạng thái: Từ chối",
    },
    "en": {
        "dear": "Dear",
        "due": "Next deadline: 05/03/2026",
        "decision": "The request was refused",
        "outcome": "State: Refused",
    },
}


def delivered(kind: str):
    note = Notification.objects.get(kind=kind, recipient__username="hoa")
    mail.outbox.clear()
    assert deliver_notification.call(note.pk) is True
    (message,) = mail.outbox
    return message, message.alternatives[0][0]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_citizen_gets_the_key_facts_in_their_language(
    language, agency, citizen, officer, head, leader
):
    citizen.email, citizen.language = "hoa@example.vn", language
    citizen.save()
    received = file_online(agency, citizen, MONDAY_2026_03_02)
    accepted = services.request_accept(request=received, actor=officer, now=MONDAY_2026_03_02)
    services.request_classify(
        request=services.request_assign(
            request=accepted, actor=head, officer=officer, now=MONDAY_2026_03_02
        ),
        actor=officer,
        complexity="complex",
        now=MONDAY_2026_03_02,
    )
    words, other = WORDS[language], WORDS["en" if language == "vi" else "vi"]
    message, html = delivered("classify")
    assert f'<html lang="{language}">' in html
    for part in (message.subject, message.body, html):
        assert "01/2026" in part  # the register number
    for part in (message.body, html):
        assert words["dear"] in part and other["dear"] not in part
        assert words["due"] in part  # the due date, in the reader's words

    services.request_submit_decision(
        request=received.__class__.objects.get(pk=received.pk),
        actor=officer,
        kind="refuse",
        grounds=["c"],
        reasons="Không thuộc trách nhiệm.",
        competent_agency="Sở Xây dựng",
        now=MONDAY_2026_03_02,
    )
    pending = received.__class__.objects.get(pk=received.pk)
    services.request_approve_refusal(request=pending, actor=leader, now=MONDAY_2026_03_02)
    message, html = delivered("approve")
    for part in (message.subject, message.body, html):
        assert "01/2026" in part and words["decision"] in part  # which decision was taken
    for part in (message.body, html):
        assert words["outcome"] in part  # the decision: the request is refused


@pytest.mark.django_db
def test_registering_in_english_and_switching_language_set_the_email_language(client):
    cache.clear()  # the registration rate limit
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(
        reverse("portal:register"),
        {
            "full_name": "Nguyễn Thị Hoa",
            "email": "hoa@example.vn",
            "website": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = get_user_model().objects.get(email="hoa@example.vn")
    assert user.language == "en"

    user.is_active = True
    user.save()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    user.refresh_from_db()
    assert user.language == "vi"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "vi", "an unknown language changes nothing"
