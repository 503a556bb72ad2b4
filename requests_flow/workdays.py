"""The Vietnamese working-day calendar (DOMAIN §4.1).


A working day is Monday-Friday that is not a public holiday or official day off, plus official
make-up working days (a Saturday worked in exchange for a bridge day off). Public holidays, their
lunar dates, substitute days and published swaps come from the `holidays` package (country VN);
administrators add what it does not know yet as CalendarOverride rows, which win over the package.
A year whose days off no official notice has fixed yet (no confirmed CalendarYear) is a
projection: `is_projected` says so, for the explanations to mark its dates "dự kiến".

WorkCalendar is pure: built once from the package and a list of overrides, it answers every
question from memory (no queries per call). load_calendar() caches one per process and drops it
when an override changes (see signals.py) or after CACHE_SECONDS, for other processes' edits.
"""

import bisect
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from .models import CalendarOverride, CalendarYear

FIRST_YEAR = 2018  # Law 104/2016/QH13 applies to requests valid from 1/7/2018
CACHE_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Override:
    day: date
    is_day_off: bool
    reason: str
    legal_basis: str


@lru_cache(maxsize=64)
def _package_year(year: int) -> tuple[dict[date, str], dict[date, date | None]]:
    """Days off (with their Vietnamese names) and make-up working days (with the day off they pay
    for, when the package names it) that the holidays package knows for one year.

    The worked days are the package's own `weekend_workdays`; the day off each pays for is the
    holiday the package labels with its `substituted_label` for that worked day (the label is
    made from the package's format, not read back from names with a regular expression)."""
    # A swap may cross a year boundary (31/12/2018 off for Saturday 5/1/2019): read the neighbours.
    package = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language="vi")
    label, day_format = (
        package.tr(package.substituted_label),
        package.tr(package.substituted_date_format),
    )
    made_up = {d for d in package.weekend_workdays if d.year == year}
    label_of = {label % d.strftime(day_format): d for d in made_up}
    days_off = {day: name for day, name in package.items() if day.year == year}
    worked: dict[date, date | None] = dict.fromkeys(made_up)
    for day, name in package.items():
        if name in label_of:
            worked[label_of[name]] = day
    return days_off, worked


class WorkCalendar:
    """Answers working-day questions from memory. Years are filled in lazily, on first use."""

    def __init__(
        self, overrides: tuple[Override, ...] = (), confirmed_years: frozenset[int] | None = None
    ) -> None:
        self._overrides = {o.day: o for o in overrides}
        # None: built without the confirmations (a pure calculation), so nothing is marked.
        self._confirmed_years = confirmed_years
        # Per year: the sorted ordinals of its working days, and the same as a set.
        self._years: dict[int, tuple[list[int], frozenset[int]]] = {}
        self._lock = threading.Lock()

    def day_off_reason(self, day: date) -> str | None:
        """Why `day` is not a working day, or None when it is one."""
        override = self._overrides.get(day)
        if override is not None:
            return override.reason if override.is_day_off else None
        days_off, worked = _package_year(day.year)
        if day in worked:
            return None
        if day in days_off:
            return days_off[day]
        if day.weekday() == 5:
            return _("Saturday")
        if day.weekday() == 6:
            return _("Sunday")
        return None

    def working_reason(self, day: date) -> str | None:
        """Why a weekend day is worked (make-up day), for explanations."""
        override = self._overrides.get(day)
        if override is not None and not override.is_day_off:
            return override.reason
        worked = _package_year(day.year)[1]
        if day not in worked:
            return None
        swapped_for = worked[day]
        if swapped_for is None:
            return _("make-up working day (official swap of days off)")
        return _("make-up working day for the day off on %(day)s") % {
            "day": swapped_for.strftime("%d/%m/%Y")
        }

    def is_projected(self, year: int) -> bool:
        """Whether the year's days off are a projection: no official notice confirmed yet."""
        return self._confirmed_years is not None and year not in self._confirmed_years

    def is_working_day(self, day: date) -> bool:
        return day.toordinal() in self._year(day.year)[1]

    def next_working_day(self, day: date, *, include_self: bool = True) -> date:
        start = day if include_self else day + timedelta(days=1)
        year = start.year
        while True:
            ordinals = self._working_ordinals(year)
            i = bisect.bisect_left(ordinals, start.toordinal())
            if i < len(ordinals):
                return date.fromordinal(ordinals[i])
            year += 1

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (`day` itself is not counted); n=0 gives `day`."""
        if n == 0:
            return day
        year = day.year
        ordinals = self._working_ordinals(year)
        i = bisect.bisect_right(ordinals, day.toordinal()) + n - 1
        while i >= len(ordinals):
            i -= len(ordinals)
            year += 1
            ordinals = self._working_ordinals(year)
        return date.fromordinal(ordinals[i])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, year = 0, start.year
        while year <= end.year:
            ordinals = self._working_ordinals(year)
            lo = bisect.bisect_right(ordinals, start.toordinal())
            hi = bisect.bisect_right(ordinals, end.toordinal())
            count += hi - lo
            year += 1
        return count

    def _working_ordinals(self, year: int) -> list[int]:
        return self._year(year)[0]

    def _year(self, year: int) -> tuple[list[int], frozenset[int]]:
        cached = self._years.get(year)
        if cached is None:
            with self._lock:
                day, end = date(year, 1, 1), date(year, 12, 31)
                ordinals = []
                while day <= end:
                    if self.day_off_reason(day) is None:
                        ordinals.append(day.toordinal())
                    day += timedelta(days=1)
                cached = self._years[year] = (ordinals, frozenset(ordinals))
        return cached


_cache_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None


def build_calendar() -> WorkCalendar:
    """A calendar with the overrides and confirmed years as this transaction sees them (two
    queries, never cached)."""
    overrides = tuple(
        Override(
            day=o.date,
            is_day_off=o.kind == CalendarOverride.Kind.DAY_OFF,
            reason=o.reason,
            legal_basis=o.legal_basis,
        )
        for o in CalendarOverride.objects.all()
    )
    confirmed = CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)
    return WorkCalendar(overrides, frozenset(confirmed))


def load_calendar() -> WorkCalendar:
    """The process's cached calendar: two queries per load, none per call."""
    global _cached
    with _cache_lock:
        if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
            return _cached[1]
    calendar = build_calendar()
    with _cache_lock:
        _cached = (time.monotonic(), calendar)
    return calendar


def drop_calendar_cache() -> None:
    global _cached
    with _cache_lock:
        _cached = None
