"""viewflow ships no Vietnamese catalogue, so locale/viewflow holds one (see LOCALE_PATHS): every
string of the installed viewflow is in it, translated, and the compiled catalogue that ships is
the one built from it. Upgrading viewflow with new strings fails here with the list to translate."""

import gettext
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import viewflow
from django.utils import translation

from tests.tooling.test_translations import untranslated_or_fuzzy

ROOT = Path(__file__).resolve().parents[2]
LC_MESSAGES = ROOT / "locale" / "viewflow" / "vi" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]
VIEWFLOW = Path(viewflow.__file__).resolve().parent
# viewflow's own JavaScript, as its source map carries it (the minified bundle renames gettext).
JS_SOURCE_MAP = VIEWFLOW / "static" / "viewflow" / "js" / "viewflow.min.js.map"
# The keywords Django's makemessages gives xgettext for the djangojs domain.
JS_KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
]


def msgids(po: Path) -> set:
    """The (context, msgid) pairs of a catalogue or template, read back by Python's gettext."""
    english = subprocess.run(["msgen", str(po)], capture_output=True, check=True).stdout
    mo = subprocess.run(
        ["msgfmt", "--use-fuzzy", "-o", "-", "-"], input=english, capture_output=True, check=True
    ).stdout
    catalog = gettext.GNUTranslations(io.BytesIO(mo))._catalog
    keys = {key[0] if isinstance(key, tuple) else key for key in catalog}
    return {tuple(key.split("\x04", 1)) if "\x04" in key else ("", key) for key in keys if key}


def extract_django(tmp_path: Path) -> Path:
    """makemessages over a copy of the installed viewflow (Python code and templates)."""
    work = tmp_path / "django-src"
    shutil.copytree(
        VIEWFLOW,
        work / "viewflow",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static"),
    )
    (work / "locale").mkdir()
    (work / "extract_settings.py").write_text('SECRET_KEY = "extract"\nUSE_I18N = True\n')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "extract_settings", "PYTHONPATH": str(work)}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    return work / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def extract_djangojs(tmp_path: Path) -> Path:
    """xgettext over viewflow's own JavaScript sources, as shipped in its bundle's source map."""
    assert JS_SOURCE_MAP.exists(), f"viewflow's JS bundle moved: look for gettext in {VIEWFLOW}"
    source_map = json.loads(JS_SOURCE_MAP.read_text(encoding="utf-8"))
    work = tmp_path / "js-src"
    files = []
    for number, (name, content) in enumerate(
        zip(source_map["sources"], source_map["sourcesContent"], strict=True)
    ):
        if "node_modules" in name or not content:
            continue
        files.append(work / f"{number:03d}-{Path(name).name}")
        files[-1].parent.mkdir(exist_ok=True)
        files[-1].write_text(content, encoding="utf-8")
    pot = tmp_path / "djangojs.pot"
    subprocess.run(
        [
            "xgettext",
            "--language=JavaScript",
            "--from-code=UTF-8",
            *JS_KEYWORDS,
            "--force-po",
            "-o",
            str(pot),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
    )
    # A template's header leaves the charset to fill in; msgfmt needs it.
    pot.write_text(
        pot.read_text(encoding="utf-8").replace("charset=CHARSET", "charset=UTF-8"),
        encoding="utf-8",
    )
    return pot


@pytest.mark.parametrize("domain", DOMAINS)
def test_shipped_mo_is_compiled_from_the_po(domain, tmp_path):
    po = LC_MESSAGES / f"{domain}.po"
    built = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(built), str(po)], check=True)
    assert built.read_bytes() == po.with_suffix(".mo").read_bytes(), (
        f"run: msgfmt --check-format -o {po.with_suffix('.mo')} {po}"
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated(domain):
    po = LC_MESSAGES / f"{domain}.po"
    missing = untranslated_or_fuzzy(po)
    assert not missing, f"translate (and unflag) in {po}:\n{missing}"


@pytest.mark.parametrize(
    ("domain", "extract"), [("django", extract_django), ("djangojs", extract_djangojs)]
)
def test_catalogue_covers_every_string_of_the_installed_viewflow(domain, extract, tmp_path):
    wanted = msgids(extract(tmp_path))
    assert wanted, "the extraction found no strings at all: the test is broken"
    missing = wanted - msgids(LC_MESSAGES / f"{domain}.po")
    listing = "\n".join(f"msgctxt {c!r} msgid {m!r}" if c else repr(m) for c, m in sorted(missing))
    assert not missing, (
        f"viewflow {getattr(viewflow, '__version__', '')} has strings that "
        f"{LC_MESSAGES / f'{domain}.po'} lacks; add and translate them, then recompile:\n{listing}"
    )


def test_back_office_speaks_vietnamese():
    with translation.override("vi"):
        for english in ("Inbox", "Queue", "Archive", "Execute", "Assign", "Dashboard"):
            assert translation.gettext(english) != english
        assert translation.pgettext("STATUS", "New") != "New"
        assert translation.gettext("Inbox") == "Hộp công việc"
