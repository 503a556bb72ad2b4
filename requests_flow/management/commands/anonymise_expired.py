"""`manage.py anonymise_expired`: erase the personal data of requests closed longer ago than the
retention period (TIEPCAN_RETENTION_YEARS), keeping what the statistics count.

    python manage.py anonymise_expired [--dry-run] [--before YYYY-MM-DD]

--before moves the cut-off earlier (never later than the retention period allows). Idempotent:
a request already anonymised is skipped. Bad input exits non-zero with one readable line, in
Vietnamese and English, never a traceback."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from requests_flow import services


def parse_before(value: str | None, cutoff: date) -> date:
    if value is None:
        return cutoff
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            "Ngày không hợp lệ / invalid date: %(v)s (ví dụ / e.g. 2021-01-31)" % {"v": value}
        ) from None
    if day > cutoff:
        raise CommandError(
            "Ngày %(v)s sau mốc lưu trữ %(c)s / --before %(v)s is later than the retention "
            "cut-off %(c)s (TIEPCAN_RETENTION_YEARS=%(y)s)"
            % {"v": value, "c": cutoff.isoformat(), "y": settings.TIEPCAN_RETENTION_YEARS}
        )
    return day


class Command(BaseCommand):
    help = "Erase the personal data of requests closed before the retention cut-off."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--before", help="cut-off day YYYY-MM-DD (default: the retention)")

    def handle(self, *args, dry_run: bool, before: str | None, **options):
        day = parse_before(before, services.retention_cutoff())
        pending = list(services.expired_requests(day).only("pk"))
        if dry_run:
            self.stdout.write(
                f"dry run: {len(pending)} request(s) closed before {day.isoformat()} "
                "would be anonymised"
            )
            return
        done = 0
        for request in pending:  # one transaction each: a failure keeps the others done
            done += services.request_anonymise(request=request)
        self.stdout.write(
            f"anonymised {done} request(s) closed before {day.isoformat()}; "
            f"{len(pending) - done} skipped"
        )
