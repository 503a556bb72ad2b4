"""`manage.py deadlines`: the statutory dates of a hypothetical request, with the reasons.

    python manage.py deadlines --valid-at 2026-02-13T10:00:00+07:00 --channel electronic \
        --complexity complex [--extend] [--format text|json]

Bad input exits non-zero with one readable line, in Vietnamese and English, never a traceback."""

import json
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from requests_flow.choices import Channel, Complexity
from requests_flow.deadlines import (
    LOCAL_TZ,
    DeadlineInputError,
    compute_deadlines,
    local_day,
    milestone_label,
)
from requests_flow.models import RuleSet
from requests_flow.workdays import FIRST_YEAR, load_calendar

FIRST_VALID_DAY = date(FIRST_YEAR, 7, 1)


def parse_valid_at(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            "Ngày giờ không hợp lệ / invalid date: %(v)s (ví dụ / e.g. "
            "2026-02-13T10:00:00+07:00)" % {"v": value}
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    if local_day(moment) < FIRST_VALID_DAY:
        raise CommandError(
            "Ngày trước 01/07/2018, khi Luật 104/2016/QH13 có hiệu lực / date before 1/7/2018, "
            "when the Law took effect: %(v)s" % {"v": value}
        )
    return moment


class Command(BaseCommand):
    help = "Print the statutory milestones of a request valid at the given moment, and why."

    def add_arguments(self, parser):
        parser.add_argument("--valid-at", required=True)
        parser.add_argument("--channel", required=True)
        parser.add_argument("--complexity", required=True)
        parser.add_argument(
            "--extend",
            action="store_true",
            help="also give the latest date the maximum extension allows",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            self.run(**options)
        except DatabaseError:  # a database never migrated: one line, not a traceback
            raise CommandError(
                "Cơ sở dữ liệu chưa sẵn sàng / database not ready: chạy / run "
                "`python manage.py migrate` (make run does)"
            ) from None

    def run(self, *, valid_at, channel, complexity, extend, format, **options):
        if channel not in Channel.values:
            raise CommandError(
                "Kênh không hợp lệ / unknown channel: %(v)s (%(ok)s)"
                % {"v": channel, "ok": ", ".join(Channel.values)}
            )
        if complexity not in Complexity.values:
            raise CommandError(
                "Mức độ không hợp lệ / unknown complexity: %(v)s (%(ok)s)"
                % {"v": complexity, "ok": ", ".join(Complexity.values)}
            )
        moment = parse_valid_at(valid_at)
        rule_set = (
            RuleSet.objects.in_force_on(local_day(moment)).order_by("-effective_from").first()
        )
        if rule_set is None:
            raise CommandError("Không có bộ quy tắc pháp lý cho ngày này / no rule set in force")
        try:
            result = compute_deadlines(
                valid_at=moment,
                channel=channel,
                complexity=complexity,
                rules=rule_set.to_rules(),
                calendar=load_calendar(),
                with_max_extension=extend,
            )
        except DeadlineInputError as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(json.dumps(as_json(result), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(as_text(result))


def as_json(result) -> dict:
    return {
        "rule_set": result.rules.title,
        "rule_set_verified": result.rules.verified,
        "receipt_day": result.receipt_day.isoformat(),
        # Existing keys stay as they were (scripts read them); basis_confirmed is new.
        "milestones": [
            {
                "kind": m.kind,
                "due": m.due.isoformat(),
                "basis": m.basis,
                "basis_confirmed": result.rules.verified,
            }
            for m in result.milestones
        ],
        "extended": result.extended.isoformat() if result.extended else None,
        "explanation": result.explanation(),
    }


def as_text(result) -> str:
    lines = [
        "Bộ quy tắc / rule set: %s" % result.rules.title,
        # Not where counting starts (DOMAIN §4.2 counts from the day after the valid day, working
        # or not): the first working day, on which what is due "at once" falls.
        "Ngày làm việc đầu tiên / first working day: %s" % result.receipt_day.strftime("%d/%m/%Y"),
    ]
    confirmed = (
        "đã xác nhận / confirmed" if result.rules.verified else "chưa xác nhận / not confirmed"
    )
    for m in result.milestones:
        lines.append(f"  {milestone_label(m.kind)}: {m.due:%d/%m/%Y} ({m.basis}; {confirmed})")
    if result.extended:
        lines.append(
            "Hạn tối đa nếu gia hạn / latest with extension: %s"
            % result.extended.strftime("%d/%m/%Y")
        )
    lines.append("")
    lines.extend(f"- {line}" for line in result.explanation())
    return "\n".join(lines)
