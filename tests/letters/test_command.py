"""`manage.py letter_sample`: a sample of each kind signed as the agency configures it; bad input
ends with one readable line and a non-zero status, never a traceback."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from pypdf import PdfReader

from requests_flow.models import Agency, LetterKind

from .samples import flat


@pytest.fixture
def signed(agency, other_agency) -> Agency:
    """The test agency with a deputy signing for the director; the other one, inactive, would
    otherwise come first."""
    Agency.objects.filter(pk=other_agency.pk).update(is_active=False)
    agency.signer_prefix, agency.signer_authority = "KT.", "GIÁM ĐỐC"
    agency.signer_title, agency.signer_name = "PHÓ GIÁM ĐỐC", "Đặng Thị Ngọc Ánh"
    agency.drafting_unit = "VP"
    agency.save()
    return agency


def sample(tmp_path, kind, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    path = tmp_path / f"{kind}.pdf"
    call_command("letter_sample", "--kind", kind, "--out", str(path), *args, stdout=out, stderr=err)
    pages = PdfReader(path).pages
    assert len(pages) > 1, "the demo body runs over a page"
    return flat(" ".join(page.extract_text() for page in pages)), out.getvalue()


@pytest.mark.parametrize("kind", LetterKind.values)
def test_a_sample_of_each_kind_with_the_agencys_signer(tmp_path, signed, kind):
    text, out = sample(tmp_path, kind)
    for element in ("SỞ TƯ PHÁP TỈNH TUYÊN QUANG", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"):
        assert element in text
    assert "Đặng Thị Ngọc Ánh" in text and "Tôn Nữ Hoàng Thị Phương Quỳnh" in text
    assert "Số: 07/" in text and "07/" in out and str(tmp_path) in out


def test_the_agency_is_chosen_by_its_short_name(tmp_path, signed, other_agency):
    with pytest.raises(CommandError, match=r"unknown agency: hg1 \(có / known: STP\)"):
        sample(tmp_path, "refusal", "--agency", "hg1")  # inactive
    Agency.objects.filter(pk=other_agency.pk).update(is_active=True)
    text, _out = sample(tmp_path, "refusal", "--agency", "hg1")
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HÀ GIANG 1" in text and "Số: 07/TB-UBND" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "memo"], "invalid choice: 'memo'"),
        (["--kind", "refusal", "--agency", "XYZ"], "unknown agency: XYZ"),
        (["--kind", "refusal", "--out", "/nonexistent/folder/x.pdf"], "cannot write"),
    ],
)
def test_bad_input_is_one_readable_error(tmp_path, signed, args, message):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "x.pdf")]
    with pytest.raises(CommandError, match=message):
        call_command("letter_sample", *args)


@pytest.mark.django_db
def test_no_agency_at_all(tmp_path):
    with pytest.raises(CommandError, match="no active agency"):
        call_command("letter_sample", "--kind", "cover", "--out", str(tmp_path / "x.pdf"))


def test_a_missing_font_is_one_readable_error(tmp_path, signed):
    with override_settings(LETTER_FONT_DIR=str(tmp_path)), pytest.raises(CommandError) as error:
        call_command("letter_sample", "--kind", "cover", "--out", str(tmp_path / "x.pdf"))
    assert "fonts-liberation2" in str(error.value)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--kind", "memo", "--out", "x.pdf"], 2, "invalid choice: 'memo'"),
        (["--kind", "cover", "--out", "x.pdf"], 1, "CommandError: Letter font"),
    ],
)
def test_from_the_shell_no_traceback(tmp_path, args, status, message):
    """Checked before the database is touched, so a bare process shows what a person sees."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["TIEPCAN_LETTER_FONT_DIR"] = str(tmp_path)
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "letter_sample", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == status
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].count(message) == 1
    assert not (tmp_path / "x.pdf").exists()
