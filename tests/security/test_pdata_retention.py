"""Retention (issue #8 item 6, DOMAIN §8): `manage.py anonymise_expired` erases the personal data of
requests closed longer ago than TIEPCAN_RETENTION_YEARS — identity, contact, the person
represented, the members, the files they sent, the names in the letters — and keeps what the
statistics count: the report of Decree 13 Art. 12 and the public statistics are equal before and
after. Open requests and recently closed ones are untouched; a second run does nothing."""

import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from portal import services as portal_services
from portal.selectors_public import request_statistics
from requests_flow import services
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest, RequestAttachment, RequestEvent
from requests_flow.register.report import report_figures
from requests_flow.register.scope import Period
from tests.backoffice.support import advance, reload
from tests.helpers import request_data
from tests.letters.lifecycle import issue_all
from tests.portal.support import JPEG, PDF, staff_of, walk_in

pytestmark = pytest.mark.django_db(transaction=True)  # the task worker commits

OLD = datetime(2019, 3, 4, 9, 0, tzinfo=LOCAL_TZ)  # Monday; closed 7 years before "today"
RECENT = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
TODAY = datetime(2026, 11, 27, 10, 0, tzinfo=LOCAL_TZ)  # cut-off (5 years): 27/11/2021
MEMBERS = (
    services.MemberData(
        full_name="Giàng Thị Mỷ",
        id_document_type="cmnd",
        id_number="125678943",
        reason_purpose="Kiểm tra hỗ trợ nhà ở",
    ),
)


def online(agency, citizen, token: str, **data) -> InformationRequest:
    """Filed on the portal with an ID image and a consent document (Form 06)."""
    files = [("cccd.jpg", "image/jpeg", JPEG), ("dong-y.pdf", "application/pdf", PDF)]
    request, _new = portal_services.request_submit_online(
        token=token,
        agency=agency,
        data=request_data(conditional_information=True, **data),
        user=citizen,
        files=files,
    )
    return request


def build(agency, citizen, staff) -> dict[str, InformationRequest]:
    with time_machine.travel(OLD, tick=True):
        old_provided = advance(online(agency, citizen, "t1"), staff, "accept", "assign")
        old_provided = advance(old_provided, staff, "classify", "submit_provide", "approve")
        old_withdrawn = services.request_withdraw(
            request=walk_in(
                agency,
                staff["officer"],
                requester_kind="organisation",
                organisation_name="Hội Nông dân xã Mèo Vạc",
                members=MEMBERS,
            ),
            actor=staff["officer"],
        )
        old_open = advance(online(agency, citizen, "t2"), staff, "accept", "assign")
        for info in (old_provided, old_withdrawn, old_open):
            issue_all(info)  # the clerk's files of the letters, kept until the requests expire
    with time_machine.travel(RECENT, tick=True):
        recent = advance(online(agency, citizen, "t3"), staff, "accept", "assign", "classify")
        recent = advance(recent, staff, "submit_provide", "approve")
        issue_all(recent)
    call_command("db_worker", batch=True, startup_delay=False, reload=False)  # letters' PDFs
    return {
        "old_provided": old_provided,
        "old_withdrawn": old_withdrawn,
        "old_open": old_open,
        "recent": recent,
    }


def statistics(agency) -> list:
    return [
        report_figures(
            agency, Period(datetime(y, 1, 1).date(), datetime(y, 12, 31).date()), today=TODAY.date()
        )
        for y in (2019, 2026)
    ] + [request_statistics(agency, y) for y in (2019, 2026)]


def snapshot(request) -> dict:
    """Everything personal about a request, as the application reads it, and its files."""
    request = reload(request)
    files = [Path(a.file.path) for a in RequestAttachment.objects.filter(request=request) if a.file]
    files += [Path(letter.file.path) for letter in request.letters.all() if letter.file]
    return {
        "fields": [getattr(request, f) for f in services.retention.PERSONAL_FIELDS],
        "hash": request.id_number_hash,
        "user": request.requester_user_id,
        "members": list(request.members.values_list("full_name", "id_number_hash")),
        "attachment_names": [a.name for a in request.attachments.all()],
        "files": files,
        "letters": [str(letter.content) for letter in request.letters.all()],
    }


