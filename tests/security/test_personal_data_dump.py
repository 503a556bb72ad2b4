"""Dump search (issue #8 item 6, DOMAIN §8): representative flows run through the portal and the
back office — online submissions with an ID image and a consent document that both carry the ID
number, an organisation's members typed and uploaded as CSV, a walk-in entered by the officer, a
supplement loop, a provision and a refusal with their letters rendered by the task worker, the
notifications e-mailed — with every logger at DEBUG and SQL logging on. Then the database dump,
every file under MEDIA_ROOT, every log record and every e-mail are searched for the fixture ID
numbers in clear, with and without separators: zero hits."""

import logging

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import get_resolver, reverse

from requests_flow.choices import Complexity
from requests_flow.models import InformationRequest, RequestAttachment
from tests.backoffice.conftest import START
from tests.backoffice.support import NS, Desk, Flow, intake_form, reload
from tests.helpers import signed_in
from tests.letters.lifecycle import issue_letter_digitally, on_the_way
from tests.portal.support import PDF, form_data, jpeg_bytes, staff_of, upload

from .pdata_support import database_dump, email_texts, log_texts, media_texts, search

pytestmark = pytest.mark.django_db(transaction=True)

ID_ONLINE = "079190004321"  # CCCD, typed with spaces
ID_ORGANISATION = "038085007788"  # the organisation's representative
ID_MEMBER_TYPED = "031188005678"
ID_MEMBER_CMND = "125678943"  # old 9-digit card, from the CSV
ID_MEMBER_PASSPORT = "B7654321"  # from the CSV
ID_WALK_IN = "036095001122"  # entered by the officer
FIXTURE_IDS = (
    ID_ONLINE,
    ID_ORGANISATION,
    ID_MEMBER_TYPED,
    ID_MEMBER_CMND,
    ID_MEMBER_PASSPORT,
    ID_WALK_IN,
)
# An ID image whose JPEG comment holds the number (as phone scanners write it), and a consent
# document (Form 06) that names it: the bytes on disk must not.
ID_IMAGE = jpeg_bytes(comment=b"CCCD 079190004321")
CONSENT = PDF.replace(b"%%EOF", b"% Nguoi dong y: CCCD 079190004321\n%%EOF")
MEMBERS_CSV = (
    f"Giàng Thị Mỷ,cmnd,{ID_MEMBER_CMND},Kiểm tra hỗ trợ nhà ở\r\n"
    f"Lò Văn Pọm,passport,{ID_MEMBER_PASSPORT},Kiểm tra quyền lợi\r\n"
).encode("utf-8-sig")


def spaced(number: str) -> str:
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))


def submit_online(client, agency) -> tuple[InformationRequest, InformationRequest]:
    """A conditional request with an ID image and a consent document, then an organisation's."""
    individual = form_data(
        agency,
        token="dump-1",
        id_number=spaced(ID_ONLINE),
        conditional_information="on",
        attachments=[
            upload(f"cccd-{ID_ONLINE}.jpg", ID_IMAGE, "image/jpeg"),
            upload("dong-y-mau-06.pdf", CONSENT),
        ],
    )
    organisation = form_data(
        agency,
        token="dump-2",
        id_number=ID_ORGANISATION,
        requester_kind="organisation",
        organisation_name="Hội Nông dân xã Mèo Vạc",
        members_text=f"Vàng Seo Dìn; cccd; {spaced(ID_MEMBER_TYPED)}; Kiểm tra quyền lợi",
        members_csv=upload("thanh-vien.csv", MEMBERS_CSV, "text/csv"),
    )
    for data in (individual, organisation):
        assert client.post(reverse("portal:submit"), data).status_code == 302
    first, second = InformationRequest.objects.order_by("id")
    return first, second


def walk_in(officer_client, agency) -> InformationRequest:
    data = {**intake_form(agency), "id_number": spaced(ID_WALK_IN)}
    response = officer_client.post(reverse(f"{NS}:start_intake:execute"), data)
    assert response.status_code == 302
    return InformationRequest.objects.latest("id")


def decide(desk: Desk, citizen_client, provided, refused, completed) -> None:
    """Provision, refusal and a supplement loop, through the pages."""
    review_page = desk.clients["officer"]
    desk.to_handling(provided, Complexity.SIMPLE)
    desk.provide(provided)
    desk.act(
        "officer",
        refused,
        Flow.review,
        decision="refuse",
        grounds=["d"],
        reasons="Đã cung cấp hai lần.",
    )
    desk.act("leader", refused, Flow.approve, action="approve")
    desk.act("officer", completed, Flow.review, decision="supplement", missing_items="Số hiệu")
    assert review_page.get(reverse("portal:lookup")).status_code == 200
    assert (
        citizen_client.post(
            reverse("portal:lookup"),
            {"tracking_code": reload(provided).tracking_code, "id_last4": ID_ONLINE[-4:]},
        ).status_code
        == 200
    )


def every_logger_at_debug(caplog) -> None:
    """Root and every named logger (Django's own sit at INFO otherwise); restored afterwards."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def test_no_id_number_in_clear_in_database_files_logs_or_emails(
    agency, citizen, officer, head, leader, settings, tmp_path, caplog, pki, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    get_resolver().url_patterns  # noqa: B018 - viewflow names its nodes' URLs on first build
    every_logger_at_debug(caplog)
    connection.force_debug_cursor = True  # every SQL statement and its parameters are logged
    try:
        with time_machine.travel(START, tick=True):
            desk = Desk(staff_of(agency, officer, head, leader))
            citizen_client = signed_in(citizen)
            individual, organisation = submit_online(citizen_client, agency)
            office = walk_in(desk.clients["officer"], agency)
            decide(desk, citizen_client, individual, organisation, office)
        # Every letter issued digitally (its PDF drawn with the requester's name and address),
        # at the real time: the demo CA's certificates are in force now.
        (tmp_path / "keys").mkdir()
        keys = {"settings": settings, "folder": tmp_path / "keys", "monkeypatch": monkeypatch}
        for info in (individual, organisation, office):
            for letter in on_the_way(info):
                issue_letter_digitally(letter, pki=pki, **keys)
        call_command("db_worker", batch=True, startup_delay=False, reload=False)
    finally:
        connection.force_debug_cursor = False

    assert reload(individual).state == "provided" and reload(organisation).state == "refused"
    assert RequestAttachment.objects.count() == 2 and organisation.members.count() == 3
    assert reload(office).letters.exclude(file="").exists()
    places = {"database dump": database_dump()}
    places.update(media_texts())
    places.update({f"e-mail {i}": t for i, t in enumerate(email_texts())})
    places.update({f"log {i}": t for i, t in enumerate(log_texts(caplog.records))})
    hits = search(places, FIXTURE_IDS)
    print(f"searched {len(places)} places for {len(FIXTURE_IDS)} ID numbers: {len(hits)} hits")
    assert len(places) > 100, "the flows produced logs, files and e-mails to search"
    assert hits == [], "\n".join(f"{number} in {place}" for place, number in hits)
