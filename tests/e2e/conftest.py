"""Browser tests: Debian's Chromium driven by sync Playwright against pytest-django's live_server.

`playwright install` cannot download browsers on these machines, so the tests launch the system
Chromium (`apt-get install chromium`, see scripts/system-packages.sh). The plain `playwright`
package is the dependency, not the pytest-playwright plugin: these fixtures are the whole harness.

Run them on their own, as scripts/test.sh does:
    DJANGO_ALLOW_ASYNC_UNSAFE=true pytest -p no:asyncio tests/e2e
"""

import os
from collections.abc import Iterator
from pathlib import Path

import greenlet
import pytest
from django.conf import settings
from django.test.utils import override_settings
from playwright._impl._sync_base import SyncBase
from playwright.sync_api import (
    Browser,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.helpers import signed_in

from .guard import Guard

CHROMIUM = os.environ.get("TIEPCAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
E2E_DIR = Path(__file__).resolve().parent
# A page waits for its accessibility check before the next one renders (guard.py): give
# assertions the same patience as the contexts' actions.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this directory is a browser test, marked or not."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _live_server_serves_no_media() -> Iterator[None]:
    """The live server wraps the app in Django's media-files handler, which reads MEDIA_URL.

    The project sets MEDIA_URL = None on purpose (uploads go out only through permission-checked
    views, and FileField.url raises), but that handler crashes on None: every request would fail
    with "startswith first arg must be str ... not bytes". Give it a prefix no page uses, so it
    serves nothing, for the browser tests only. This runs before the session's live_server starts.
    """
    with override_settings(MEDIA_URL="/__media-is-never-served__/"):
        yield


@pytest.fixture(autouse=True)
def browser_guard(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Guard]:
    """Every browser context a test opens is watched (tests/e2e/guard.py): a JavaScript error, a
    CSP violation or a WCAG 2.1 A/AA violation on any page it visits fails the test."""
    guard = Guard()
    if "live_server" in request.fixturenames:
        guard.live_server = request.getfixturevalue("live_server").url
    new_context, sync = Browser.new_context, SyncBase._sync
    test = greenlet.getcurrent()  # event handlers run in other greenlets: never wait there

    def watched_new_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        guard.watch(context)
        return context

    def checked_sync(self, awaitable):
        # Every call of the sync API passes here (playwright 1.65, pinned); the guard's own
        # calls do too, hence the flag.
        if guard.pending and not guard.waiting and greenlet.getcurrent() is test:
            guard.waiting = True
            try:
                guard.before_call()
            finally:
                guard.waiting = False
        return sync(self, awaitable)

    def watched_new_page(self, *args, **kwargs):
        # Browser.new_page makes its context below the sync API: make it through ours instead
        # (the guard closes it at the end of the test).
        return watched_new_context(self, *args, **kwargs).new_page()

    monkeypatch.setattr(Browser, "new_context", watched_new_context)
    monkeypatch.setattr(Browser, "new_page", watched_new_page)
    monkeypatch.setattr(SyncBase, "_sync", checked_sync)
    yield guard
    guard.close_all()  # pytest_runtest_teardown below did it, unless the test failed to start
    problems = guard.problems()
    assert not problems, problems


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Before any fixture is torn down (servers stopped, the database flushed): check what is
    still open and close it (Guard.close_all)."""
    guard = getattr(item, "funcargs", {}).get("browser_guard")
    if guard is not None:
        guard.close_all()


@pytest.fixture
def csp_violations(browser_guard: Guard) -> list[str]:
    """The CSP violations seen so far (a test that provokes one on purpose clears it)."""
    return browser_guard.csp


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """artifacts/screenshots/ at the project root (artifacts/ is git-ignored)."""
    path = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def playwright_driver(pytestconfig: pytest.Config) -> Iterator[Playwright]:
    # A plain `pytest` run collects this directory too: skip there, with the way to run it.
    if pytestconfig.pluginmanager.has_plugin("asyncio"):
        pytest.skip(
            "browser test: sync Playwright cannot share a process with pytest-asyncio; run "
            "DJANGO_ALLOW_ASYNC_UNSAFE=true pytest -p no:asyncio tests/e2e"
        )
    if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") != "true":
        pytest.skip(
            "browser test: live_server with sync Playwright needs DJANGO_ALLOW_ASYNC_UNSAFE=true"
        )
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium (scripts/system-packages.sh)."
        )
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh desktop-sized page whose browser asks for Vietnamese, as citizens' browsers do."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def signed_in_page(chromium: Browser, base: str, user) -> Page:
    """A desktop page (as the `page` fixture) whose browser context holds a session of `user`
    made here, without the sign-in form (the server processes' clock is not moved yet)."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    cookie = signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context.new_page()
