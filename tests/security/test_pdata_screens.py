"""ID numbers on screens (DOMAIN §8): masked everywhere — portal pages, back-office lists, the
request page, every task page on the way to provision, the register and its export — except
the validity review, the one page where the officer compares them with the documents and sees
earlier requests with the same number (found through the keyed hash)."""

import pytest
import time_machine
from django.urls import get_resolver, reverse

from requests_flow.choices import Complexity
from requests_flow.services import MemberData
from tests.backoffice.conftest import START
from tests.backoffice.support import NS, Desk, Flow, reload, take_open, url
from tests.helpers import signed_in
from tests.portal.support import filed_online, staff_of

from .pdata_support import id_variants

pytestmark = pytest.mark.django_db

REQUESTER_ID = "079190004321"
MEMBER_ID = "125678943"
MEMBERS = (
    MemberData(
        full_name="Giàng Thị Mỷ",
        id_document_type="cmnd",
        id_number="125 678 943",
        reason_purpose="Kiểm tra hỗ trợ nhà ở",
    ),
)


def shows_full_id(html: str) -> bool:
    return any(v in html for n in (REQUESTER_ID, MEMBER_ID) for v in id_variants(n))


def page(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return b"".join(response).decode() if response.streaming else response.content.decode()


def task_pages(desk: Desk, request) -> dict[str, str]:
    """Each task page on the way to provision, seen by whoever acts on it, before acting."""
    pages = {}
    for who, node, data in (
        ("head", Flow.assign, {"officer": desk.staff["officer"].pk}),
        ("officer", Flow.check_deadline, {"complexity": Complexity.SIMPLE}),
    ):
        task = take_open(desk.clients[who], request, node)
        pages[node.name] = desk.clients[who].get(url(task, "execute")).content.decode()
        desk.act(who, request, node, **data)
    task = take_open(desk.clients["officer"], request, Flow.handle)
    pages["handle"] = desk.clients["officer"].get(url(task, "execute")).content.decode()
    desk.provide(request)
    return pages


def other_pages(officer_client, citizen_client, request) -> dict[str, str]:
    """The request's page, the lists and the register (officer); the portal's pages (citizen)."""
    pages = {}
    for name, address in {
        "request page": reverse(f"{NS}:process_detail", args=[request.process.pk]),
        "inbox": reverse(f"{NS}:inbox"),
        "archive": reverse(f"{NS}:archive"),
        "register": reverse("records:register:index"),
        "register CSV": reverse("records:register:export", args=["csv"]),
        "outgoing register": reverse("records:outgoing:index"),
        "outgoing register CSV": reverse("records:outgoing:export", args=["csv"]),
    }.items():
        pages[name] = page(officer_client, address)
    for name, address in {
        "portal detail": reverse("portal:detail", args=[request.tracking_code]),
        "my requests": reverse("portal:my_requests"),
        "receipt page": reverse("portal:received", args=[request.tracking_code]),
    }.items():
        pages[name] = page(citizen_client, address)
    return pages


def test_the_full_id_number_shows_only_on_the_validity_review(
    agency, citizen, officer, head, leader
):
    get_resolver().url_patterns  # noqa: B018 - viewflow names its nodes' URLs on first build
    with time_machine.travel(START, tick=True):
        desk = Desk(staff_of(agency, officer, head, leader))
        earlier = filed_online(agency, citizen, id_number="079 190 004 321")
        request = filed_online(
            agency,
            citizen,
            id_number=REQUESTER_ID,
            requester_kind="organisation",
            organisation_name="Hội Nông dân xã Mèo Vạc",
            members=MEMBERS,
        )
        review = take_open(desk.clients["officer"], request, Flow.review)
        review_page = desk.clients["officer"].get(url(review, "execute")).content.decode()
        desk.act("officer", request, Flow.review, decision="accept")
        pages = task_pages(desk, request)
        pages.update(other_pages(desk.clients["officer"], signed_in(citizen), reload(request)))
    assert REQUESTER_ID in review_page and MEMBER_ID in review_page
    assert reload(earlier).register_number in review_page.split('id="identity-check"')[1]
    leaking = [name for name, html in pages.items() if shows_full_id(html)]
    print(f"ID numbers on screens: {len(pages) + 1} pages, full on 1, masked on {len(pages)}")
    assert leaking == []
    assert reload(request).masked_id_number in pages["request page"]
