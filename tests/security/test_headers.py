"""Security headers on every page and every download, for every role (issue #8, item 3).

The pages are taken from the resolver: every URL pattern without a parameter, so a new page is
checked without editing this file, plus the pages and downloads that take one (a request's page,
a task page, a letter, an attachment, a provided file, the register and report exports)."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from portal import services as portal_services
from requests_flow.choices import Role
from tests.backoffice.support import reload
from tests.helpers import grant, make_user, signed_in
from tests.letters.lifecycle import issue_letter
from tests.portal.support import PDF, filed_online, staff_of, to_state
from tests.test_settings import prod_env, run

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "officer", "leader", "supervisor", "admin")
# Quoted keywords and schemes a directive may hold; anything else would be an origin.
ALLOWED_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "data:"}


def parameterless_urls() -> list[str]:
    """The path of every URL pattern that takes no parameter (admin included)."""
    found = []

    def walk(patterns, prefix: str):
        for entry in patterns:
            pattern = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + pattern)
            elif not entry.pattern.converters and "(?P<" not in pattern and "^" not in pattern:
                found.append("/" + prefix + pattern)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_secure_headers(response, where: str) -> None:
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'none'"], where
    assert directives["object-src"] == ["'none'"], where
    assert directives["default-src"] == ["'self'"], where
    for name, sources in directives.items():
        for source in sources:
            third_party = source not in ALLOWED_SOURCES and not source.startswith("'nonce-")
            assert not third_party, f"{where}: {name} allows {source}"
    assert "'unsafe-inline'" not in directives["script-src"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}, where
    assert response["X-Frame-Options"] == "DENY", where
    assert "no-store" in response["Cache-Control"], where


@pytest.fixture
def people(django_user_model, agency, citizen, officer, head, leader) -> dict:
    staff = staff_of(agency, officer, head, leader)
    supervisor = grant(
        make_user(django_user_model, "son", "Hoàng Văn Sơn"), agency, Role.SUPERVISOR
    )
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "pw-quantri")
    return {
        "staff": staff,
        "citizen": citizen,
        "officer": officer,
        "leader": leader,
        "supervisor": supervisor,
        "admin": admin,
    }


def client_for(people: dict, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(people[role])


@pytest.fixture
def provided(agency, people):
    """A provided request with the citizen's attachment, the file provided and the cover letter
    issued by the clerk."""
    info = filed_online(agency, people["citizen"])
    portal_services.save_attachments(
        info, [("dong-y.pdf", "application/pdf", PDF)], kind="consent", user=people["citizen"]
    )
    info = to_state(info, people["staff"], "provided")
    issue_letter(info.letters.get(kind="cover"))
    return reload(info)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_without_parameters_sends_the_headers(people, role):
    client, urls = client_for(people, role), parameterless_urls()
    statuses: dict[int, int] = {}
    for url in urls:
        response = client.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, url
        assert_secure_headers(response, f"{role} GET {url}")
    print(f"{role}: tried {len(urls)} pages, all with the headers; statuses {statuses}")
    assert len(urls) > 40
    if role != "anonymous":
        assert statuses.get(200, 0) > 5


def owner_pages(info) -> dict[str, str]:
    task = info.process.task_set.order_by("-pk").first()
    return {
        "request page": reverse("portal:detail", args=[info.tracking_code]),
        "receipt": reverse("portal:received", args=[info.tracking_code]),
        "agency section": reverse("portal:agency", args=[info.agency.short_name]),
        "letter": reverse("portal:letter", args=[info.letters.get(kind="cover").pk]),
        "attachment": reverse("portal:attachment", args=[info.attachments.get().pk]),
        "provided file": reverse("portal:provided_file", args=[info.files.get().pk]),
        "process page": reverse("informationrequest:process_detail", args=[info.process.pk]),
        "task page": reverse(
            f"informationrequest:{task.flow_task.name}:detail", args=[info.process.pk, task.pk]
        ),
    }


def exports(agency) -> dict[str, tuple[str, str, dict]]:
    period = {"agency": agency.pk, "date_from": "2026-01-01", "date_to": "2026-12-31"}
    found = {}
    for fmt in ("csv", "xlsx", "pdf"):
        url = reverse("records:register:export", args=[fmt])
        found[f"register {fmt}"] = ("get", f"{url}?{urlencode(period)}", {})
    for fmt in ("pdf", "xlsx"):
        found[f"report {fmt}"] = ("post", reverse("records:report:export", args=[fmt]), period)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_pages_and_downloads_with_parameters_send_the_headers(people, provided, role):
    client = client_for(people, role)
    served = 0
    for name, url in owner_pages(provided).items():
        response = client.get(url)
        assert response.status_code < 500, (name, response.status_code)
        served += response.status_code == 200
        assert_secure_headers(response, f"{role} {name}")
    for name, (method, url, data) in exports(provided.agency).items():
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (name, response.status_code)
        served += response.status_code == 200
        assert_secure_headers(response, f"{role} {name}")
        if response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment"), name
    print(f"{role}: tried {len(owner_pages(provided)) + 5} pages and downloads, {served} served")
    if role in {"citizen", "officer", "leader", "admin"}:
        assert served >= 5, role


def test_the_citizen_downloads_each_kind_of_file_with_the_headers(people, provided):
    client = client_for(people, "citizen")
    for name in ("letter", "attachment", "provided file"):
        response = client.get(owner_pages(provided)[name])
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment"), name
        assert_secure_headers(response, name)


def test_session_and_csrf_cookies_are_http_only(people):
    client = Client()
    page = client.get(reverse("login"))
    assert page.cookies[settings.CSRF_COOKIE_NAME]["httponly"]
    signed_in = client.post(
        reverse("login"), {"username": people["officer"].username, "password": "pw-minh"}
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


def test_a_nonce_is_sent_only_with_pages_that_use_it(rf):
    from csp.middleware import CSPMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}"></script>')

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = request.csp_nonce
    assert f"'nonce-{nonce}'" in csp_directives(response)["script-src"]
    assert f'nonce="{nonce}"' in response.content.decode()


PROD_SECURITY_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
)


def prod_security_settings(tmp_path) -> dict:
    """The values config.settings.prod really has (read in a fresh process with its variables)."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{k: getattr(settings, k) for k in {PROD_SECURITY_SETTINGS!r}}}))"
    )
    result = run(["-c", code], prod_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_secure_cookies(people, tmp_path):
    prod = prod_security_settings(tmp_path)
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000 and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    prod["SECURE_PROXY_SSL_HEADER"] = tuple(prod["SECURE_PROXY_SSL_HEADER"])
    with override_settings(**prod):
        client = Client()
        plain = client.get(reverse("login"))
        assert plain.status_code == 301 and plain["Location"].startswith("https://")
        page = client.get(reverse("login"), secure=True)
        assert page["Strict-Transport-Security"].startswith(
            f"max-age={prod['SECURE_HSTS_SECONDS']}"
        )
        csrf = page.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] and csrf["httponly"]
        credentials = {"username": people["officer"].username, "password": "pw-minh"}
        signed_in = client.post(reverse("login"), credentials, secure=True)
        assert signed_in.status_code == 302
        session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] and session["httponly"]
        assert_secure_headers(signed_in, "production sign-in")
