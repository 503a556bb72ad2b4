"""Which agencies a user may read the register and report of, the agency tree below an agency,
and a period of local dates."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from ..deadlines import LOCAL_TZ
from ..models import Agency
from ..permissions import agencies_visible_to


def officer_agencies(user) -> QuerySet[Agency]:
    """Agencies where the user holds any role (officers, heads, leaders, supervisors); all of
    them for superusers. The register holds personal data: nobody else sees an agency's rows."""
    return agencies_visible_to(user)


def with_descendants(agency: Agency) -> list[int]:
    """The agency and every agency below it in the tree, in one query."""
    children = defaultdict(list)
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, queue = [], [agency.pk]
    while queue:
        pk = queue.pop(0)
        if pk not in found:
            found.append(pk)
            queue.extend(children[pk])
    return found


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included, as local (Asia/Ho_Chi_Minh) dates."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        """[00:00 local on start, 00:00 local on the day after end)."""
        return (
            datetime.combine(self.start, time.min, tzinfo=LOCAL_TZ),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LOCAL_TZ),
        )

    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def period_line(period: Period) -> str:
    """The period as printed on the register and the report (document text, Vietnamese)."""
    return f"Từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"
