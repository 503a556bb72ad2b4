"""Who reaches what on the portal (DOMAIN §8): every URL that names a request, a file or an action
is taken from the resolver, so a new one is covered (or fails here) without editing this file;
downloads; lookup by tracking code; one-time access codes issued in the back office."""

import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from accounts.client import client_address
from portal import services as portal_services
from portal.ratelimit import hit
from requests_flow import services
from requests_flow.models import AccessCode
from tests.backoffice.support import advance, reload
from tests.helpers import signed_in
from tests.letters.lifecycle import issue_letter
from tests.reliability.support import ROOT, env_for_subprocess

from .support import PDF, filed_online, to_state, walk_in

pytestmark = pytest.mark.django_db

REQUEST_PARAMS = {"tracking_code", "file_id", "attachment_id", "letter_id", "action"}
# Parameters that name nothing of a requester: checked by their own tests.
OTHER_PARAMS = {
    "short_name": "an agency's public section",
    "token": "signed e-mail link",
    "slug": "a page of the user guide (tests/portal/test_guide.py)",
    "code": "a letter's verification code: its register entry, nothing of the requester "
    "(tests/letters/test_verification_page.py)",
}
POST_ONLY = {"portal:supplement", "portal:withdraw", "portal:statement"}
DOWNLOADS = {"file_id", "attachment_id", "letter_id"}


def portal_patterns() -> dict[str, set[str]]:
    """URL name -> its parameters, for every portal URL that takes one."""
    found: dict[str, set[str]] = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "portal" and entry.pattern.converters:
                found[f"portal:{entry.name}"] = set(entry.pattern.converters)

    walk(get_resolver().url_patterns, None)
    return found


PATTERNS = portal_patterns()
GUARDED = sorted(name for name, params in PATTERNS.items() if params & REQUEST_PARAMS)


def test_every_parameter_of_a_portal_url_is_known():
    assert {"portal:detail", "portal:provided_file", "portal:attachment"} <= set(GUARDED)
    for name, params in PATTERNS.items():
        unknown = params - REQUEST_PARAMS - set(OTHER_PARAMS)
        assert not unknown, f"{name} takes {unknown}: add it to this file's access checks"


@pytest.fixture
def world(agency, citizen, staff):
    """The citizen's request waiting for completion (with their file), and another provided."""
    waiting = filed_online(agency, citizen)
    portal_services.save_attachments(
        waiting, [("don.pdf", "application/pdf", PDF)], kind="other", user=citizen
    )
    waiting = to_state(waiting, staff, "needs_supplement")
    provided = to_state(filed_online(agency, citizen), staff, "provided")
    cover = issue_letter(provided.letters.get(kind="cover"))  # approved, signed, numbered
    return {
        "letter_id": cover.pk,
        "tracking_code": waiting.tracking_code,
        "attachment_id": waiting.attachments.get().pk,
        "file_id": provided.files.get().pk,
        "action": "complaint_recorded",
        "requests": [waiting, provided],
    }


def snapshot(requests) -> list:
    return [
        (
            r.state,
            r.updated_at,
            r.events.count(),
            r.attachments.count(),
            r.files.count(),
            r.access_codes.count(),
        )
        for r in map(reload, requests)
    ]


FORM = {"answer": "Số hiệu: 15/QĐ-UBND", "text": "Khiếu nại", "reason": "Không cần nữa"}


@pytest.mark.parametrize("name", GUARDED)
def test_only_the_owner_reaches_a_request_url(name, world, client, as_other, as_citizen):
    url = reverse(name, kwargs={p: world[p] for p in PATTERNS[name]})
    download = bool(PATTERNS[name] & DOWNLOADS)
    before = snapshot(world["requests"])
    for method in ("get", "post"):
        anonymous = getattr(client, method)(url, FORM)
        if download:
            assert anonymous.status_code == 404, method
        else:
            assert anonymous.status_code == 302, method
            assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
        # 405 for GET on a POST-only URL comes before any lookup: it tells nothing either.
        refused = {404, 405} if method == "get" and name in POST_ONLY else {404}
        assert getattr(as_other, method)(url, FORM).status_code in refused, method
    assert snapshot(world["requests"]) == before

    for method in ("get", "post"):
        allowed = {200, 302, 405} if method == "get" and name in POST_ONLY else {200, 302}
        assert getattr(as_citizen, method)(url, FORM).status_code in allowed, method


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_is_download(response, content: bytes) -> None:
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == content


