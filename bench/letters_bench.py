"""Benchmark: one-page refusal notices (Form 05) rendered per second, against a minimal one-page
reportlab document in the same font, in the same run.

    .venv/bin/python bench/letters_bench.py [--letters 200] [--repeats 5]

Target (letters issue): at least 50 letters per second on one core after warm-up, rendering only
(no database, no file storage). The baseline is a canvas with one line of text in the same
embedded Liberation Serif, so the ratio shows what the Decree 30 layout (tables, paragraphs,
justification, the four faces) costs on top of writing a PDF at all.
"""

import argparse
import dataclasses
import io
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from requests_flow.letters.content import Header, letter_data, symbol  # noqa: E402
from requests_flow.letters.data import Signer  # noqa: E402
from requests_flow.letters.fonts import register_fonts  # noqa: E402
from requests_flow.letters.layout import render  # noqa: E402
from requests_flow.management.commands.letter_sample import demo_facts  # noqa: E402

TARGET = 50  # letters per second
HEADER = Header(
    parent_agency="Ủy ban nhân dân tỉnh Tuyên Quang",
    agency="Sở Tư pháp",
    short_name="STP",
    place="Tuyên Quang",
    signer=Signer("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đặng Thị Ngọc Ánh"),
    drafting_unit="VP",
)


def refusal():
    """A common refusal: one ground (Art. 28(1)(a)) with its reasons and the complaint rights."""
    facts = demo_facts(long=False)
    facts = dataclasses.replace(facts, grounds=facts.grounds[:1], competent_agency="")
    return letter_data(
        "refusal",
        facts,
        HEADER,
        number_text=f"07/{symbol('refusal', HEADER)}",
        issued_on=date(2026, 2, 5),
    )


def minimal(font: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font, initialFontSize=13)
    canvas.setFont(font, 13)
    canvas.drawString(85, 760, "Cộng hòa xã hội chủ nghĩa Việt Nam")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(make, n: int, repeats: int) -> list[float]:
    """Seconds per batch of n, for each repeat."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            make()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    font = register_fonts()
    data = refusal()
    pages = len(PdfReader(io.BytesIO(render(data))).pages)
    assert pages == 1, f"the benchmark letter must fit on one page, not {pages}"
    for _ in range(20):  # warm-up: font subsets, style caches, imports
        render(data)
        minimal(font)

    letter = timed(lambda: render(data), args.letters, args.repeats)
    bare = timed(lambda: minimal(font), args.letters, args.repeats)
    letter_rate = args.letters / min(letter)
    bare_rate = args.letters / min(bare)
    print(f"letters: {args.letters}, repeats: {args.repeats} (best of); refusal notice, 1 page")
    print(
        f"refusal notice:  {letter_rate:8,.0f} letters/s "
        f"({1000 * min(letter) / args.letters:.2f} ms each, "
        f"median {1000 * statistics.median(letter) / args.letters:.2f} ms)"
    )
    print(
        f"minimal canvas:  {bare_rate:8,.0f} documents/s "
        f"({1000 * min(bare) / args.letters:.2f} ms each, "
        f"median {1000 * statistics.median(bare) / args.letters:.2f} ms)"
    )
    print(f"ratio letter/minimal time: {bare_rate / letter_rate:.1f}x")
    print(f"target >= {TARGET} letters/s: {'met' if letter_rate >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
