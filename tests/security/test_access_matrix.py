"""Item 1 of issue #8: the access matrix. Every URL pattern of the resolver must have a row in
tests/security/matrix_table.py (a new view without one fails here); for each pattern, each actor
(anonymous, another citizen, an officer of another agency, someone of the right agency without
the role, the owner / the right officer) tries GET and POST; the status must be the documented
one, and no refused or read-only request may change anything (requests, audit events, tasks,
files, letters, codes, notifications, catalogue, files in MEDIA_ROOT)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse

from tests.helpers import signed_in

from .actors import ACTORS, state_snapshot
from .matrix_table import ADMIN_OPEN, ROUTES, RULES, VARIANTS
from .routes import PATTERNS, hostile_post, norole_of, owner_of, url_of

pytestmark = pytest.mark.django_db

ADMIN_GENERATED = {n for n in PATTERNS if n.startswith("admin:")} - {"admin:index"}


def test_every_url_pattern_has_a_row_in_the_matrix():
    served = set(PATTERNS) - ADMIN_GENERATED
    assert served - set(ROUTES) == set(), "URL patterns without a row in matrix_table.ROUTES"
    assert set(ROUTES) - served == set(), "rows of matrix_table.ROUTES that no URL has"
    assert set(ROUTES.values()) <= set(RULES)
    assert {pattern for pattern, _rule, _objects in VARIANTS.values()} <= set(ROUTES)
    assert {rule for _pattern, rule, _objects in VARIANTS.values()} <= set(RULES)
    assert all(len(cells) == len(ACTORS) for cells in RULES.values())


def matches(response, cell: str) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    login = resolve_url(settings.LOGIN_URL) + "?next="
    for option in cell.split("|"):
        if option == "ok" and status == 200:
            return True
        if option == "L" and status == 302 and location.startswith(login):
            return True
        if option == "A" and status == 302 and location.startswith("/admin/login/"):
            return True
        if option == "R" and status == 302 and not location.startswith(login):
            return True
        if option.isdigit() and status == int(option):
            return True
    return False


def check_cell(client, url: str, method: str, cell: str, data: dict, where: str) -> str | None:
    response = getattr(client, method)(url, data)
    if matches(response, cell):
        return None
    got = f"{response.status_code} {response.get('Location', '')}"
    return f"{where} {method.upper()}: got {got}, expected {cell}"


def cells_of(rule: str, actor: str) -> dict[str, str]:
    get, post = RULES[rule][ACTORS.index(actor)].split("/")
    return {"get": get, "post": post}


def test_every_actor_gets_the_documented_status_and_changes_nothing(world, capsys):
    """Refused actors post every field name our forms know, naming agency A's objects; the right
    person posts an empty form (reached, refused by the form, nothing changes)."""
    clients = {key: signed_in(user) for key, user in world.users.items()}
    clients["anon"] = world.client("anon")
    attack, before = hostile_post(world), state_snapshot()
    failures, checked = [], 0
    rows = [(name, name, rule, {}) for name, rule in ROUTES.items()]
    rows += [(label, *variant) for label, variant in VARIANTS.items()]
    for label, name, rule, objects in rows:
        url = url_of(world, name, objects)
        for actor in ACTORS:
            who = {"owner": owner_of(world, name), "norole": norole_of(name)}.get(actor, actor)
            for method, cell in cells_of(rule, actor).items():
                if cell == "-":
                    continue
                data = {} if actor == "owner" else attack
                where = f"{label} [{rule}] {actor}={who}"
                failures.append(check_cell(clients[who], url, method, cell, data, where))
                checked += 1
        if state_snapshot() != before:
            failures.append(f"{label}: something changed")
            before = state_snapshot()
    failures = [f for f in failures if f]
    with capsys.disabled():
        print(f"\naccess matrix: {len(ROUTES)} patterns, {checked} (pattern, actor, method) cells")
    assert not failures, "\n".join(failures)
    assert checked > 1000


def admin_url(name: str) -> str | None:
    """A concrete URL of an admin pattern (placeholder ids: the sign-in page comes first)."""
    _route, params = PATTERNS[name]
    if name.startswith("admin:<unnamed"):
        return "/admin/no-such-page/"  # the admin's catch-all view
    values = {"app_label": "requests_flow", "object_id": "1", "content_type_id": 1}
    try:
        return reverse(name, kwargs={p: values.get(p, "1") for p in params})
    except NoReverseMatch:
        return None


def test_admin_urls_send_everyone_without_staff_to_sign_in(world, capsys):
    clients = {
        "anon": world.client("anon"),
        "citizen": signed_in(world.users["citizen"]),
        "officer": signed_in(world.users["officer"]),
        "leader": signed_in(world.users["leader"]),
    }
    before, tried, failures = state_snapshot(), 0, []
    for name in sorted(ADMIN_GENERATED - ADMIN_OPEN):
        url = admin_url(name)
        assert url, f"{name}: no concrete URL"
        for who, client in clients.items():
            for method in ("get", "post"):
                failures.append(check_cell(client, url, method, "A", {}, f"{name} {who}"))
                tried += 1
    failures = [f for f in failures if f]
    with capsys.disabled():
        print(f"\nadmin URLs: {len(ADMIN_GENERATED - ADMIN_OPEN)} patterns, {tried} cells")
    assert not failures, "\n".join(failures)
    assert state_snapshot() == before
