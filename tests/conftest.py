"""Named personas (Healthchecks style): each test says who acts, and who must not be able to."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache

from requests_flow.choices import Role
from requests_flow.models import Agency, RuleSet
from requests_flow.selectors import drop_rule_set_warning_cache
from requests_flow.workdays import drop_calendar_cache
from tests.helpers import (
    MONDAY_2026_03_02,
    ensure_role_groups,
    file_online,
    make_agency,
    make_user,
    member,
)

pytest_plugins = ["tests.frozen_clock", "tests.sockets"]


def uses_db(request) -> bool:
    return request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _empty_rate_limits(request, django_db_blocker):
    """The rate limits count in Django's cache (a database table, or Redis): no test may
    inherit another's hits. A test without the database has no counters to clear. Autouse
    fixtures run before the test's own `db`, hence the blocker (as for the rule sets below)."""
    if not uses_db(request):
        yield
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture(autouse=True)
def _legal_rule_sets(request, django_db_blocker):
    """Transactional tests end with a flush of every table, which also removes the rule sets,
    calendar data and role groups that migrations seeded; put them back, so no test depends on
    the order tests run in."""
    if not uses_db(request):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        if not RuleSet.objects.exists():
            importlib.import_module("requests_flow.migrations.0002_seed_rule_sets").seed(apps, None)
            swap = importlib.import_module(
                "requests_flow.migrations.0012_calendar_2026_new_year_swap"
            )
            swap.add_swap(apps, None)
            citations = importlib.import_module("requests_flow.migrations.0014_rule_set_citations")
            citations.forward(apps, None)
            years = importlib.import_module("requests_flow.migrations.0020_calendar_years")
            years.confirm_years(apps, None)
            years.cite_new_year_swap(apps, None)
            law_as_data = importlib.import_module(
                "requests_flow.migrations.0019_citations_channels_agency_kinds_data"
            )
            law_as_data.forward(apps, None)
            correction = importlib.import_module(
                "requests_flow.migrations.0022_rule_set_correction_period"
            )
            correction.forward(apps, None)
            letter_content = importlib.import_module("requests_flow.migrations.0023_letter_content")
            letter_content.forward(apps, None)
            approvers = importlib.import_module(
                "requests_flow.migrations.0026_letter_approvers_and_clerk_group"
            )
            approvers.forward(apps, None)
        ensure_role_groups()


@pytest.fixture
def behind_one_proxy(settings):
    """As deployed (deploy/: nginx appends the address it saw to X-Forwarded-For)."""
    settings.TIEPCAN_TRUSTED_PROXIES = 1


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """A test's rolled-back overrides (and rule sets) must not linger in the process's caches."""
    drop_calendar_cache()
    drop_rule_set_warning_cache()
    yield
    drop_calendar_cache()
    drop_rule_set_warning_cache()


@pytest.fixture
def agency(db) -> Agency:
    return make_agency()


@pytest.fixture
def other_agency(db) -> Agency:
    return Agency.objects.create(
        name="Ủy ban nhân dân phường Hà Giang 1", short_name="HG1", place_name="Hà Giang"
    )


@pytest.fixture
def citizen(django_user_model):
    return make_user(django_user_model, "hoa", "Nguyễn Thị Hoa")


@pytest.fixture
def other_citizen(django_user_model):
    return make_user(django_user_model, "dung", "Lê Văn Dũng")


@pytest.fixture
def officer(django_user_model, agency):
    """The focal officer (cán bộ đầu mối) who owns requests of the agency."""
    return member(make_user(django_user_model, "minh", "Trần Văn Minh"), agency, Role.FOCAL_OFFICER)


@pytest.fixture
def head(django_user_model, agency):
    return member(make_user(django_user_model, "thu", "Lê Thị Thu"), agency, Role.FOCAL_HEAD)


@pytest.fixture
def leader(django_user_model, agency):
    return member(make_user(django_user_model, "hung", "Phạm Quốc Hùng"), agency, Role.LEADER)


@pytest.fixture
def foreign_officer(django_user_model, other_agency):
    """An officer of another agency: must never act on this agency's requests."""
    return member(
        make_user(django_user_model, "lan", "Đỗ Thị Lan"),
        other_agency,
        Role.FOCAL_OFFICER,
        Role.FOCAL_HEAD,
        Role.LEADER,
    )


@pytest.fixture
def received(agency, citizen):
    """A request the citizen filed online on Monday 2/3/2026."""
    return file_online(agency, citizen, MONDAY_2026_03_02)
