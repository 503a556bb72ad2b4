"""Benchmark: one-page refusal notices taken through the letter's life per second, with PKCS#12
keys: rendered for signature (number and date as empty fields), certified by the approver, the
number and date filled by the clerk, then signed by the agency with the seal — against the same
letters rendered unsigned (number printed), in the same run.

    .venv/bin/python bench/signing_bench.py [--letters 100] [--repeats 5]

Target (letters issue #13): at least 20 signed letters per second on one core. The keys are
opened and their certificates checked once (requests_flow.letters.signing.letter_signer), as
a clerk's batch would; the cost of opening them for a single letter (sign_letter) is printed
too. Certificates come from a throw-away CA made at start (requests_flow/letters/demo_pki.py).
"""

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from bench.letters_bench import refusal  # noqa: E402
from requests_flow.letters.data import FOR_SIGNATURE  # noqa: E402
from requests_flow.letters.demo_pki import DemoCA  # noqa: E402
from requests_flow.letters.layout import date_line, render, render_parts  # noqa: E402
from requests_flow.letters.number_fields import (  # noqa: E402
    DATE_FIELD,
    NUMBER_FIELD,
    fill_fields,
)
from requests_flow.letters.signing import letter_signer, sign_letter  # noqa: E402
from requests_flow.letters.signing_config import (  # noqa: E402
    Party,
    Pkcs12Key,
    Trust,
    load_certificates,
)
from requests_flow.letters.verification import verify_pdf  # noqa: E402

TARGET = 20  # signed letters per second
PASSPHRASE = "bench-only"


def parties(folder: Path, signer_name: str) -> tuple[Party, Party, Trust]:
    ca = DemoCA()
    approver = folder / "approver.p12"
    approver.write_bytes(ca.issue(signer_name).pkcs12(PASSPHRASE))
    agency = folder / "agency.p12"
    agency.write_bytes(ca.issue("Sở Tư pháp", organisation="Sở Tư pháp").pkcs12(PASSPHRASE))
    trust = Trust(roots=tuple(load_certificates(ca.cert_pem())))
    return (
        Party(signer_name, Pkcs12Key(approver, PASSPHRASE)),
        Party("Sở Tư pháp", Pkcs12Key(agency, PASSPHRASE)),
        trust,
    )


def timed(make, n: int, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per batch of n, for each repeat. CPU time is what one core spends,
    whatever else the (shared) machine runs; wall time includes waiting for the core."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            make()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def line(label: str, times: tuple[list[float], list[float]], n: int) -> str:
    walls, cpus = times
    cpu, wall = min(cpus) / n, min(walls) / n
    return (
        f"{label} {1 / cpu:6,.1f} letters/s of CPU ({1000 * cpu:.2f} ms each, median "
        f"{1000 * statistics.median(cpus) / n:.2f} ms); wall {1 / wall:6,.1f}/s"
    )


NUMBERS = itertools.count(1)


def issued(session, data) -> bytes:
    """What services.letter_sign_digital then letter_issue_digital make of an approved letter;
    each gets its own number, as the clerk gives them (no appearance drawn once serves two)."""
    blank = replace(data, mode=FOR_SIGNATURE, number_text="", issued_on=None)
    certified = session.approver.sign(*render_parts(blank))
    values = {
        NUMBER_FIELD: f"Số: {next(NUMBERS):02d}/TB-STP",
        DATE_FIELD: date_line(data.place, data.issued_on),
    }
    return session.agency.sign(fill_fields(certified, values), place="Tỉnh Tuyên Quang")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = refusal()
    with tempfile.TemporaryDirectory(prefix="tiepcan-signing-bench-") as folder:
        signer, agency, trust = parties(Path(folder), data.signer.name)
        with letter_signer(signer, agency, trust=trust) as session:
            sample = issued(session, data)
            assert verify_pdf(sample, trust).ok, "the benchmark's letter must verify"
            for _ in range(10):  # warm-up: fonts, seal image, imports
                issued(session, data)
            unsigned = timed(lambda: render(data), args.letters, args.repeats)
            signed = timed(lambda: issued(session, data), args.letters, args.repeats)
        pdf = render(data)
        single = timed(
            lambda: sign_letter(pdf, signer=signer, agency=agency, trust=trust),
            max(args.letters // 10, 5),
            args.repeats,
        )
    signed_rate = args.letters / min(signed[1])
    singles = max(args.letters // 10, 5)
    print(f"letters: {args.letters}, repeats: {args.repeats} (best of); refusal notice, 1 page")
    print(f"load average at end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(line("unsigned render:         ", unsigned, args.letters))
    print(line("render, sign, number, seal:", signed, args.letters))
    print(line("one letter, keys opened: ", single, singles))
    print(f"ratio signed/unsigned CPU time: {min(signed[1]) / min(unsigned[1]):.1f}x")
    print(f"signed PDF: {len(sample):,} bytes (unsigned {len(pdf):,})")
    verdict = "met" if signed_rate >= TARGET else "NOT met"
    print(f"target >= {TARGET} signed letters/s on one core (CPU time): {verdict}")


if __name__ == "__main__":
    main()
