"""Benchmark: the officer's inbox page with 100,000 requests in the database, against a bare view
served through the same middleware stack, in one run (target: p95 within 15x of the bare view).

    .venv/bin/python bench/inbox_bench.py [--requests 100000] [--rounds 200]

The data set is bulk-inserted (a benchmark fixture, not application writes): requests of one
agency, each with its process and one open task; 1,000 tasks sit in the measured officer's inbox,
the rest with a colleague, so the agency scoping and the joins see every row.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DB = Path(tempfile.mkdtemp(prefix="tiepcan-bench-")) / "bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings.dev",
    DJANGO_DEBUG="0",
    DATABASE_URL=f"sqlite:///{DB}",
    TIEPCAN_VAR_DIR=str(DB.parent),
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from viewflow.workflow.models import Process, Task  # noqa: E402

from requests_flow import services  # noqa: E402
from requests_flow.flows import InformationRequestFlow as Flow  # noqa: E402
from requests_flow.models import Agency, InformationRequest  # noqa: E402


def bare(request):
    return HttpResponse("ok")


# The project's URLs plus one bare view, so both go through the same middleware.
from config.urls import urlpatterns as project_urls  # noqa: E402

urlpatterns = [*project_urls, path("bench-bare/", bare)]


def build(n: int, in_inbox: int):
    agency = Agency.objects.create(name="Sở Tư pháp", short_name="STP", place_name="Tuyên Quang")
    from django.contrib.auth import get_user_model

    users = []
    for name in ("minh", "an"):
        user = get_user_model().objects.create_user(username=name, password="bench-pw")
        services.membership_grant(user=user, agency=agency, role="focal_officer")
        users.append(user)
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        requests = InformationRequest.objects.bulk_create(
            InformationRequest(
                agency=agency,
                register_year=2026,
                register_seq=i + 1,
                state="in_progress",
                requester_name=f"Người yêu cầu {i}",
                requester_address="Tuyên Quang",
                id_document_type="cccd",
                id_number=f"{i:012d}",
                information_requested="Tài liệu",
                provision_form="email",
                reason_purpose="Tìm hiểu",
                channel="electronic",
                received_at=now,
                valid_at=now,
                complexity="simple",
                next_due=today + timedelta(days=i % 20),
                assigned_officer=users[i >= in_inbox],
            )
            for i in range(n)
        )
        processes = Process.objects.bulk_create(
            Process(flow_class=Flow, status="NEW") for _ in range(n)
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO requests_flow_requestprocess (process_ptr_id, request_id) "
                "VALUES (%s, %s)",
                [(p.pk, r.pk) for p, r in zip(processes, requests, strict=True)],
            )
        Task.objects.bulk_create(
            Task(
                process_id=p.pk,
                flow_task=Flow.handle,
                flow_task_type="HUMAN",
                status="ASSIGNED",
                owner=users[i >= in_inbox],
            )
            for i, p in enumerate(processes)
        )
    return users[0]


def empty_officer():
    from django.contrib.auth import get_user_model

    other = Agency.objects.create(name="UBND phường", short_name="HG1", place_name="Hà Giang")
    user = get_user_model().objects.create_user(username="lan", password="bench-pw")
    services.membership_grant(user=user, agency=other, role="focal_officer")
    return user


def timings(pages: dict[str, tuple[Client, str]], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per request of each page, `rounds` times. The pages take turns within each
    round, so a burst of load from another process on this shared machine falls on all of them
    alike instead of on whichever page was being measured at that moment."""
    for client, url in pages.values():
        client.get(url)  # warm-up, not counted
    out: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, (client, url) in pages.items():
            t0 = time.perf_counter()
            response = client.get(url)
            out[name].append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = __name__
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    officer = build(args.requests, in_inbox=1_000)
    print(
        f"data set: {args.requests:,} requests, processes and tasks in "
        f"{time.perf_counter() - t0:.0f}s (SQLite {DB})"
    )
    client = Client()
    client.force_login(officer)
    # For context: the same inbox page for a colleague of another agency, with nothing in it.
    empty_client = Client()
    empty_client.force_login(empty_officer())
    inbox_url = "/backoffice/informationrequest/inbox/"
    rows = {
        name: c.get(inbox_url).content.decode().count("<tr data-row-id=")
        for name, c in (("inbox", client), ("empty", empty_client))
    }
    print(f"rows on the measured pages: inbox {rows['inbox']}, empty inbox {rows['empty']}")
    assert rows == {"inbox": 50, "empty": 0}, rows  # a broken page must not look fast
    measured = timings(
        {
            "inbox": (client, inbox_url),
            "bare": (client, "/bench-bare/"),
            "empty": (empty_client, inbox_url),
        },
        args.rounds,
    )
    inbox, bare_ms, empty = measured["inbox"], measured["bare"], measured["empty"]
    for name, values in (
        ("inbox page (50 rows)", inbox),
        ("bare view", bare_ms),
        ("empty inbox page", empty),
    ):
        print(f"{name:22} p50 {statistics.median(values):6.1f} ms, p95 {p95(values):6.1f} ms")
    ratio = p95(inbox) / p95(bare_ms)
    print(
        f"ratio of p95 to the bare view: {ratio:.1f}x "
        f"(target <= 15x: {'met' if ratio <= 15 else 'NOT met'})"
    )
    print(f"ratio of p95 to the empty inbox page: {p95(inbox) / p95(empty):.1f}x")
    print(f"samples per page: {args.rounds} (pages measured in turn, after one warm-up each)")


if __name__ == "__main__":
    main()
