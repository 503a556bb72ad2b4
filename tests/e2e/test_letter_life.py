"""A refusal's whole life in a real browser (issue #13 acceptance; every page checked by axe, the
CSP and the console, as every browser test): the focal officer drafts the refusal and edits its
letter; the leader approves the decision (becoming the letter's signer) and signs digitally; the
clerk numbers and issues it with the agency's signature; the citizen downloads it from their
page, opens the URL its QR code holds and the verification page confirms it; the same file with
one byte changed is refused."""

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from requests_flow.backoffice.forms import ApproveForm, HandleForm
from requests_flow.choices import Role
from requests_flow.flows import InformationRequestFlow as Flow
from requests_flow.letters.demo_pki import DemoCA
from requests_flow.letters.qr import verification_drawing
from requests_flow.letters.signing_config import configured_trust
from requests_flow.letters.verification import verify_pdf
from requests_flow.models import AgencyMembership, LetterKind, LetterStatus
from requests_flow.tasks import verification_url
from tests.backoffice.support import advance, open_task, url
from tests.helpers import STAFF, grant, make_agency, make_user, people_of
from tests.letters.lifecycle import signing_keys
from tests.portal.support import filed_online

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ADDED = "Đoạn bổ sung: cơ quan đã hướng dẫn bà liên hệ Sở Xây dựng."


@pytest.fixture
def world(django_user_model, settings, tmp_path, monkeypatch, live_server) -> dict:
    settings.TIEPCAN_PUBLIC_URL = live_server.url  # the QR code's URL opens this server
    agency = make_agency()
    people = people_of(
        agency, django_user_model, [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])]
    )
    AgencyMembership.objects.filter(user=people["leader"], role=Role.LEADER).update(
        signing_prefix="KT.", signing_authority="Giám đốc", signing_title="Phó Giám đốc"
    )
    people["clerk"] = grant(
        make_user(django_user_model, "vanthu", "Vũ Thị Hạnh"), agency, Role.CLERK
    )
    leader = people["leader"]
    holders = {f"user:{leader.username}": leader.get_full_name(), "agency:STP": agency.name}
    signing_keys(DemoCA(), holders, settings=settings, folder=tmp_path, monkeypatch=monkeypatch)
    staff = {k: people[k] for k in ("officer", "head", "leader")}
    info = advance(filed_online(agency, people["citizen"]), staff, "accept", "assign", "classify")
    yield {"info": info, **people}
    configured_trust.cache_clear()


def choice_label(form, field: str, value: str) -> str:
    with translation.override("vi"):
        return str(dict(form.base_fields[field].choices)[value])


def message(page: Page):
    return page.locator(".tc-messages")


def officer_drafts_and_edits(chromium: Browser, base: str, world) -> int:
    page = signed_in_page(chromium, base, world["officer"])
    page.goto(base + url(open_task(world["info"], Flow.handle), "execute"))
    page.get_by_label(choice_label(HandleForm, "action", "refuse"), exact=True).check()
    page.locator("input[name=grounds][value=c]").check()
    page.locator("input[name=competent_agency]").fill("Sở Xây dựng")
    page.locator("textarea[name=reasons]").fill("Thông tin do Sở Xây dựng tạo ra và nắm giữ.")
    page.locator("form.vf-form button.mdc-button--raised").click()
    expect(page).not_to_have_url(re.compile(r"/execute/"))
    letter = world["info"].letters.get(kind=LetterKind.REFUSAL)
    assert letter.status == LetterStatus.DRAFT and letter.number is None

    page.goto(base + reverse("letters:index"))
    page.get_by_role("link", name=re.compile("Thông báo từ chối")).first.click()
    body = page.get_by_label("Nội dung văn bản")
    body.fill(body.input_value() + "\n\n" + ADDED)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(message(page)).to_contain_text("Đã lưu dự thảo.")
    page.context.close()
    return letter.pk


