"""`manage.py access_report --since YYYY-MM-DD --until YYYY-MM-DD [--format text|csv]`: who saw or
downloaded whose personal data in a period (both days included, Vietnam time), for the 72-hour
breach notice of Law 91/2025/QH15 and Decree 356/2025.

One line per person reached: an export of the register gives a line for each request it held.
Columns: time, accessor, action, what, agency, register number, requester, ID number (masked),
client address. Bad input exits non-zero with one readable line."""

import csv
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AccessEvent
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest

HEADER = [
    "time",
    "accessor",
    "action",
    "object",
    "agency",
    "register_number",
    "requester",
    "id_number_masked",
    "client_address",
]
FORMATS = ("text", "csv")


def parse_day(value: str | None, option: str) -> date:
    if not value:
        raise CommandError(f"Thiếu / missing {option} YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ / invalid date for {option}: {value!r} (YYYY-MM-DD)"
        ) from None


def accessor(event: AccessEvent) -> str:
    if event.user is not None:
        return f"{event.user.get_username()} ({event.user.display_name})"
    if event.access_code_id is not None:
        return f"anonymous, one-time access code #{event.access_code_id}"
    return "anonymous"


def person_columns(info: InformationRequest | None) -> list[str]:
    if info is None:
        return ["", "", "", ""]
    return [
        info.agency.short_name,
        info.register_number,
        info.requester_name,
        info.masked_id_number,
    ]


def persons_of(event: AccessEvent) -> Iterator[InformationRequest | None]:
    """The requests (persons) one access reached: its request, or every row of an export."""
    if event.request is not None:
        yield event.request
        return
    ids = event.data.get("request_ids") or []
    found = InformationRequest.objects.select_related("agency").in_bulk(ids)
    yield from (found[pk] for pk in ids if pk in found)
    if not ids:
        yield None  # e.g. a report export: counts only, listed without a person


def report_rows(since: date, until: date) -> Iterator[list[str]]:
    start = datetime.combine(since, time.min, tzinfo=LOCAL_TZ)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
    events = (
        AccessEvent.objects.filter(at__gte=start, at__lt=end)
        .select_related("user", "request__agency")
        .order_by("at", "id")
    )
    for event in events.iterator(chunk_size=500):
        moment = timezone.localtime(event.at, LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S")
        what = f"{event.object_kind} {event.object_id or ''}".strip()
        for info in persons_of(event):
            yield [
                moment,
                accessor(event),
                event.action,
                what,
                *person_columns(info),
                event.client_address,
            ]


class Command(BaseCommand):
    help = "List who accessed which person's data in a period (breach notice)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first day, YYYY-MM-DD")
        parser.add_argument("--until", help="last day, YYYY-MM-DD (included)")
        parser.add_argument(
            "--format", dest="output_format", default="text", help="text (default) or csv"
        )

    def handle(self, *args, since, until, output_format, **options):
        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        if first > last:
            raise CommandError(f"--since {first} sau / is after --until {last}")
        if output_format not in FORMATS:
            raise CommandError(
                f"Định dạng không hỗ trợ / unknown --format {output_format!r}: text, csv"
            )
        rows = report_rows(first, last)
        if output_format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
            return
        count, persons = 0, set()
        self.stdout.write(" | ".join(HEADER))
        for row in rows:
            count += 1
            persons.add(tuple(row[4:8]))
            self.stdout.write(" | ".join(row))
        self.stdout.write(
            f"{count} accesses to the data of {len({p for p in persons if any(p)})} requests "
            f"from {first} to {last}"
        )
