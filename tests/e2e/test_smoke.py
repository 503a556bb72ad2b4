"""Smoke tests in a real browser: the public home page and the admin sign-in."""

import re
import unicodedata

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from notifications.models import Notification
from requests_flow.models import Agency

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AGENCY_NAME = unicodedata.normalize("NFC", "Sở Tư pháp tỉnh Tuyên Quang")


def test_home_page_is_vietnamese_and_lists_agencies(page: Page, live_server, screenshots_dir):
    Agency.objects.create(name=AGENCY_NAME, short_name="STP", place_name="Tuyên Quang")
    Agency.objects.create(
        name="Cơ quan đã giải thể", short_name="OLD", place_name="Hà Giang", is_active=False
    )

    response = page.goto(live_server.url + reverse("portal:home"))

    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("button", name="VI")).to_have_attribute("aria-current", "true")
    expect(page.get_by_text(AGENCY_NAME, exact=True)).to_be_visible()
    expect(page.get_by_text("Cơ quan đã giải thể")).to_have_count(0)
    expect(page.locator("a.brand")).to_have_text("Tiếp Cận")
    # The interface itself speaks Vietnamese (the catalogue in locale/vi), not only the data.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Yêu cầu cơ quan nhà nước cung cấp thông tin"
    )
    expect(
        page.get_by_role("heading", name="Các cơ quan tiếp nhận và giải quyết yêu cầu")
    ).to_be_visible()
    # static/css/site.css is served and applied (the header's brand colour comes from it).
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(163, 21, 21)")
    path = screenshots_dir / "home-desktop.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_superuser_signs_in_to_admin(page: Page, live_server, django_user_model):
    django_user_model.objects.create_superuser(
        username="quantri",
        email="quantri@example.vn",
        password="mat-khau-thu-nghiem-2026",
        full_name="Quản Trị Viên",
    )

    page.goto(live_server.url + reverse("admin:index"))
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill("mat-khau-thu-nghiem-2026")
    page.locator("#login-form [type=submit]").click()

    expect(page).to_have_url(live_server.url + reverse("admin:index"))
    expect(page.locator("body.dashboard")).to_be_visible()
    expect(page.locator("#user-tools")).to_contain_text("quantri")
    expect(page.locator(".app-requests_flow")).to_be_visible()
    expect(page.locator("#logout-form")).to_be_attached()


def test_a_browser_set_to_english_gets_vietnamese_until_the_switch(chromium, live_server):
    """Issue #15.8: a phone or browser in English gets the Vietnamese site; English only by the
    switch, which is then remembered."""
    context = chromium.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:home"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Yêu cầu cơ quan nhà nước cung cấp thông tin"
    )
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(live_server.url + reverse("portal:home"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_the_unread_badge_reads_clearly_in_the_red_header(chromium, live_server, django_user_model):
    """Issue #15 (cosmetic): the count was white on light grey; now red on white."""
    citizen = django_user_model.objects.create_user(username="hoa", full_name="Nguyễn Thị Hoa")
    Notification.objects.create(recipient=citizen, kind="test", title="Yêu cầu 01/2026", body="")
    page = signed_in_page(chromium, live_server.url, citizen)
    page.goto(live_server.url + reverse("portal:my_requests"))
    badge = page.locator("#notif-badge")
    expect(badge).to_have_text("1")
    expect(badge).to_have_css("background-color", "rgb(255, 255, 255)")
    expect(badge).to_have_css("color", "rgb(163, 21, 21)")
    page.context.close()


def test_pages_name_an_icon_that_is_served(page: Page, live_server):
    """Issue #15 (cosmetic): /favicon.ico answered 404 on every portal page."""
    page.goto(live_server.url + reverse("portal:home"))
    icon = page.locator("link[rel=icon]").get_attribute("href")
    answer = page.request.get(live_server.url + icon)
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
