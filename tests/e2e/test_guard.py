"""The guard of conftest.py / guard.py sees what it must fail on: a page with an image without
a text alternative, a console error and an uncaught exception is reported on all three counts
(the control that shows every other browser test's silence means something)."""

import pytest
from playwright.sync_api import Browser, Page

from .guard import Guard

pytestmark = [pytest.mark.e2e]

FAULTY = """<!doctype html><html lang="vi"><head><title>Trang lỗi</title></head>
<body><main><h1>Trang lỗi</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<script>console.error("lỗi thử"); setTimeout(() => { null.focus(); });</script>
</main></body></html>"""


@pytest.mark.parametrize("made_by", ["context", "browser"])
def test_the_guard_reports_an_axe_violation_and_script_errors(
    page: Page, chromium: Browser, browser_guard: Guard, made_by: str
):
    if made_by == "browser":  # a page made without a context of the test's own
        page = chromium.new_page()
    page.route(
        "http://guard.example/",
        lambda route: route.fulfill(body=FAULTY, content_type="text/html; charset=utf-8"),
    )
    page.goto("http://guard.example/")
    page.wait_for_timeout(200)
    page.context.close()  # waits for the page's check
    assert any("image-alt" in v for v in browser_guard.axe), browser_guard.axe
    assert any("lỗi thử" in e for e in browser_guard.errors), browser_guard.errors
    assert any("uncaught exception" in e and "focus" in e for e in browser_guard.errors)
    assert "http://guard.example/" in browser_guard.checked
    # Expected here: the control's findings must not fail it.
    browser_guard.axe.clear()
    browser_guard.errors.clear()
