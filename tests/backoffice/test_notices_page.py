"""The back office's notifications page (issue #15): the header's "Notifications" link opened the
portal's page (no back-office menu) and the items about a new request were not links. Now staff
read them in the back office's layout, each linking to its request as of now."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.helpers import signed_in

from .support import process_of

pytestmark = pytest.mark.django_db
PAGE = reverse("notices:index")


def test_every_item_links_to_its_request_inside_the_back_office(submit, staff, citizen):
    request = submit()  # online: its "received" notification was written before the process
    officer = staff["officer"]
    received = Notification.objects.get(recipient=officer, request=request)
    assert received.url == reverse("informationrequest:queue")
    Notification.objects.filter(pk=received.pk).update(url="")  # as rows written before links
    client = signed_in(officer)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    detail = reverse("informationrequest:process_detail", args=[process_of(request).pk])
    assert f'<a href="{detail}"><strong>{received.title}</strong></a>' in page
    assert 'class="vf-page__menu' in page  # the back office's menu, not the portal's header
    assert f'href="{PAGE}"' in page  # the header's link comes here
    assert signed_in(citizen).get(PAGE).status_code == 403


def test_mark_all_read_returns_to_the_page_it_came_from_only(submit, staff):
    submit()
    client = signed_in(staff["officer"])
    mark = reverse("notifications:mark_all_read")
    response = client.post(mark, {"next": PAGE})
    assert response["Location"] == PAGE
    assert not Notification.objects.filter(recipient=staff["officer"], read_at=None).exists()
    elsewhere = client.post(mark, {"next": "https://example.com/"})
    assert elsewhere["Location"] == reverse("notifications:centre")
