"""A citizen registers with the keyboard only, is told what to fix, verifies the address from the
e-mail and lands signed in on their requests."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hoa-mat-khau-2026!"


def test_register_verify_and_sign_in(page: Page, live_server, mailoutbox, screenshots_dir):
    cache.clear()
    page.goto(live_server.url + reverse("portal:register"))
    page.locator("#id_full_name").focus()
    page.keyboard.type("Nguyễn Thị Hoa")
    for value in ("hoa@example.vn", PASSWORD, PASSWORD + "x"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")

    summary = page.locator("#errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(page.locator("#id_password2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_full_name")).to_have_value("Nguyễn Thị Hoa")
    expect(page.locator("#id_password1")).to_have_value("")
    page.screenshot(path=str(screenshots_dir / "register-errors.png"), full_page=True)

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_password2").press("Enter")
    expect(page).to_have_url(live_server.url + reverse("portal:register_done"))

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/tai-khoan/xac-minh/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Xác minh và đăng nhập").click()  # nothing happens by GET
    expect(page).to_have_url(live_server.url + reverse("portal:my_requests"))
    expect(page.locator(".message--success")).to_be_visible()
