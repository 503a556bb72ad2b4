"""The user guide's screenshots (docs/huong-dan/anh/*.png, issue #15), taken afresh on every run of
the browser tests so they never show screens that have changed: each role walks its main screens
on the demo data of `make run` (seed_demo), on a 1280-px desktop and, for the citizen, a phone.
Then every guide page (/huong-dan/…) must load, and every image it names must exist and load; the
set of images the pages name is exactly the set this test wrote (no stale file, no missing one)."""

import re
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from portal.guide import PAGES
from requests_flow.backoffice.forms import ApproveForm
from requests_flow.models import InformationRequest
from tests.helpers import ensure_role_groups, signed_in
from tests.letters.lifecycle import issue_all
from tests.portal.support import PDF

from .conftest import DESKTOP
from .test_portal import fill_request, send

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
GUIDE = Path(settings.BASE_DIR) / "docs" / "huong-dan"
PHONE = {"width": 390, "height": 844}
IR = "/backoffice/informationrequest"


class Camera:
    """Browser pages of the demo people; every shot goes to docs/huong-dan/anh/NAME.png."""

    def __init__(self, chromium: Browser, base: str):
        self.chromium, self.base, self.taken = chromium, base, set()
        self.users = {u.username: u for u in get_user_model().objects.all()}

    def page_of(self, username: str | None, viewport=DESKTOP) -> Page:
        context = self.chromium.new_context(viewport=viewport, locale="vi-VN")
        context.set_default_timeout(15_000)
        if username:
            cookie = signed_in(self.users[username]).cookies[settings.SESSION_COOKIE_NAME].value
            name = settings.SESSION_COOKIE_NAME
            context.add_cookies([{"name": name, "value": cookie, "url": self.base}])
        return context.new_page()

    def shot(self, page: Page, name: str, full_page: bool = False, top: bool = True) -> None:
        page.wait_for_load_state("load")
        if top:  # from the top of the page, no field focused (as a reader first sees it)
            page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
        page.screenshot(path=str(GUIDE / "anh" / f"{name}.png"), full_page=full_page)
        self.taken.add(f"{name}.png")

    def go(self, page: Page, path: str, name: str, full_page: bool = False) -> None:
        response = page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        self.shot(page, name, full_page)


def seed_demo() -> None:
    """`make run`'s seed_demo, in a thread of its own: it signs demo letters with pyHanko, which
    runs its own event loop and cannot inside the one Playwright's sync API keeps running here."""

    def seed():
        try:
            call_command("seed_demo", stdout=StringIO())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(seed).result()


def demo(tag: str) -> InformationRequest:
    return InformationRequest.objects.get(email=f"demo-{tag}@example.vn")


def take(camera: Camera, page: Page, number: str, shot: str | None = None) -> None:
    """From the queue: the request's row, the take page (shot), take it and open the form."""
    page.goto(camera.base + f"{IR}/queue/")
    page.get_by_role("link", name=number, exact=True).click()
    if shot:
        camera.shot(page, shot)
    page.locator("button[name=_continue]").click()
    expect(page).to_have_url(re.compile(r"/execute/$"))
    # viewflow's "task taken" toast would cover the form for seconds: not part of the screen.
    page.add_style_tag(content=".mdc-snackbar { display: none; }")


def citizen(camera: Camera, tmp_path: Path) -> None:
    page = camera.page_of("congdan")
    camera.go(page, reverse("portal:home"), "cong-dan-trang-chu")
    pdf = tmp_path / "don-de-nghi.pdf"
    pdf.write_bytes(PDF)
    page.goto(camera.base + reverse("portal:submit"))
    fill_request(page, demo("received").agency, pdf)
    camera.shot(page, "cong-dan-gui-yeu-cau")
    send(page)
    expect(page).to_have_url(re.compile(r"/da-nhan/$"))
    camera.shot(page, "cong-dan-da-nhan", full_page=True)
    camera.go(page, reverse("portal:my_requests"), "cong-dan-yeu-cau-cua-toi")
    supplement = reverse("portal:detail", args=[demo("needs-supplement").tracking_code])
    camera.go(page, supplement, "cong-dan-bo-sung", full_page=True)
    refused = reverse("portal:detail", args=[demo("refused").tracking_code])
    camera.go(page, refused, "cong-dan-tu-choi", full_page=True)
    anonymous = camera.page_of(None)
    camera.go(anonymous, reverse("portal:lookup"), "cong-dan-tra-cuu")
    phone = camera.page_of("congdan", PHONE)
    camera.go(phone, reverse("portal:home"), "cong-dan-dien-thoai-trang-chu")
    camera.go(phone, refused, "cong-dan-dien-thoai-yeu-cau")
    for each in (page, anonymous, phone):
        each.context.close()


