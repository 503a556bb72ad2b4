"""Back-office pages in a real browser (issue #15 cosmetic items): the header's "Notifications"
opens the back office's own page, with its menu, where every item is a link to its request (the
items about a new request were not links, on the portal's page); from the request's page the
process graph opens as a page of the back office with a way back and the steps in Vietnamese as
the flow names them (it was a bare SVG with Title-Cased labels)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from tests.helpers import STAFF, make_agency, people_of
from tests.portal.support import filed_online

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filed(django_user_model) -> dict:
    agency = make_agency()
    people = people_of(
        agency, django_user_model, [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])]
    )
    return {"info": filed_online(agency, people["citizen"]), "officer": people["officer"]}


def test_notifications_and_the_process_graph_keep_the_back_office(
    chromium: Browser, live_server, filed, screenshots_dir
):
    base, info = live_server.url, filed["info"]
    page = signed_in_page(chromium, base, filed["officer"])
    page.goto(base + reverse("informationrequest:queue"))
    page.locator("a.tc-toolbar-link").click()  # the header's "Thông báo"
    expect(page).to_have_url(base + reverse("notices:index"))
    expect(page.locator(".vf-page__menu")).to_be_visible()  # the back office's menu stays
    items = page.locator(".tc-notices__list li")
    expect(items).to_have_count(1)
    expect(items.locator("a")).to_have_count(1)
    expect(items.locator("a")).to_contain_text("Tiếp nhận yêu cầu")
    page.screenshot(path=str(screenshots_dir / "backoffice-notifications.png"), full_page=True)

    items.locator("a").click()
    detail = reverse("informationrequest:process_detail", args=[info.process.pk])
    expect(page).to_have_url(base + detail)
    page.get_by_role("link", name="Sơ đồ quy trình").click()
    expect(page).to_have_url(re.compile(r"/chart/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sơ đồ quy trình — {info.register_number}"
    )
    graph = page.locator("main svg.tc-graph")
    expect(graph).to_be_visible()
    expect(graph).to_contain_text("Xác định thời hạn")
    expect(graph).not_to_contain_text("Xác Định Thời Hạn")
    expect(page.locator(".vf-page__menu")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "backoffice-process-graph.png"), full_page=True)
    page.get_by_role("link", name="Quay lại yêu cầu").click()
    expect(page).to_have_url(base + detail)

    # The process overview's pop-up still shows the graph as an image (an <img> gets the SVG).
    page.goto(base + reverse("informationrequest:index"))
    image = page.locator("vf-modal-trigger img")
    expect(image).to_have_count(1)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    page.context.close()