def test_a_provided_file_downloads_for_its_owner_only_after_provision(
    agency, citizen, staff, client, as_citizen, as_other
):
    info = to_state(filed_online(agency, citizen), staff, "in_progress")
    services.request_record_handling(
        request=info, actor=staff["officer"], files=[("ket-qua.pdf", PDF)]
    )
    url = reverse("portal:provided_file", args=[info.files.get().pk])
    assert as_citizen.get(url).status_code == 404  # not before the leader approved
    assert advance(info, staff, "submit_provide", "approve").state == "provided"

    assert_is_download(as_citizen.get(url), PDF)
    assert as_other.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_officers_of_the_agency_download_files_others_get_404(
    agency, citizen, staff, foreign_staff
):
    info = to_state(filed_online(agency, citizen), staff, "provided")
    provided = reverse("portal:provided_file", args=[info.files.get().pk])
    officer, foreign = signed_in(staff["officer"]), signed_in(foreign_staff)

    assert_is_download(officer.get(provided), PDF)
    assert foreign.get(provided).status_code == 404


def test_the_requesters_documents_open_only_to_its_handlers_while_it_is_open(
    agency, citizen, staff, foreign_staff, django_user_model
):
    """Data minimisation (Law 91/2025, Decree 356/2025): a consent document or ID image opens for
    those who review, handle or approve the request, while it is open; the agency's supervisor
    and everyone once it is closed meet 404 (the requester keeps access to their own file)."""
    info = filed_online(agency, citizen)
    portal_services.save_attachments(
        info, [("dong-y.pdf", "application/pdf", PDF)], kind="consent", user=citizen
    )
    url = reverse("portal:attachment", args=[info.attachments.get().pk])
    watcher = django_user_model.objects.create_user(username="giamsat", full_name="Giám sát")
    services.membership_grant(user=watcher, agency=agency, role="supervisor")
    admin = django_user_model.objects.create_superuser(username="quantri", password="x")
    readers = [signed_in(staff[who]) for who in ("officer", "head", "leader")]

    for reader in readers:
        assert_is_download(reader.get(url), PDF)
    for outsider in (watcher, admin, foreign_staff):
        assert signed_in(outsider).get(url).status_code == 404

    to_state(info, staff, "provided")
    for reader in readers:
        assert reader.get(url).status_code == 404
    assert_is_download(signed_in(citizen).get(url), PDF)


def look_up(client, code: str, last4: str):
    return client.post(reverse("portal:lookup"), {"tracking_code": code, "id_last4": last4})


def test_lookup_shows_the_request_only_for_the_right_code_and_digits(client, agency, staff):
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")

    found = look_up(client, f" {info.tracking_code.lower()} ", "3456")
    assert found.status_code == 200 and found.context["info"].pk == info.pk
    page = found.content.decode()
    assert info.register_number in page
    assert "001190123456" not in page and escape(info.requester_address) not in page
    assert reverse("portal:provided_file", args=[info.files.get().pk]) not in page

    answers = [look_up(client, info.tracking_code, "3465"), look_up(client, "ABCDEFGHJK", "3456")]
    with override("vi"):
        generic = gettext("No request matches this tracking code and these digits.")
    for answer in answers:
        assert answer.status_code == 200 and answer.context["info"] is None
        assert list(answer.context["form"].non_field_errors()) == [generic]
        assert info.register_number not in answer.content.decode()


def test_the_lookup_results_letter_links_download_without_an_account(client, agency, staff):
    """Issue #15.6: the letters listed on /tra-cuu/'s result open for that visitor (who proved the
    tracking code and the ID digits), and only for that browser session; the information itself
    still needs the one-time access code."""
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    cover = info.letters.get(kind="cover")
    link = reverse("portal:letter", args=[cover.pk])
    page = look_up(client, info.tracking_code, "3456").content.decode()
    assert link not in page  # approved with the decision, not yet signed nor numbered
    assert client.get(link).status_code == 404
    issue_letter(cover)
    assert Client().get(link).status_code == 404  # nothing found yet in this session

    page = look_up(client, info.tracking_code, "3456").content.decode()
    assert link in page
    assert_is_download_pdf(client.get(link))
    assert (
        client.get(reverse("portal:provided_file", args=[info.files.get().pk])).status_code == 404
    )
    assert Client().get(link).status_code == 404  # another browser


