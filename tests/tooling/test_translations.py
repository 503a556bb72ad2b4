"""Vietnamese first: every string in the code and templates is in the catalogue, translated, and
the compiled catalogue that ships is the one built from it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SOURCES = ["accounts", "audit", "config", "notifications", "portal", "requests_flow", "templates"]


def untranslated_or_fuzzy(po: Path) -> str:
    found = ""
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        entries = [e for e in out.split("\n\n") if "msgid" in e and 'msgid ""\nmsgstr ""' not in e]
        found += "\n\n".join(entries)
    return found


def test_catalogue_covers_every_string_and_all_are_translated(tmp_path):
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    missing = untranslated_or_fuzzy(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    assert not missing, f"run `make messages` and translate:\n{missing}"


def test_shipped_mo_is_compiled_from_the_po(tmp_path):
    built = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(built), str(PO)], check=True)
    assert built.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run `make messages`"
