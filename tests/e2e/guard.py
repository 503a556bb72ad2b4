"""What every browser test checks on every page it visits (issue #15, accessibility acceptance):
no JavaScript error (console errors and uncaught exceptions), no Content-Security-Policy
violation, and axe-core's WCAG 2.1 A/AA rules.

How "every page" holds: conftest.py wraps Browser.new_context (and new_page), so each context a
test opens gets `watch(context)`:

- an init script (Playwright injects it before any page script, outside the page's CSP) that
  reports CSP violations to the console and carries axe-core (axe-playwright-python's copy). In
  each top-level HTML document it runs axe once the page has loaded, and again on each Turbo
  visit of the back office (Turbo replaces the body without a page load); the result goes to the
  console as one "tiepcan-axe {json}" line.
- a gate, so a test cannot leave a page before its check has finished: a page reports on the
  console when a check starts, and before the test's next call to Playwright (the only thing
  that can move the page on: a click, a goto, an assertion) the guard waits for the checks
  under way (Guard.before_call, hooked into Playwright's sync dispatcher by conftest.py).
  Gating the navigation itself was tried first: in a route handler, neither Playwright's
  evaluate nor a DevTools Runtime.evaluate returns while the navigation is held.

At the end of the test the guard finishes the checks of the pages still open and closes them
(Guard.close_all); the test then fails at teardown on anything collected (Guard.problems).
"""

import contextlib
import json
from dataclasses import dataclass, field

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    WebError,
)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# axe rules switched off, each with the reason. Empty: every WCAG 2.1 A/AA rule applies.
RULES_EXCLUDED: dict[str, str] = {}

# Console errors let through (Guard.excluded), each with its reason. Everything else fails.
#
# pytest-django's live_server is a WSGI thread that speaks no WebSocket: every page's live.js
# gets a 404 to its handshake there (and retries). Only on that server (Guard.live_server); the
# sockets themselves are tested against daphne and `manage.py runall` (test_live.py,
# test_live_make_run.py), where nothing is let through.
LIVE_SERVER_SOCKET = (
    "WebSocket connection to 'ws://{host}/ws/notifications/' failed: "
    "Error during WebSocket handshake: Unexpected response code: 404"
)
# The protocol, not an error: viewflow's HotwireTurboMiddleware answers a form that Turbo
# posted in the back office with 422 when the answer is a page to show (a form with its errors,
# the access code just issued, the bulk action's confirmation), as Turbo requires to render
# it; Chromium logs every 4xx response as a failed resource. Back-office URLs only.
TURBO_POST_ANSWER = "Failed to load resource: the server responded with a status of 422"

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_21_AA},
    "rules": {rule: {"enabled": False} for rule in RULES_EXCLUDED},
    "resultTypes": ["violations"],
}
AXE_PREFIX = "tiepcan-axe "

PROBE = """
(() => {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
      + " at " + (e.sourceFile || location.href) + ":" + e.lineNumber);
  });
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const OPTIONS = %(options)s;
  const PREFIX = %(prefix)s;
  let queue = Promise.resolve();
  let checked = null;  // the body last checked: Turbo replaces it on each visit
  const summary = (v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 200),
      why: (n.failureSummary || "").slice(0, 300)})),
  });
  // The page at rest: colours are read after the transitions under way (a snackbar fading
  // in is not yet its colour); endless ones (a spinner) are not waited for.
  const settled = () => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => null)));
  const check = () => {
    if (document.contentType !== "text/html" || !document.body || checked === document.body) {
      return queue;
    }
    checked = document.body;
    const url = location.href;
    queue = queue
      .then(settled)
      .then(() => axe.run(document, OPTIONS))
      .then(
        (r) => console.log(PREFIX + JSON.stringify({url, violations: r.violations.map(summary)})),
        (e) => console.log(PREFIX + JSON.stringify({url, error: String(e)})),
      );
    return queue;
  };
  // Once the page's own handlers of the event have run, and the Material components that
  // viewflow sets up in a timeout after connecting. The start is told at once: the test's next
  // call waits for it (Guard.before_call).
  let ready = Promise.resolve();
  const soon = () => {
    console.log(PREFIX + "start");
    ready = new Promise((resolve) => setTimeout(resolve, 100)).then(check);
  };
  window.__tiepcanAxeCheck = () => ready.then(check);
  window.addEventListener("load", soon);
  document.addEventListener("turbo:load", soon);
})();
""" % {"options": json.dumps(AXE_OPTIONS), "prefix": json.dumps(AXE_PREFIX)}

