"""config/env.py: settings read the environment only through it, a bad value stops start-up with a
message naming the variable, and every variable read is in the README's configuration table."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


def test_unset_variables_give_the_defaults(monkeypatch):
    for name in ("TIEPCAN_X_STR", "TIEPCAN_X_BOOL", "TIEPCAN_X_INT", "TIEPCAN_X_LIST"):
        monkeypatch.delenv(name, raising=False)
    assert env_str("TIEPCAN_X_STR", "d") == "d"
    assert env_bool("TIEPCAN_X_BOOL", True) is True
    assert env_int("TIEPCAN_X_INT", 7) == 7
    assert env_list("TIEPCAN_X_LIST") == []


def test_values_are_read_as_the_settings_always_read_them(monkeypatch):
    monkeypatch.setenv("TIEPCAN_X_BOOL", "")  # set but empty: off, as before the helper
    assert env_bool("TIEPCAN_X_BOOL", True) is False
    monkeypatch.setenv("TIEPCAN_X_BOOL", "1")
    assert env_bool("TIEPCAN_X_BOOL", False) is True
    monkeypatch.setenv("TIEPCAN_X_INT", " 42 ")
    assert env_int("TIEPCAN_X_INT", 0) == 42
    monkeypatch.setenv("TIEPCAN_X_LIST", " a.vn, ,b.vn ")
    assert env_list("TIEPCAN_X_LIST") == ["a.vn", "b.vn"]


@pytest.mark.parametrize(
    ("read", "value", "message"),
    [
        (lambda: env_int("TIEPCAN_X_BAD", 5), "5 minutes", "TIEPCAN_X_BAD must be a whole number"),
        (lambda: env_int("TIEPCAN_X_BAD", 5), "", "TIEPCAN_X_BAD must be a whole number"),
        (lambda: env_bool("TIEPCAN_X_BAD", False), "true", "TIEPCAN_X_BAD must be 1 or 0"),
        (lambda: env_required("TIEPCAN_X_BAD"), "  ", "Set the environment variable TIEPCAN_X_BAD"),
        (lambda: env_list("TIEPCAN_X_BAD", required=True), "", "variable TIEPCAN_X_BAD"),
    ],
)
def test_a_bad_value_names_the_variable(read, value, message, monkeypatch):
    monkeypatch.setenv("TIEPCAN_X_BAD", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        read()


def test_settings_read_the_environment_only_through_the_helper_and_the_readme_lists_it_all():
    settings_dir = BASE_DIR / "config" / "settings"
    sources = {path.name: path.read_text() for path in settings_dir.glob("*.py")}
    assert not [name for name, text in sources.items() if "os.environ" in text or "getenv" in text]
    read = set()
    for text in sources.values():
        read |= set(re.findall(r"env_(?:str|bool|int|list|required)\(\s*\"([A-Z0-9_]+)\"", text))
    assert len(read) >= 30, sorted(read)
    readme = (BASE_DIR / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\|[^|]*", table, re.MULTILINE))
    documented = {name for row in listed for name in re.findall(r"`([A-Z0-9_]+)`", row)}
    assert not read - documented, sorted(read - documented)
