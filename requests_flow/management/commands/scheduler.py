"""Runs periodic jobs: today the deadline sweep, every DEADLINE_SWEEP_INTERVAL seconds.

In production run exactly one scheduler (systemd unit, or cron `manage.py scheduler --once`).
A database error (e.g. SQLite's "database is locked" while another process writes for longer
than the timeout) is logged and the sweep tried again RETRY_SECONDS later: the scheduler keeps
running, so `runall` does not stop the whole site over one busy moment (outside test, #17.2)."""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from requests_flow.sweep import sweep_deadlines

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5


class Command(BaseCommand):
    help = "Run the periodic deadline sweep until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Sweep once and exit.")

    def handle(self, *args, once: bool, **options):
        running = True

        def stop(*_args):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            wait = settings.DEADLINE_SWEEP_INTERVAL
            try:
                counts = sweep_deadlines()
            except DatabaseError as exc:
                if once:
                    raise CommandError(f"deadline sweep failed: {exc}") from None
                logger.warning(
                    "deadline sweep failed (%s); trying again in %ss", exc, RETRY_SECONDS
                )
                close_old_connections()  # a broken connection is replaced on the next query
                wait = min(wait, RETRY_SECONDS)
            else:
                self.stdout.write(
                    f"deadline sweep: {counts['due_soon']} due soon, {counts['overdue']} "
                    f"overdue; {counts['retried']} notifications queued again"
                )
                if once:
                    return
            deadline = time.monotonic() + wait
            while running and time.monotonic() < deadline:
                time.sleep(0.5)