def assert_is_download_pdf(response) -> None:
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("url_name", "field"), [("lookup", "tracking_code"), ("access_code", "code")]
)
def test_lookups_answer_429_after_the_limit(client, settings, url_name, field):
    settings.PORTAL_LOOKUP_LIMIT = 3
    url = reverse(f"portal:{url_name}")
    data = {field: "ABCDEFGHJK", "id_last4": "1234"}
    assert [client.post(url, data).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.post(url, data)
    assert refused.status_code == 429
    with override("vi"):
        assert escape(gettext("Too many attempts. Please wait a while and try again.")) in (
            refused.content.decode()
        )


@pytest.mark.usefixtures("behind_one_proxy")
def test_a_made_up_forwarded_address_does_not_escape_the_limit(client, settings):
    """The client writes the first X-Forwarded-For entries; the proxy appends the last one."""
    settings.PORTAL_LOOKUP_LIMIT = 2
    url, data = reverse("portal:lookup"), {"tracking_code": "ABCDEFGHJK", "id_last4": "1234"}
    codes = [
        client.post(url, data, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 198.51.100.7").status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


def issue_code(user, info):
    url = reverse("informationrequest:access_code", args=[reload(info).process.pk])
    return signed_in(user).post(url)


def redeem(code: str) -> tuple[Client, object]:
    """A fresh anonymous browser enters the code."""
    browser = Client()
    return browser, browser.post(reverse("portal:access_code"), {"code": code})


def test_a_one_time_code_opens_the_files_once(agency, staff):
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    issued = issue_code(staff["officer"], info)
    assert issued.status_code == 200
    code = issued.context["code"]
    assert code in issued.content.decode()
    assert not AccessCode.objects.filter(code_hash=code).exists()  # only its hash is kept
    detail = reverse("informationrequest:process_detail", args=[reload(info).process.pk])
    again = signed_in(staff["officer"]).get(detail)
    assert again.status_code == 200 and code not in again.content.decode()  # shown once only

    browser, opened = redeem(code.lower())
    file_url = reverse("portal:provided_file", args=[info.files.get().pk])
    assert opened.status_code == 200 and file_url in opened.content.decode()
    assert_is_download(browser.get(file_url), PDF)
    assert Client().get(file_url).status_code == 404  # the grant lives in that session only

    second_browser, again = redeem(code)
    assert again.context["info"] is None and again.context["form"].errors["code"]
    assert file_url not in again.content.decode()
    assert second_browser.get(file_url).status_code == 404


def test_an_expired_code_fails(agency, staff):
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    hours = settings.PORTAL_ACCESS_CODE_HOURS
    early, late = (issue_code(staff["officer"], info).context["code"] for _ in range(2))
    with time_machine.travel(timezone.now() + timedelta(hours=hours, minutes=-1)):
        assert redeem(early)[1].context["info"] is not None
    with time_machine.travel(timezone.now() + timedelta(hours=hours, minutes=1)):
        _browser, expired = redeem(late)
    assert expired.context["info"] is None and expired.context["form"].errors["code"]


def test_only_an_officer_of_the_agency_issues_a_code_for_a_provided_request(
    agency, citizen, staff, foreign_staff
):
    provided = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    assert issue_code(foreign_staff, provided).status_code == 404
    open_one = to_state(filed_online(agency, citizen), staff, "in_progress")
    assert issue_code(staff["officer"], open_one).status_code == 404
    assert not AccessCode.objects.exists()


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [(0, "10.0.0.2"), (1, "203.0.113.5"), (2, "198.51.100.9"), (5, "198.51.100.9")],
)
def test_the_client_address_is_the_entry_the_trusted_proxies_wrote(rf, settings, proxies, expected):
    """Outside test #17.13: the last X-Forwarded-For entry was taken even with no proxy in front,
    so a client reaching the app directly picked its own key. TIEPCAN_TRUSTED_PROXIES says how
    many proxies append; with none the header is ignored."""
    settings.TIEPCAN_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5")
    assert client_address(request) == expected


def test_rate_limit_counters_are_shared_by_processes_and_survive_a_restart(transactional_db):
    """Counted in the database cache (Redis when configured), not in each process's memory:
    two web processes doubled every limit and a restart reset it (outside test #17.13)."""
    from django.core.cache import caches

    assert caches["default"].__class__.__name__ in ("DatabaseCache", "RedisCache")
    for _ in range(2):
        assert hit("shared:ip:203.0.113.9", limit=3, window=3600) is False
    other_process = subprocess.run(
        [sys.executable, "-c", HIT_IN_ANOTHER_PROCESS],
        cwd=ROOT,
        env=env_for_subprocess(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert other_process.stdout.strip() == "False"  # its hit was the third
    caches.close_all()  # as after a restart: new connections, nothing in memory
    assert hit("shared:ip:203.0.113.9", limit=3, window=3600) is True  # the fourth


HIT_IN_ANOTHER_PROCESS = (
    "import django; django.setup(); from portal.ratelimit import hit; "
    "print(hit('shared:ip:203.0.113.9', limit=3, window=3600))"
)
