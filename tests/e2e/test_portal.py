"""The citizen portal in a real browser: a citizen registers, submits a request with a file, sees
the receipt, completes what the agency asked for and downloads what was provided; a walk-in
request is looked up by its tracking code and its files opened once with a one-time access code
the officer issued in the back office. Screenshots of the home, form-with-errors and request
pages, on a desktop and on a phone."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from portal.selectors import provisional_deadlines
from requests_flow.backoffice.forms import HandleForm, ReviewForm
from requests_flow.models import InformationRequest
from tests.backoffice.support import advance, reload
from tests.helpers import STAFF, make_agency, people_of
from tests.letters.lifecycle import issue_letter
from tests.portal.support import PDF, to_state, walk_in

from .conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Hoa-mat-khau-2026!"
PHONE = {"width": 390, "height": 844}
VERIFY_LINK = re.compile(r"https?://[^/\s]+(/tai-khoan/xac-minh/[^/\s\"<]+/)")


@pytest.fixture
def desk(django_user_model) -> dict:
    agency = make_agency()
    return {"agency": agency, **people_of(agency, django_user_model, STAFF, PASSWORD)}


def staff(desk: dict) -> dict:
    return {k: desk[k] for k in ("officer", "head", "leader")}


def phone_page(chromium: Browser, page: Page) -> Page:
    """A phone in the same session as `page` (its cookies)."""
    context = chromium.new_context(
        viewport=PHONE, locale="vi-VN", storage_state=page.context.storage_state()
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def shoot(page: Page, chromium: Browser, url: str, path, prepare=None) -> None:
    """Screenshots of `url` on the desktop page and on a phone (files NAME-desktop/-phone.png)."""
    phone = phone_page(chromium, page)
    for target, suffix in ((page, "desktop"), (phone, "phone")):
        target.goto(url)
        if prepare:
            prepare(target)
        target.screenshot(path=str(path.with_name(f"{path.name}-{suffix}.png")), full_page=True)
    phone.context.close()


def register(page: Page, base: str) -> None:
    page.goto(base + reverse("portal:register"))
    page.locator("#id_full_name").fill("Nguyễn Thị Hoa")
    page.locator("#id_email").fill("hoa@example.vn")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(reverse("portal:register_done") + "$"))
    link = VERIFY_LINK.search(mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(base + link.group(1))  # the link's page asks for a click (POST)
    page.get_by_role("button", name="Xác minh và đăng nhập").click()  # verified and signed in
    expect(page).to_have_url(re.compile(reverse("portal:my_requests") + "$"))


def fill_request(page: Page, agency, pdf_path) -> None:
    page.locator("#id_agency").select_option(label=agency.name)
    page.locator("#id_requester_address").fill("Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang")
    page.locator("#id_id_document_type").select_option("cccd")
    page.locator("#id_id_number").fill("001190123456")
    page.locator("#id_phone").fill("0912345678")
    page.locator("#id_information_requested").fill("Quyết định số 15/QĐ-UBND ngày 10/01/2025")
    page.locator("#id_provision_form").select_option("email")
    page.locator("#id_reason_purpose").fill("Tìm hiểu quyền lợi của gia đình")
    page.locator("#id_attachments").set_input_files(str(pdf_path))


def send(page: Page) -> None:
    page.locator("main form button.primary").first.click()


def test_a_citizen_submits_completes_and_downloads(
    page: Page, chromium: Browser, live_server, desk, screenshots_dir, tmp_path
):
    base, agency = live_server.url, desk["agency"]
    shoot(page, chromium, base + reverse("portal:home"), screenshots_dir / "portal-home")
    register(page, base)

    def with_errors(target: Page) -> None:
        target.locator("#id_requester_name").fill("")
        target.locator("#id_id_number").fill("12345")
        send(target)
        expect(target.locator("#errors")).to_be_visible()

    submit_url = base + reverse("portal:submit")
    shoot(page, chromium, submit_url, screenshots_dir / "portal-submit-errors", with_errors)
    expect(page.locator("#id_id_number")).to_have_value("12345")  # nothing typed is lost
    assert not InformationRequest.objects.exists()

    pdf = tmp_path / "don-de-nghi.pdf"
    pdf.write_bytes(PDF)
    page.goto(submit_url)
    fill_request(page, agency, pdf)
    page.locator("#id_id_number").fill("12345")  # one error: the chosen file cannot come back
    send(page)
    expect(page.locator("#choose-files-again")).to_contain_text("don-de-nghi.pdf")  # #15.7
    page.locator("#id_id_number").fill("001190123456")
    page.locator("#id_attachments").set_input_files(str(pdf))
    send(page)
    expect(page).to_have_url(re.compile(r"/gui-yeu-cau/[A-Z0-9]{10}/da-nhan/$"))
    info = InformationRequest.objects.get()
    main = page.locator("main")
    expect(main).to_contain_text(info.register_number)
    expect(main).to_contain_text(info.tracking_code)
    for _label, result in provisional_deadlines(info):
        for milestone in result.milestones:
            expect(main).to_contain_text(milestone.due.strftime("%d/%m/%Y"))
    assert info.attachments.get().name == "don-de-nghi.pdf"
    page.locator("main details").first.locator("summary").click()  # "why these dates?"
    page.screenshot(path=str(screenshots_dir / "portal-received-desktop.png"), full_page=True)

    ask_for_completion_in_back_office(chromium, base, info, "Bản sao giấy ủy quyền")
    page.goto(base + reverse("portal:detail", args=[info.tracking_code]))
    expect(page.locator("#missing-title + ul")).to_have_text("Bản sao giấy ủy quyền")
    page.locator("#id_answer").fill("Gửi kèm giấy ủy quyền.")
    page.locator("form[action$='/bo-sung/'] input[type=file]").set_input_files(str(pdf))
    page.locator("form[action$='/bo-sung/'] button.primary").click()
    expect(page.locator(".messages")).to_be_visible()
    assert reload(info).state == "received"

    info = advance(info, staff(desk), "accept", "assign", "classify")
    result = tmp_path / "ket-qua.pdf"
    result.write_bytes(PDF)
    provide_in_back_office(chromium, base, info, result)
    assert advance(info, staff(desk), "approve").state == "provided"

    detail = base + reverse("portal:detail", args=[info.tracking_code])
    shoot(page, chromium, detail, screenshots_dir / "portal-request")
    with page.expect_download() as download:
        page.get_by_role("link", name="ket-qua.pdf").click()
    assert download.value.suggested_filename == "ket-qua.pdf"
    with open(download.value.path(), "rb") as f:
        assert f.read() == PDF


def ask_for_completion_in_back_office(chromium: Browser, base: str, info, missing: str) -> None:
    """The officer, in their own browser, takes the review task from the queue and asks for
    completion."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    officer = context.new_page()
    officer.goto(base + "/accounts/login/?next=/backoffice/informationrequest/queue/")
    officer.locator("#id_username").fill("minh")
    officer.locator("#id_password").fill(PASSWORD)
    officer.locator("main button[type=submit]").click()
    officer.get_by_role("link", name=info.register_number, exact=True).click()
    officer.locator("button[name=_continue]").click()
    expect(officer).to_have_url(re.compile(r"/execute/$"))
    with translation.override("vi"):
        choice = str(dict(ReviewForm.base_fields["decision"].choices)[ReviewForm.SUPPLEMENT])
    officer.get_by_label(choice, exact=True).check()
    officer.locator("textarea[name=missing_items]").fill(missing)
    officer.locator("form.vf-form button.mdc-button--raised").click()
    expect(officer).not_to_have_url(re.compile(r"/execute/"))
    context.close()
    assert reload(info).state == "needs_supplement"


