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

import pytest
from django.conf import settings
from django.test.utils import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.helpers import signed_in

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


# Runs before any page script, outside the page's Content-Security-Policy (Playwright injects it):
# every violation the page reports is written to the console, where watch_csp collects it.
CSP_PROBE = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + (e.sourceFile || location.href) + ":" + e.lineNumber);
});
"""


def watch_csp(context: BrowserContext, violations: list[str]) -> None:
    context.add_init_script(CSP_PROBE)

    def collect(message) -> None:
        text = message.text
        if text.startswith("CSP violation") or "Content Security Policy" in text:
            violations.append(text)

    context.on("console", collect)


@pytest.fixture(autouse=True)
def csp_violations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every browser context a test opens reports its CSP violations here; any fails the test.
    So every page the browser tests visit is also a check that the policy breaks nothing."""
    violations: list[str] = []
    new_context = Browser.new_context

    def watched_new_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        watch_csp(context, violations)
        return context

    monkeypatch.setattr(Browser, "new_context", watched_new_context)
    yield violations
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


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
