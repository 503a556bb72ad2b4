"""`manage.py audit_verify [--database ALIAS] [--chunk N]`: walk the audit hash chain.

Prints "OK: N audit rows, chain intact (head …)" and exits 0, or one line naming the first broken
link (row id, time, what was expected and what was found) and exits non-zero. Reads the rows a page
at a time: memory stays constant whatever the size of the trail."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from requests_flow.audit_chain import verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--chunk", type=int, default=1000, help="rows read at a time")

    def handle(self, *args, database: str, chunk: int, **options):
        if chunk < 1:
            raise CommandError("--chunk phải lớn hơn 0 / must be at least 1")
        verdict = verify(using=database, chunk=chunk)
        if verdict.broken:
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ / audit chain broken after {verdict.checked} intact "
                f"rows: {verdict.broken}"
            )
        self.stdout.write(f"OK: {verdict.checked} audit rows, chain intact")
