"""Moments and helpers of the complaint and correction tests: requests move through the real
services (tests/helpers.py Desk), in March 2026 (Law 104/2016/QH13, verified) or in September
2026 (the 2026 law, unverified)."""

import subprocess
from datetime import date, datetime, time

from requests_flow.deadlines import LOCAL_TZ
from requests_flow.letters.layout import render
from requests_flow.models import Letter
from requests_flow.tasks import letter_data_from

LAW_104_ART_32_2 = "khoản 2 Điều 32 Luật Tiếp cận thông tin số 104/2016/QH13"
LAW_2026 = "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026"
# A minimal PDF, as the services receive files after the upload checks.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: int | date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of a day of March 2026, or of the date given, local time."""
    day = day if isinstance(day, date) else date(2026, 3, day)
    return datetime.combine(day, time(hour, minute), LOCAL_TZ)


def letter_text(letter: Letter, tmp_path) -> str:
    """The letter as the worker renders it, read back by pdftotext, whitespace joined."""
    path = tmp_path / f"{letter.pk}.pdf"
    path.write_bytes(render(letter_data_from(letter.content)))
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())