FINISH = "() => window.__tiepcanAxeCheck ? window.__tiepcanAxeCheck().then(() => true) : false"


@dataclass
class Guard:
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    contexts: list[BrowserContext] = field(default_factory=list)
    pending: set[Page] = field(default_factory=set)
    waiting: bool = False
    live_server: str = ""  # its URL, when the test uses it

    def watch(self, context: BrowserContext) -> None:
        self.contexts.append(context)
        context.add_init_script(AXE_SCRIPT + "\n" + PROBE)
        context.on("console", self.on_console)
        context.on("weberror", self.on_weberror)

    def on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "log" and text == AXE_PREFIX + "start":
            self.pending.add(message.page)
        elif message.type == "log" and text.startswith(AXE_PREFIX):
            self.on_axe(json.loads(text[len(AXE_PREFIX) :]))
        elif text.startswith("CSP violation") or "Content Security Policy" in text:
            self.csp.append(text)
        elif message.type == "error" and not self.excluded(text, message.location):
            where = (message.location or {}).get("url", "")
            page = message.page.url if message.page else "?"
            self.errors.append(f"console error on {page}: {text} (at {where})")

    def excluded(self, text: str, location: dict | None) -> bool:
        if text.startswith(TURBO_POST_ANSWER):
            return "/backoffice/" in (location or {}).get("url", "")
        if not self.live_server:
            return False
        return text == LIVE_SERVER_SOCKET.format(host=self.live_server.split("://", 1)[1])

    def on_weberror(self, error: WebError) -> None:
        url = error.page.url if error.page else "?"
        self.errors.append(f"uncaught exception on {url}: {error.error}")

    def on_axe(self, result: dict) -> None:
        self.checked.add(result["url"])
        if "error" in result:
            self.axe.append(f"{result['url']}: axe-core failed to run: {result['error']}")
        for v in result.get("violations", []):
            nodes = "".join(
                f"\n    {n['target']}: {n['html']}\n      {n['why']}" for n in v["nodes"]
            )
            self.axe.append(f"{result['url']}: {v['id']} ({v['impact']}) {v['help']}{nodes}")

    def before_call(self) -> None:
        """Wait for the checks under way, before the test's next call moves a page on."""
        pages, self.pending = self.pending, set()
        for page in pages:
            if page is not None and not page.is_closed():
                self.finish(page)

    def close_all(self) -> None:
        """At the end of the test, before its fixtures stop servers: a page still open would
        log the socket's reconnection attempts to a server that is gone."""
        for context in self.contexts:
            self.finish_all(context)
            with contextlib.suppress(Error):
                context.close()

    def finish_all(self, context: BrowserContext) -> None:
        for page in context.pages:
            if not page.is_closed():
                self.finish(page)

    def finish(self, page: Page) -> None:
        """Wait until the page's document has been checked (starting the check if its load has
        not come yet)."""
        # Error: the document or page went away meanwhile; nothing left to check there.
        with contextlib.suppress(Error):
            page.evaluate(FINISH)

    def problems(self) -> str:
        parts = [
            ("JavaScript errors", self.errors),
            ("Content-Security-Policy violations", self.csp),
            ("WCAG 2.1 A/AA violations (axe-core)", self.axe),
        ]
        return "\n\n".join(f"{title}:\n" + "\n".join(items) for title, items in parts if items)
