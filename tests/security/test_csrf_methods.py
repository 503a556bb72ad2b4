"""Item 2 of issue #8: CSRF and methods. With a browser that enforces CSRF checks, every URL of
the project refuses a POST without a valid token (403) and nothing changes, even for the right
person on the URLs that change state; the same POST with the token is not refused by that check
(so the 403 was CSRF's). Nothing changes state on GET: each URL is read by the right person and
every count stays. No view is exempt from the CSRF check."""

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from .actors import state_snapshot
from .matrix_table import ROUTES
from .routes import all_patterns, owner_of, url_of

pytestmark = pytest.mark.django_db

# View name -> why it may skip the CSRF check. Empty: none may.
CSRF_EXEMPT_REASONS: dict[str, str] = {}


def test_no_view_is_exempt_from_the_csrf_check():
    exempt = {name for name, _route, _params, view in all_patterns() if view_is_exempt(view)}
    assert exempt == set(CSRF_EXEMPT_REASONS), f"csrf_exempt views without a reason: {exempt}"


def view_is_exempt(view) -> bool:
    # A class-based view carries the flag on the function as_view() returns; wrappers (the
    # back office's agency gate) copy it with functools.wraps.
    return bool(getattr(view, "csrf_exempt", False))


def strict_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def with_token(client: Client) -> dict:
    """A valid token for the client's cookie, as a page's form would carry it."""
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return {"csrfmiddlewaretoken": token}


def test_every_post_without_a_token_is_refused_and_changes_nothing(world, capsys):
    before, refused, tried, failures = state_snapshot(), 0, 0, []
    for name in ROUTES:
        url = url_of(world, name)
        owner = world.users[owner_of(world, name)]
        for who, client in (("anonymous", strict_client()), ("right person", strict_client(owner))):
            response = client.post(url, {"_confirm": "1", "action": "approve"})
            tried += 1
            if response.status_code == 403 and b"CSRF" in response.content:
                refused += 1
            else:
                failures.append(f"{name} {who}: {response.status_code}")
    with capsys.disabled():
        print(f"\nCSRF: tried {tried} POSTs without a token, refused {refused}")
    assert not failures, failures
    assert state_snapshot() == before


def test_with_the_token_the_check_passes(world):
    """The 403 above is CSRF's: the same browser with a token reaches the views (a form error,
    a redirect or the method refused, but never the CSRF page)."""
    for name in ("portal:supplement", "portal:lookup", "notifications:centre", "portal:submit"):
        client = strict_client(world.users[owner_of(world, name)])
        response = client.post(url_of(world, name), with_token(client))
        assert b"CSRF" not in response.content, name
        assert response.status_code in (200, 302), (name, response.status_code)


def test_nothing_changes_state_on_get(world, capsys):
    """Every URL read by the right person (and by an anonymous visitor): every count stays."""
    before, tried = state_snapshot(), 0
    for name in ROUTES:
        url = url_of(world, name)
        for client in (Client(), strict_client(world.users[owner_of(world, name)])):
            assert client.get(url).status_code < 500, name
            tried += 1
            assert state_snapshot() == before, f"GET {name} changed something"
    with capsys.disabled():
        print(f"\nGET: tried {tried} reads on {len(ROUTES)} URLs, changed 0")


def test_signing_out_needs_a_post(world):
    """Django 5's LogoutView accepts POST only: a link or an image cannot sign anyone out."""
    client = strict_client(world.users["citizen"])
    mine = reverse("portal:my_requests")
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(mine).status_code == 200  # still signed in
    assert client.post(reverse("logout")).status_code == 403  # no token: refused too
    assert client.get(mine).status_code == 200
    assert client.post(reverse("logout"), with_token(client)).status_code in (200, 302)
    assert client.get(mine).status_code == 302  # signed out
