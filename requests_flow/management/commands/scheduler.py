"""Runs periodic jobs: today the deadline sweep, every DEADLINE_SWEEP_INTERVAL seconds.

In production run exactly one scheduler (systemd unit or cron `manage.py sweep_deadlines`)."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from requests_flow.sweep import sweep_deadlines


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
            counts = sweep_deadlines()
            self.stdout.write(
                f"deadline sweep: {counts['due_soon']} due soon, {counts['overdue']} overdue; "
                f"{counts['retried']} notifications queued again"
            )
            if once:
                return
            deadline = time.monotonic() + settings.DEADLINE_SWEEP_INTERVAL
            while running and time.monotonic() < deadline:
                time.sleep(0.5)