def officer(camera: Camera) -> None:
    page = camera.page_of("canbo")
    camera.go(page, f"{IR}/queue/", "can-bo-hang-cho")
    take(camera, page, demo("received").register_number, "can-bo-nhan-viec")
    camera.shot(page, "can-bo-xem-xet", full_page=True)
    camera.go(page, f"{IR}/inbox/", "can-bo-hop-cong-viec")
    page.get_by_role("link", name=demo("assigned").register_number, exact=True).click()
    expect(page).to_have_url(re.compile(r"/execute/$"))
    camera.shot(page, "can-bo-kiem-tra-thoi-han", full_page=True)
    page.goto(camera.base + f"{IR}/inbox/")
    page.get_by_role("link", name=demo("in-progress").register_number, exact=True).click()
    expect(page).to_have_url(re.compile(r"/handle/\d+/execute/$"))
    camera.shot(page, "can-bo-xu-ly", full_page=True)
    detail = f"{IR}/{demo('in-progress').process.pk}/"
    camera.go(page, detail, "can-bo-chi-tiet", full_page=True)
    camera.go(page, reverse("informationrequest:start_intake:execute"), "can-bo-nhap-yeu-cau")
    camera.go(page, reverse("records:register:index"), "van-thu-so-theo-doi")
    refused = demo("refused")
    camera.go(page, f"{IR}/{refused.process.pk}/", "van-thu-van-ban", full_page=True)
    page.context.close()


def leaders(camera: Camera) -> None:
    head = camera.page_of("truongbophan")
    take(camera, head, demo("accepted").register_number)
    camera.shot(head, "lanh-dao-giao-viec", full_page=True)
    head.context.close()
    leader = camera.page_of("lanhdao")
    take(camera, leader, demo("pending-approval").register_number)
    camera.shot(leader, "lanh-dao-phe-duyet", full_page=True)
    with translation.override("vi"):
        approve = str(dict(ApproveForm.base_fields["action"].choices)["approve"])
    leader.get_by_label(approve, exact=True).check()
    leader.locator("form.vf-form button.mdc-button--raised").click()
    expect(leader).not_to_have_url(re.compile(r"/execute/"))
    leader.context.close()
    assert demo("pending-approval").state == "provided"


def supervisor(camera: Camera) -> None:
    page = camera.page_of("giamsat")
    camera.go(page, reverse("supervision:dashboard:index"), "giam-sat-bang-dieu-khien", True)
    camera.go(page, reverse("records:report:index"), "giam-sat-bao-cao")
    page.context.close()


def administrator(camera: Camera) -> None:
    page = camera.page_of("admin")
    camera.go(page, "/admin/", "quan-tri-trang-chu")
    agency = demo("received").agency
    camera.go(page, f"/admin/requests_flow/agency/{agency.pk}/change/", "quan-tri-co-quan")
    page.locator(".inline-group").first.scroll_into_view_if_needed()
    camera.shot(page, "quan-tri-vai-tro", top=False)
    camera.go(page, "/admin/requests_flow/calendaroverride/add/", "quan-tri-lich")
    camera.go(page, "/admin/requests_flow/ruleset/", "quan-tri-bo-quy-tac")
    page.context.close()


def images_of(page: Page) -> list[str]:
    """The src of every image of the page's article, once each has finished loading."""
    page.wait_for_load_state("load")
    images = page.locator("main img")
    broken = images.evaluate_all("els => els.filter(e => !(e.complete && e.naturalWidth > 0))")
    assert not broken, f"{page.url}: {len(broken)} image(s) did not load"
    return images.evaluate_all("els => els.map(e => e.getAttribute('src'))")


def check_guide_pages(camera: Camera) -> set[str]:
    page = camera.page_of(None)
    response = page.goto(camera.base + reverse("portal:guide"))
    assert response.status == 200
    for guide in PAGES:
        expect(page.locator("main")).to_contain_text(str(guide.title))
    named = set()
    for guide in PAGES:
        response = page.goto(camera.base + reverse("portal:guide_page", args=[guide.slug]))
        assert response.status == 200, guide.slug
        sources = images_of(page)
        assert sources, f"{guide.slug}: no screenshot"
        for src in sources:
            assert src.startswith("/static/huong-dan/"), src
            name = src.removeprefix("/static/huong-dan/")
            assert (GUIDE / "anh" / name).is_file(), name
            assert page.request.get(camera.base + src).headers["content-type"] == "image/png"
            named.add(name)
    page.context.close()
    return named


def test_each_role_screens_are_shot_and_every_guide_page_shows_them(
    chromium: Browser, live_server, tmp_path
):
    ensure_role_groups()
    seed_demo()
    issue_all(demo("refused"))  # its letters still on their way, issued by the clerk
    camera = Camera(chromium, live_server.url)
    citizen(camera, tmp_path)
    officer(camera)
    leaders(camera)
    supervisor(camera)
    administrator(camera)
    named = check_guide_pages(camera)
    assert named == camera.taken, (
        f"named by the guide, not shot: {sorted(named - camera.taken)}; "
        f"shot, not in the guide: {sorted(camera.taken - named)}"
    )
    stale = {p.name for p in (GUIDE / "anh").glob("*.png")} - camera.taken
    assert not stale, f"remove these screenshots, no page shows them: {sorted(stale)}"