def run(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("anonymise_expired", *args, stdout=out)
    return out.getvalue().strip()


def assert_erased(before: dict, request) -> None:
    after = snapshot(request)
    assert all(value == "" for value in after["fields"]) and after["hash"] == ""
    assert after["user"] is None and after["files"] == []
    assert all(name == "" and h == "" for name, h in after["members"])
    assert all(name == "" for name in after["attachment_names"])
    assert not any(path.exists() for path in before["files"]), "files deleted from storage"
    name = before["fields"][0]
    assert not any(name in content for content in after["letters"])
    event = RequestEvent.objects.get(request=request, action="anonymise")
    assert name not in str(event.data) and event.to_state == reload(request).state


def test_expired_requests_lose_their_personal_data_and_the_statistics_stay(
    agency, citizen, officer, head, leader
):
    made = build(agency, citizen, staff_of(agency, officer, head, leader))
    before = {key: snapshot(r) for key, r in made.items()}
    assert len(before["old_provided"]["files"]) > 2, "attachments and rendered letters"
    assert all(p.exists() for p in before["old_provided"]["files"]) and before["recent"]["files"]
    figures = statistics(agency)

    output = run()

    assert output == "anonymised 2 request(s) closed before 2021-11-27; 0 skipped"
    assert statistics(agency) == figures
    assert_erased(before["old_provided"], made["old_provided"])
    assert_erased(before["old_withdrawn"], made["old_withdrawn"])
    for untouched in ("old_open", "recent"):
        assert snapshot(made[untouched]) == before[untouched]
        assert all(p.exists() for p in before[untouched]["files"])
    assert run() == "anonymised 0 request(s) closed before 2021-11-27; 0 skipped"
    erased = sum(len(before[k]["files"]) for k in ("old_provided", "old_withdrawn"))
    print(f"retention: 4 requests, 2 anonymised, {erased} files deleted, statistics equal")


def test_dry_run_counts_and_changes_nothing(agency, citizen, officer, head, leader):
    made = build(agency, citizen, staff_of(agency, officer, head, leader))
    before = {key: snapshot(r) for key, r in made.items()}

    assert run("--dry-run") == "dry run: 2 request(s) closed before 2021-11-27 would be anonymised"
    assert {key: snapshot(r) for key, r in made.items()} == before
    assert run("--dry-run", "--before", "2019-01-01").startswith("dry run: 0 request(s)")


@pytest.mark.parametrize(
    ("before", "message"),
    [
        ("31/01/2021", "invalid date: 31/01/2021"),
        ("2099-01-01", "later than the retention cut-off"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_readable_line(before, message):
    with pytest.raises(CommandError, match=message):
        run("--before", before)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "anonymise_expired", "--before", before],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_an_anonymised_request_cannot_be_looked_up_with_its_tracking_code(
    agency, citizen, officer, head, leader, client
):
    """Outside test #17.11: the erased number normalised to "" and matched "----", showing the
    timeline and the withdrawal reason of an anonymised request."""
    made = build(agency, citizen, staff_of(agency, officer, head, leader))
    run()
    erased = reload(made["old_withdrawn"])
    assert erased.anonymised_at is not None
    for digits in ("----", "    ", "3456"):
        response = client.post(
            reverse("portal:lookup"), {"tracking_code": erased.tracking_code, "id_last4": digits}
        )
        assert response.status_code == 200 and response.context["info"] is None, digits
    alive = made["old_open"]
    found = client.post(
        reverse("portal:lookup"), {"tracking_code": alive.tracking_code, "id_last4": "3456"}
    )
    assert found.context["info"] is not None, "a request not anonymised is still found"