def provide_in_back_office(chromium: Browser, base: str, info, result) -> None:
    """The assigned officer opens the handle task from the inbox, attaches the file, records the
    secrecy review and drafts the provision for the leader."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    officer = context.new_page()
    officer.goto(base + "/accounts/login/?next=/backoffice/informationrequest/inbox/")
    officer.locator("#id_username").fill("minh")
    officer.locator("#id_password").fill(PASSWORD)
    officer.locator("main button[type=submit]").click()
    officer.get_by_role("link", name=info.register_number, exact=True).click()
    expect(officer).to_have_url(re.compile(r"/handle/\d+/execute/$"))
    officer.locator("input[type=file][name=files]").set_input_files(str(result))
    with translation.override("vi"):
        secrecy = str(HandleForm.base_fields["secrecy_reviewed"].label)
        provide = str(dict(HandleForm.base_fields["action"].choices)[HandleForm.PROVIDE])
    officer.get_by_label(secrecy).check()
    officer.get_by_label(provide, exact=True).check()
    officer.locator("form.vf-form button.mdc-button--raised").click()
    expect(officer).not_to_have_url(re.compile(r"/execute/"))
    context.close()
    assert reload(info).state == "pending_approval"
    assert reload(info).files.get().name == "ket-qua.pdf"


def redeem(chromium: Browser, base: str, code: str) -> Page:
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base + reverse("portal:access_code"))
    page.locator("#id_code").fill(code)
    send(page)
    return page


def test_walk_in_lookup_and_a_one_time_access_code(
    page: Page, chromium: Browser, live_server, desk
):
    base, officer = live_server.url, desk["officer"]
    info = walk_in(desk["agency"], officer)

    page.goto(base + reverse("portal:lookup"))
    page.locator("#id_tracking_code").fill(info.tracking_code)
    page.locator("#id_id_last4").fill("3465")
    send(page)
    expect(page.locator("#errors")).to_be_visible()
    page.locator("#id_id_last4").fill("3456")
    send(page)
    expect(page.locator("main")).to_contain_text(info.register_number)

    info = to_state(info, staff(desk), "provided")
    letter_from_the_lookup(page, base, info)
    office = page.context.browser.new_context(viewport=DESKTOP, locale="vi-VN")
    back = office.new_page()
    request_page = f"/backoffice/informationrequest/{info.process.pk}/"
    back.goto(base + "/accounts/login/?next=" + request_page)
    back.locator("#id_username").fill("minh")
    back.locator("#id_password").fill(PASSWORD)
    back.locator("main button[type=submit]").click()
    expect(back).to_have_url(re.compile(re.escape(request_page) + "$"))
    back.locator("form[action$='/access-code/'] button").click()
    code = back.locator("#access-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{12}", code), code
    office.close()

    citizen = redeem(chromium, base, code)
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="ket-qua.pdf").click()
    with open(download.value.path(), "rb") as f:
        assert f.read() == PDF
    citizen.context.close()

    again = redeem(chromium, base, code)
    expect(again.locator("#id_code_error")).to_be_visible()
    expect(again.get_by_role("link", name="ket-qua.pdf")).to_have_count(0)
    again.context.close()


def letter_from_the_lookup(page: Page, base: str, info) -> None:
    """Issue #15.6: the lookup result's letter links open for the anonymous visitor it serves."""
    cover = issue_letter(info.letters.get(kind="cover"))  # approved, signed, numbered
    page.goto(base + reverse("portal:lookup"))
    page.locator("#id_tracking_code").fill(info.tracking_code)
    page.locator("#id_id_last4").fill("3456")
    send(page)
    with page.expect_download() as download:
        page.locator(f"a[href='{reverse('portal:letter', args=[cover.pk])}']").click()
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
