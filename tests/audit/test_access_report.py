"""`manage.py access_report`: for a breach notice, who reached which person's data in a period,
with the requester's name and masked ID number, never the number itself."""

import csv
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.support import reload
from tests.helpers import CITIZEN_ID, signed_in
from tests.portal.support import walk_in

pytestmark = pytest.mark.django_db


def report(*args) -> str:
    out = io.StringIO()
    call_command("access_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def accesses(agency, staff):
    """The officer opens a request's page on 3 March and exports the register on 5 March."""
    info = walk_in(agency, staff["officer"])
    officer = signed_in(staff["officer"])
    detail = reverse("informationrequest:process_detail", args=[reload(info).process.pk])
    with time_machine.travel("2026-03-03 09:15:00 +0700", tick=False):
        assert officer.get(detail, REMOTE_ADDR="192.0.2.10").status_code == 200
    day = timezone.localdate(info.received_at).isoformat()
    query = f"?agency={agency.pk}&date_from={day}&date_to={day}&format=csv"
    with time_machine.travel("2026-03-05 23:59:00 +0700", tick=False):
        export = officer.get(reverse("records:register:export", args=["csv"]) + query)
        assert export.status_code == 200
    return info


def test_the_csv_lists_each_access_with_the_person_reached(accesses, staff):
    rows = list(
        csv.DictReader(
            io.StringIO(report("--since", "2026-03-01", "--until", "2026-03-05", "--format", "csv"))
        )
    )
    print(f"access_report: {len(rows)} rows")
    assert [(r["time"], r["action"], r["object"]) for r in rows] == [
        ("2026-03-03 09:15:00", "view", f"request {accesses.pk}"),
        ("2026-03-05 23:59:00", "download", "register_csv"),
    ]
    for row in rows:
        assert row["accessor"] == f"minh ({staff['officer'].display_name})"
        assert row["register_number"] == accesses.register_number
        assert row["requester"] == accesses.requester_name
        assert row["id_number_masked"] == "••••••••••56"
    assert rows[0]["client_address"] == "192.0.2.10"
    assert CITIZEN_ID not in report(
        "--since", "2026-03-01", "--until", "2026-03-05", "--format", "csv"
    )


def test_the_period_is_whole_local_days(accesses):
    text = report("--since", "2026-03-04", "--until", "2026-03-04")
    assert (
        text.splitlines()[-1]
        == "0 accesses to the data of 0 requests from 2026-03-04 to 2026-03-04"
    )
    text = report("--since", "2026-03-05", "--until", "2026-03-05")
    assert "register_csv" in text and text.splitlines()[-1].startswith("1 accesses")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--until", "2026-03-05"], "missing --since"),
        (["--since", "2026-03-01"], "missing --until"),
        (["--since", "2026-02-30", "--until", "2026-03-05"], "invalid date for --since"),
        (["--since", "2026-03-05", "--until", "2026-03-01"], "is after --until"),
        (["--since", "2026-03-01", "--until", "2026-03-05", "--format", "pdf"], "unknown --format"),
    ],
)
def test_bad_arguments_exit_with_one_readable_line(args, message):
    with pytest.raises(CommandError) as refused:
        report(*args)
    assert message in str(refused.value) and "\n" not in str(refused.value)
