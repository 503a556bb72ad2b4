"""A task worker killed (SIGKILL) in the middle of a batch of e-mails: after the recovery the
design has (the sweep's retry_undelivered, run once the send lease has passed — 2 s here, 5
minutes in production — and a restarted worker), every notification reached the mail sink once.

The sink is Django's file-based e-mail backend in a real `manage.py db_worker` process: one file
per message, written before the worker marks the notification sent, so it survives the kill.

Exactly once holds except in one window that no design can close: a kill after the mail server
accepted a message and before the worker recorded it (e-mail and database cannot commit
together). The test therefore allows at most one duplicate, and only of the notification that
was claimed but not confirmed at the moment of the kill; it resends with the same Message-ID.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from notifications.tasks import deliver_notifications, retry_undelivered

ROOT = Path(__file__).resolve().parents[2]
NOTIFICATIONS = 200
BATCH = 100  # two batch tasks, as the deadline sweep queues them
KILL_AFTER = 40  # messages in the sink: well inside the first batch
LEASE = 2  # seconds a worker's claim on an e-mail holds (300 in production)
MESSAGE_ID = re.compile(rb"^Message-ID: <notification\.(\d+)@", re.MULTILINE)

pytestmark = pytest.mark.django_db(transaction=True)


def worker_env(sink: Path) -> dict:
    """The subprocess uses this test's database (SQLite file or PostgreSQL test database)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        url = f"sqlite:///{name}"
    else:
        url = f"{os.environ['DATABASE_URL'].rsplit('/', 1)[0]}/{name}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "TIEPCAN_TEST_EMAIL_DIR": str(sink),
        "TIEPCAN_NOTIFICATION_SEND_LEASE": str(LEASE),
        "PYTHONUNBUFFERED": "1",
    }


def start_worker(env: dict, *, batch: bool) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.05"]
    command += ["--no-startup-delay", "--no-reload"] + (["--batch"] if batch else [])
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def delivered(sink: Path) -> Counter:
    """Messages in the sink per notification id (the Message-ID carries it)."""
    found = Counter()
    for path in sink.iterdir():
        found.update(int(pk) for pk in MESSAGE_ID.findall(path.read_bytes()))
    return found


def wait_for_messages(sink: Path, worker: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        count = sum(delivered(sink).values())
        if count >= at_least:
            return count
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        time.sleep(0.005)
    raise AssertionError(f"only {count} messages after 30 s")


@pytest.fixture
def queued(django_user_model) -> list[int]:
    users = [
        django_user_model.objects.create_user(
            username=f"dan{i}", full_name=f"Người dân {i}", email=f"dan{i}@example.vn"
        )
        for i in range(20)
    ]
    notes = Notification.objects.bulk_create(
        Notification(
            recipient=users[i % len(users)],
            kind="deadline_overdue",
            title=f"Thông báo {i}",
            body="Hạn đã qua.",
        )
        for i in range(NOTIFICATIONS)
    )
    ids = [note.pk for note in notes]
    for start in range(0, len(ids), BATCH):
        deliver_notifications.enqueue(ids[start : start + BATCH])
    return ids


def test_a_worker_killed_mid_batch_delivers_every_email_once_after_recovery(
    queued, tmp_path, settings
):
    settings.NOTIFICATION_SEND_LEASE_SECONDS = LEASE
    sink = tmp_path / "mail"
    sink.mkdir()
    env = worker_env(sink)

    worker = start_worker(env, batch=False)
    try:
        wait_for_messages(sink, worker, KILL_AFTER)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        killed_at = time.monotonic()
    at_kill = sum(delivered(sink).values())
    assert KILL_AFTER <= at_kill < NOTIFICATIONS, f"killed after {at_kill} messages"
    # django-tasks-db leaves the killed batch RUNNING for ever: only our retry recovers it.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1
    in_flight = set(
        Notification.objects.filter(
            emailed_at__isnull=True, email_claimed_at__isnull=False
        ).values_list("pk", flat=True)
    )
    assert len(in_flight) <= 1, "one worker sends one e-mail at a time"

    # The sweep runs every minute; once the lease has passed, it queues what was not confirmed.
    time.sleep(max(0.0, killed_at + LEASE + 0.2 - time.monotonic()))
    requeued = retry_undelivered(limit=1000)
    restarted = start_worker(env, batch=True)
    _, errors = restarted.communicate(timeout=60)
    assert restarted.returncode == 0, errors.decode()[-2000:]

    counts = delivered(sink)
    lost = [pk for pk in queued if counts[pk] == 0]
    duplicates = {pk: n - 1 for pk, n in counts.items() if n > 1}
    print(
        f"{connection.vendor}: notifications {len(queued)}, killed after {at_kill} messages, "
        f"in flight {len(in_flight)}, requeued {requeued}, delivered {len(counts)}, "
        f"duplicates {sum(duplicates.values())}, lost {len(lost)}"
    )
    assert lost == []
    assert set(counts) == set(queued)
    # The only possible duplicate: the message in flight at the kill, accepted by the sink
    # but not yet confirmed in the database.
    assert set(duplicates) <= in_flight and sum(duplicates.values()) <= 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_an_email_claimed_by_a_live_worker_is_not_sent_again_until_its_lease_ends(
    queued, mailoutbox
):
    """A task queued twice (the retry, and the original still waiting) never sends twice while
    the first worker holds its claim; an expired claim (a dead worker's) is sent."""
    from django.core import mail

    from notifications.tasks import deliver_notification

    fresh, stale = queued[:2]
    Notification.objects.filter(pk=fresh).update(email_claimed_at=timezone.now())
    Notification.objects.filter(pk=stale).update(
        email_claimed_at=timezone.now() - timedelta(minutes=6)
    )
    assert retry_undelivered(limit=1000) == 1, "only the expired claim is queued again"
    assert deliver_notification.call(fresh) is False
    assert deliver_notification.call(stale) is True
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        f"<notification.{stale}@localhost>"
    ]
