"""A page's script errors, collected for a browser test to assert there are none."""

from playwright.sync_api import Page


def console_errors(page: Page) -> list[str]:
    """The page's script errors. live_server is a WSGI thread: the notification socket's failed
    handshake is not one (tests/e2e/test_live.py runs the sockets against daphne)."""
    errors: list[str] = []

    def collect(message) -> None:
        if message.type == "error" and not message.text.startswith("WebSocket connection to"):
            errors.append(message.text)

    page.on("console", collect)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors
