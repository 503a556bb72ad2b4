"""Benchmark: one deadline sweep (alerts + notifications) over N open requests, about 5% of them
due soon or overdue, against a single COUNT(*) over the same open milestones in the same run.

    .venv/bin/python bench/sweep_bench.py [--requests 1000000]

SQLite in a temporary file by default; PostgreSQL (or any database) when DATABASE_URL is set —
the data set is then written into that database. Target (notifications issue): <= 15 s on SQLite,
<= 60 s on PostgreSQL for 1,000,000 requests.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DATABASE_URL"):
    DB = Path(tempfile.mkdtemp(prefix="tiepcan-bench-")) / "bench.sqlite3"
    os.environ.update(DATABASE_URL=f"sqlite:///{DB}", TIEPCAN_VAR_DIR=str(DB.parent))
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DJANGO_DEBUG="0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from notifications.models import MilestoneAlert, Notification  # noqa: E402
from requests_flow.choices import Role, State  # noqa: E402
from requests_flow.deadlines import LOCAL_TZ  # noqa: E402
from requests_flow.models import Agency, AgencyMembership, InformationRequest  # noqa: E402
from requests_flow.sweep import open_milestones, sweep_deadlines  # noqa: E402

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=LOCAL_TZ)  # Thursday; Friday 6/3 is due soon
CHUNK = 20_000
TARGETS = {"sqlite": 15.0, "postgresql": 60.0}


def build(n: int) -> None:
    agency = Agency.objects.create(name="Sở Bench", short_name="SB", place_name="Hà Nội")
    head = User.objects.create_user(username="bench-head", password="x", full_name="Bench")
    AgencyMembership.objects.create(user=head, agency=agency, role=Role.FOCAL_HEAD)
    template = InformationRequest(
        agency=agency,
        register_year=2026,
        register_seq=0,
        requester_name="Nguyễn Thị Hoa",
        requester_address="Hà Nội",
        id_document_type="cccd",
        id_number="001190123456",
        information_requested="Quyết định",
        provision_form="email",
        reason_purpose="Tìm hiểu",
        channel="electronic",
        received_at=NOW - timedelta(days=30),
        state=State.IN_PROGRESS,
    )
    fields = [f for f in InformationRequest._meta.concrete_fields]
    by_name = {f.attname: f for f in fields}
    values = {f.attname: f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields}
    columns = [f.column for f in fields]
    qn = connection.ops.quote_name
    # Table and column names come from the model, values are parameters.
    req_sql = (
        f"INSERT INTO {qn(InformationRequest._meta.db_table)} "  # noqa: S608
        f"({', '.join(qn(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    ms_sql = (
        "INSERT INTO requests_flow_milestone (request_id, kind, due_date, basis, met_at) "
        "VALUES (%s, %s, %s, %s, NULL)"
    )
    soon, late, far = date(2026, 3, 6), date(2026, 3, 2), date(2026, 6, 30)
    for start in range(1, n + 1, CHUNK):
        ids = range(start, min(start + CHUNK, n + 1))
        rows = []
        for i in ids:
            values["id"], values["register_seq"], values["tracking_code"] = i, i, f"B{i:09d}"
            rows.append([values[f.attname] for f in fields])
        # 1 in 40 due soon, 1 in 40 overdue: 5% alerted.
        ms = [
            (i, "provide", soon if i % 40 == 0 else late if i % 40 == 1 else far, "Art. 29")
            for i in ids
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(req_sql, rows)
            cursor.executemany(ms_sql, ms)
    assert by_name  # fields checked above
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('requests_flow_informationrequest', 'id'), "
                "%s); ANALYZE",
                [n],
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    if InformationRequest.objects.count() == args.requests:
        # A data set of this size left by an earlier run in DATABASE_URL (seeding 1,000,000 rows
        # takes minutes on PostgreSQL): start again from no alerts and no notifications.
        Notification.objects.all().delete()
        MilestoneAlert.objects.all().delete()
        print(f"data set: {args.requests:,} open requests reused, alerts removed")
    else:
        build(args.requests)
        print(
            f"data set: {args.requests:,} open requests with milestones in "
            f"{time.perf_counter() - t0:.0f}s ({connection.vendor})"
        )

    t0 = time.perf_counter()
    open_count = open_milestones().count()
    baseline = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = sweep_deadlines(NOW)
    elapsed = time.perf_counter() - t0
    alerts = MilestoneAlert.objects.count()
    print(
        f"sweep: {elapsed:.2f}s for {open_count:,} open milestones "
        f"({open_count / elapsed:,.0f} rows/s); {counts}"
    )
    print(f"alerts {alerts:,}, notifications {Notification.objects.count():,}")
    print(
        f"baseline COUNT(*) of open milestones: {baseline:.3f}s; "
        f"ratio sweep/baseline: {elapsed / baseline:.0f}x"
    )
    again = time.perf_counter()
    repeat = sweep_deadlines(NOW)
    print(
        f"second sweep (nothing new): {time.perf_counter() - again:.2f}s; "
        f"alerts_created={repeat['alerts_created']}"
    )
    target = TARGETS.get(connection.vendor, 60.0)
    met = "met" if elapsed <= target else "NOT met"
    print(
        f"target <= 15 s on SQLite / <= 60 s on PostgreSQL: {met} "
        f"({elapsed:.1f}s on {connection.vendor}, {args.requests:,} requests)"
    )


if __name__ == "__main__":
    main()
