"""Vietnamese whatever the browser says; English only through the switch (issue #15.8)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_browser_set_to_english_gets_the_vietnamese_site(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
    assert '<html lang="vi"' in page.content.decode()


def test_the_switch_gives_english_and_back(client):
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert client.get("/")["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"


def test_a_signed_in_person_keeps_the_language_of_their_account(client, django_user_model):
    user = django_user_model.objects.create_user(username="hoa", password="x", language="en")
    client.force_login(user)
    assert client.get("/")["Content-Language"] == "en"
