"""A missing letter font is said by the system checks (issue #15: `make run` neither installed
nor checked fonts-liberation2), naming the package and the setting."""

from django.core import checks

from requests_flow.letters.fonts import check_letter_font


def test_a_missing_letter_font_is_a_warning_naming_the_package(settings, tmp_path):
    settings.LETTER_FONT_DIR = str(tmp_path)
    [warning] = check_letter_font()
    assert warning.id == "tiepcan.W001" and "fonts-liberation2" in warning.msg
    assert "tiepcan.W001" in {m.id for m in checks.run_checks()}


def test_with_the_font_installed_nothing_is_said():
    assert check_letter_font() == []