def leader_approves_and_signs(chromium: Browser, base: str, world, letter_id: int) -> None:
    page = signed_in_page(chromium, base, world["leader"])
    page.goto(base + reverse("letters:letter", args=[letter_id]))
    page.get_by_role("link", name="Mở nhiệm vụ phê duyệt").click()
    expect(page).to_have_url(re.compile(r"/approve/\d+/assign/$"))  # waiting in the queue
    page.locator("button[name=_continue]").click()  # "Take and open"
    expect(page).to_have_url(re.compile(r"/execute/$"))
    page.get_by_label(choice_label(ApproveForm, "action", "approve"), exact=True).check()
    page.locator("form.vf-form button.mdc-button--raised").click()
    expect(page).not_to_have_url(re.compile(r"/execute/"))
    page.goto(base + reverse("letters:letter", args=[letter_id]))
    page.get_by_role("button", name="Ký số bằng chứng thư số của tôi").click()
    expect(message(page)).to_contain_text("Đã ký số văn bản")
    page.context.close()


def clerk_issues(chromium: Browser, base: str, world, letter_id: int) -> None:
    page = signed_in_page(chromium, base, world["clerk"])
    page.goto(base + reverse("letters:index"))
    page.get_by_role("link", name=re.compile("Thông báo từ chối")).first.click()
    expect(page).to_have_url(base + reverse("letters:letter", args=[letter_id]))
    page.get_by_role("button", name="Cấp số và ban hành với chữ ký số của cơ quan").click()
    expect(message(page)).to_contain_text("Đã ban hành văn bản.")
    page.context.close()


def citizen_downloads(chromium: Browser, base: str, world, letter) -> bytes:
    page = signed_in_page(chromium, base, world["citizen"])
    page.goto(base + reverse("portal:detail", args=[world["info"].tracking_code]))
    link = page.get_by_role("link", name=letter.number_text)  # a substring of its name
    href = link.get_attribute("href")
    response = page.request.get(base + href)  # the citizen's session, as the link does
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    page.context.close()
    return body


def check_upload(page: Page, data: bytes) -> None:
    page.locator("#id_pdf").set_input_files(
        {"name": "van-ban.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_a_refusal_from_draft_to_the_citizens_verified_copy(
    chromium: Browser, page: Page, live_server, world
):
    base = live_server.url
    letter_id = officer_drafts_and_edits(chromium, base, world)
    leader_approves_and_signs(chromium, base, world, letter_id)
    clerk_issues(chromium, base, world, letter_id)

    letter = world["info"].letters.get(pk=letter_id)
    assert letter.status == LetterStatus.ISSUED and letter.number == 1
    assert letter.approved_by == world["leader"] and letter.issued_by == world["clerk"]
    downloaded = citizen_downloads(chromium, base, world, letter)
    assert hashlib.sha256(downloaded).hexdigest() == letter.sha256
    # pyHanko runs an event loop of its own: not in this thread, where Playwright's runs.
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(verify_pdf, downloaded, configured_trust()).result()
    assert check.ok and [s.signer_name for s in check.signatures] == [
        "Phạm Quốc Hùng",
        letter.agency.name,
    ]

    qr_url = verification_url(letter.verification_code)
    assert verification_drawing(qr_url).contents[0].value == qr_url  # what the QR code holds
    page.goto(qr_url)  # anonymous: the page needs no sign-in
    expect(page.locator("#letter-status")).to_have_text("Đã ban hành")
    expect(page.locator("#register-entry")).to_contain_text(letter.number_text)
    expect(page.locator("#register-entry")).to_contain_text(letter.sha256)
    check_upload(page, downloaded)
    expect(page.locator("#check-result")).to_contain_text("Hợp lệ.")
    middle = len(downloaded) // 2
    changed = downloaded[:middle] + bytes([downloaded[middle] ^ 1]) + downloaded[middle + 1 :]
    check_upload(page, changed)
    expect(page.locator("#check-result")).to_contain_text("Không hợp lệ.")
    expect(page.locator("#check-result")).to_contain_text(hashlib.sha256(changed).hexdigest())
