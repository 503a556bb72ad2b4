"""Benchmark: statutory milestones per second, against plain datetime arithmetic in the same run.

    .venv/bin/python bench/deadlines_bench.py [--requests 50000]

Target (deadline-engine issue): at least 20,000 requests' milestones per second on one core after
warm-up. The baseline adds the same periods as plain calendar days with `timedelta`, so the ratio
shows what the working-day calendar and the legal rules cost on top of bare date arithmetic.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from requests_flow.deadlines import LOCAL_TZ, compute_deadlines, local_day  # noqa: E402
from requests_flow.models import RuleSet  # noqa: E402
from requests_flow.rulesets import rules_from_model  # noqa: E402
from requests_flow.workdays import load_calendar  # noqa: E402

CHANNELS = ("in_person", "electronic", "post", "fax")
COMPLEXITIES = ("simple", "complex")


def sample(n: int, seed: int = 7) -> list[tuple[datetime, str, str]]:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, 8, tzinfo=LOCAL_TZ)
    span = (datetime(2026, 8, 31, tzinfo=LOCAL_TZ) - start).days
    return [
        (
            start + timedelta(days=rng.randrange(span), minutes=rng.randrange(600)),
            rng.choice(CHANNELS),
            rng.choice(COMPLEXITIES),
        )
        for _ in range(n)
    ]


def run_engine(inputs, rules, calendar) -> int:
    count = 0
    for valid_at, channel, complexity in inputs:
        count += len(
            compute_deadlines(
                valid_at=valid_at,
                channel=channel,
                complexity=complexity,
                rules=rules,
                calendar=calendar,
            ).milestones
        )
    return count


def run_baseline(inputs, rules) -> int:
    count = 0
    for valid_at, channel, complexity in inputs:
        day = local_day(valid_at)
        for period in rules.periods(channel, complexity):
            _due = day + timedelta(days=period.period)
            count += 1
    return count


def best_of(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rules = rules_from_model(RuleSet.objects.get(code="law-104-2016"))
    calendar = load_calendar()
    inputs = sample(args.requests)
    run_engine(inputs[:2000], rules, calendar)  # warm-up: fills the calendar's year tables
    with CaptureQueriesContext(connection) as queries:
        engine_best, engine_median = best_of(
            lambda: run_engine(inputs, rules, calendar), args.repeats
        )
    base_best, base_median = best_of(lambda: run_baseline(inputs, rules), args.repeats)
    rate = args.requests / engine_best
    print(f"requests: {args.requests}, repeats: {args.repeats} (best of)")
    print(
        f"deadline engine: {rate:,.0f} requests/s (best {engine_best:.3f}s, "
        f"median {engine_median:.3f}s)"
    )
    print(
        f"plain datetime:  {args.requests / base_best:,.0f} requests/s (best {base_best:.3f}s, "
        f"median {base_median:.3f}s)"
    )
    print(f"ratio engine/plain time: {engine_best / base_best:.1f}x")
    print(f"queries during the timed runs: {len(queries)}")
    print(f"target >= 20,000 requests/s: {'met' if rate >= 20_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
