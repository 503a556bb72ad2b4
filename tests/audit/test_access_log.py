"""Officer views of a citizen's personal data and every file download are in the access log
(issue #8 item 7): exactly one row per page or download, saying who (user, or the one-time code),
which request and person (a keyed reference, never the ID number), what, when, from where. A
refused access (404) writes no row: nothing was seen, and the refusal is in the server log."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from portal import services as portal_services
from requests_flow.crypto import id_number_hash
from requests_flow.flows import InformationRequestFlow as Flow
from tests.backoffice.support import open_task, reload, url
from tests.helpers import CITIZEN_ID, signed_in
from tests.letters.lifecycle import issue_letter
from tests.portal.support import PDF, filed_online, to_state, walk_in

pytestmark = pytest.mark.django_db
PROXY = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5"}


@pytest.fixture
def provided(agency, citizen, staff):
    """The citizen's provided request with its file, its issued cover letter, an attachment."""
    info = to_state(filed_online(agency, citizen), staff, "provided")
    portal_services.save_attachments(
        info, [("don.pdf", "application/pdf", PDF)], kind="other", user=citizen
    )
    issue_letter(info.letters.get(kind="cover"))
    return reload(info)


def only_new_row(before: int, response, status: int = 200) -> AccessEvent:
    assert response.status_code == status
    rows = list(AccessEvent.objects.order_by("id")[before:])
    assert len(rows) == 1, rows
    return rows[0]


def downloads_of(info) -> dict[str, str]:
    return {
        "response_file": reverse("portal:provided_file", args=[info.files.get().pk]),
        "attachment": reverse("portal:attachment", args=[info.attachments.get().pk]),
        "letter": reverse("portal:letter", args=[info.letters.get(kind="cover").pk]),
    }


@pytest.mark.usefixtures("behind_one_proxy")
def test_each_download_writes_one_row_and_a_refused_one_none(provided, citizen, as_other):
    owner, tried = signed_in(citizen), 0
    for kind, address in downloads_of(provided).items():
        before = AccessEvent.objects.count()
        assert as_other.get(address).status_code == 404
        assert Client().get(address).status_code == 404
        assert AccessEvent.objects.count() == before, f"refused {kind} logged"
        row = only_new_row(before, owner.get(address, **PROXY))
        tried += 1
        assert (row.user, row.action, row.object_kind) == (citizen, "download", kind)
        assert row.request == provided and row.access_code_id is None
        assert row.person_ref == id_number_hash(provided.id_number) and len(row.person_ref) == 64
        assert row.client_address == "203.0.113.5"  # the entry the proxy wrote
    print(f"downloads tried {tried}, logged {AccessEvent.objects.count()}, refusals logged 0")
    assert AccessEvent.objects.count() == tried


def test_officer_views_of_the_request_page_and_task_pages_are_logged(
    agency, staff, foreign_staff, foreign_officer
):
    info = walk_in(agency, staff["officer"])
    officer = signed_in(staff["officer"])
    detail = reverse("informationrequest:process_detail", args=[reload(info).process.pk])
    assert signed_in(foreign_officer).get(detail).status_code == 404
    assert not AccessEvent.objects.exists()
    row = only_new_row(0, officer.get(detail))
    assert (row.user, row.action, row.object_kind, row.request) == (
        staff["officer"],
        "view",
        "request",
        info,
    )
    task = open_task(info, Flow.review)
    officer.post(url(task, "assign"))
    row = only_new_row(1, officer.get(url(task, "execute")))
    assert (row.action, row.object_kind, row.object_id, row.request) == (
        "view",
        "task",
        task.pk,
        info,
    )


def test_a_one_time_code_is_logged_when_issued_opened_and_used(agency, staff):
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    issue = reverse("informationrequest:access_code", args=[reload(info).process.pk])
    issued = signed_in(staff["officer"]).post(issue)
    row = only_new_row(0, issued)
    assert (row.user, row.object_kind, row.request) == (staff["officer"], "access_code_issue", info)

    browser = Client()
    opened = browser.post(reverse("portal:access_code"), {"code": issued.context["code"]})
    row = only_new_row(1, opened)
    code_id = info.access_codes.get().pk
    assert (row.user, row.access_code_id, row.action, row.request) == (None, code_id, "view", info)
    row = only_new_row(2, browser.get(reverse("portal:provided_file", args=[info.files.get().pk])))
    assert (row.user, row.access_code_id, row.action) == (None, code_id, "download")
    wrong = Client().post(reverse("portal:access_code"), {"code": "WRONGCODE234"})
    assert wrong.status_code == 200 and AccessEvent.objects.count() == 3


def test_the_register_its_exports_and_the_report_are_logged_with_the_requests_they_show(
    agency, staff
):
    infos = [walk_in(agency, staff["officer"]) for _ in range(2)]
    officer = signed_in(staff["officer"])
    day = timezone.localdate(infos[0].received_at).isoformat()
    query = f"?agency={agency.pk}&date_from={day}&date_to={day}"
    export = officer.get(reverse("records:register:export", args=["csv"]) + query)
    row = only_new_row(0, export)
    assert (row.action, row.object_kind, row.request) == ("download", "register_csv", None)
    assert sorted(row.data["request_ids"]) == sorted(i.pk for i in infos)
    assert row.data["date_from"] == day
    report = officer.post(
        reverse("records:report:export", args=["xlsx"]),
        {"agency": agency.pk, "date_from": day, "date_to": day},
    )
    row = only_new_row(1, report)
    assert row.object_kind == "report_xlsx" and "request_ids" not in row.data
    page = officer.get(reverse("records:register:index") + query)
    row = only_new_row(2, page)
    assert (row.action, row.object_kind) == ("view", "register_page")
    assert sorted(row.data["request_ids"]) == sorted(i.pk for i in infos)


def test_the_log_never_holds_the_id_number(provided, citizen):
    signed_in(citizen).get(downloads_of(provided)["letter"])
    stored = [str(v) for v in AccessEvent.objects.values_list() for v in v]
    assert stored and not [v for v in stored if CITIZEN_ID in v or CITIZEN_ID[-4:] in v]
