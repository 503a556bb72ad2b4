"""The agency's public access-to-information section (Decree 13 Arts. 6, 11) and the back-office
catalogue its officers keep: contacts, only what is published today, statistics built from
requests that went through the real services, a fixed query count, and the agency scope."""

from dataclasses import asdict
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from portal.models import PublishedItem
from portal.selectors_public import RequestStatistics
from requests_flow import services
from requests_flow.choices import Role
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Agency, Milestone
from tests.helpers import Desk, file_online, grant, make_user
from tests.letters.lifecycle import issue_all

pytestmark = pytest.mark.django_db

# Agency, catalogue count, catalogue page, years with requests, the statistics aggregate.
SECTION_MAX_QUERIES = 5
LIST = "catalogue:publisheditem:index"


def section(client, agency, **params):
    return client.get(reverse("portal:agency", args=[agency.short_name]), params)


def item(agency, name, start, end=None, **extra) -> PublishedItem:
    extra |= {"form": "Cổng thông tin điện tử", "published_until": end}
    return PublishedItem.objects.create(agency=agency, name=name, published_from=start, **extra)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


@pytest.fixture
def desk(agency, citizen, officer, head, leader) -> Desk:
    """The agency's officer, head and leader moving requests with the services, at set times."""
    return Desk(agency, citizen, officer, head, leader, at=at)


def test_section_shows_contacts_how_to_request_and_forms(client, agency):
    agency.address, agency.phone, agency.email = "Số 5 Tân Trào", "0207 3822 111", "stp@tq.gov.vn"
    agency.focal_point_contacts = "Bà Trần Thị Mai — Văn phòng Sở\nĐT: 0912 345 678"
    agency.save()

    response = section(client, agency)

    assert response.status_code == 200
    for text in ("Sở Tư pháp tỉnh Tuyên Quang", "Số 5 Tân Trào", 'href="tel:02073822111"'):
        assertContains(response, text)
    assertContains(response, "Bà Trần Thị Mai — Văn phòng Sở<br>ĐT: 0912 345 678")
    assertContains(response, '<a href="mailto:stp@tq.gov.vn">')
    assertContains(response, f'<a class="button" href="{reverse("portal:submit")}">')
    assertContains(response, "01a")
    assertContains(response, "06")
    # The home page links each active agency to its section.
    assertContains(client.get("/"), f'href="{reverse("portal:agency", args=["STP"])}"')


def test_unknown_or_inactive_agency_is_404(client, agency):
    assert client.get("/co-quan/KHONG-CO/").status_code == 404
    agency.is_active = False
    agency.save()
    assert section(client, agency).status_code == 404


def test_catalogue_shows_only_items_published_today_newest_first(client, agency, other_agency):
    today = timezone.localdate()
    item(agency, "Kế hoạch cũ", today - timedelta(days=90), today - timedelta(days=1))
    item(agency, "Dự thảo chưa công khai", today + timedelta(days=1))
    item(other_agency, "Văn bản của phường", today - timedelta(days=3))
    item(agency, "Quyết định hết hạn hôm nay", today - timedelta(days=30), today)
    item(
        agency,
        "Quyết định 12/QĐ-STP",
        today - timedelta(days=2),
        number_symbol="12/QĐ-STP",
        issued_on=date(2026, 1, 5),
        download_address="https://stp.tuyenquang.gov.vn/qd-12.pdf",
    )

    response = section(client, agency)

    names = [i.name for i in response.context["items"]]
    assert names == ["Quyết định 12/QĐ-STP", "Quyết định hết hạn hôm nay"]
    for hidden in ("Kế hoạch cũ", "Dự thảo chưa công khai", "Văn bản của phường"):
        assertNotContains(response, hidden)
    assertContains(
        response,
        '<a href="https://stp.tuyenquang.gov.vn/qd-12.pdf" rel="noopener" target="_blank">',
    )
    assertContains(response, "05/01/2026")
    assertContains(response, '<th scope="col">', count=8)


@pytest.mark.parametrize("count", [5, 60])
def test_section_query_count_does_not_grow(
    client, agency, citizen, django_assert_max_num_queries, count
):
    today = timezone.localdate()
    for n in range(count):
        item(agency, f"Văn bản số {n:03d}", today - timedelta(days=n))
    for _n in range(count // 5):
        # All now: minutes earlier would be last year at 00:00 local on 1 January.
        file_online(agency, citizen, timezone.now())

    with django_assert_max_num_queries(SECTION_MAX_QUERIES):
        response = section(client, agency)

    assert len(response.context["items"]) == min(count, 50)
    assert response.context["stats"].received == count // 5
    if count > 50:
        assert len(section(client, agency, page=2).context["items"]) == count - 50


def test_statistics_of_a_year_from_the_services(client, agency, other_agency, desk):
    day = date(2026, 3, 2)  # a Monday: Law 104/2016/QH13, away from holidays
    desk.issue(desk.provided(day), day)  # answered when its letters are issued, the same day
    desk.issue(desk.refused(day), day)
    desk.withdrawn(day)
    file_online(agency, desk.citizen, at(day))  # still open: received
    services.request_accept(request=file_online(agency, desk.citizen, at(day)), actor=desk.officer)
    file_online(agency, desk.citizen, at(date(2026, 1, 1), 0, 30))  # 2026 locally, 2025 in UTC
    file_online(agency, desk.citizen, at(date(2025, 12, 31), 23, 30))  # the year before
    child = Agency.objects.create(
        name="Phòng Tư pháp", short_name="PTP", place_name="Tuyên Quang", parent=agency
    )
    file_online(child, desk.citizen, at(day))  # a child agency's request is its own
    file_online(other_agency, desk.citizen, at(day))

    response = section(client, agency, year=2026)

    counts = asdict(response.context["stats"])
    assert counts == asdict(RequestStatistics(2026, 6, 1, 1, 1, still_open=3, on_time=2))
    # This year is always offered, with the years that have requests.
    this_year = timezone.localdate().year
    assert response.context["years"] == sorted({this_year, 2026, 2025}, reverse=True)
    assert section(client, agency, year=2025).context["stats"].received == 1
    assert section(client, agency, year="1990").context["year"] == timezone.localdate().year


def test_on_time_means_every_milestone_met_by_its_local_due_date(client, agency, desk):
    day = date(2026, 3, 2)
    probe = desk.in_progress(day)
    due = max(Milestone.objects.filter(request=probe).values_list("due_date", flat=True))
    # All approved the day they came, long before the due date; the answer is given when the
    # clerk issues its letter: 23:30 on the due date is on time, 00:30 the day after (still the
    # due date in UTC) is late, and so is ten days after.
    answers = [desk.provided(day) for _n in range(3)]
    waiting = section(client, agency, year=2026).context["stats"]
    assert (waiting.provided, waiting.on_time) == (3, 0)  # approved is not yet answered on time
    issue_all(answers[0], now=at(due, 23, 30))
    issue_all(answers[1], now=at(due + timedelta(days=1), 0, 30))
    issue_all(answers[2], now=at(due + timedelta(days=10)))

    stats = section(client, agency, year=2026).context["stats"]

    assert (stats.provided, stats.on_time, stats.still_open) == (3, 1, 1)


# --- the back-office catalogue --------------------------------------------------------------


@pytest.fixture
def bo_officer(officer, agency):
    return grant(officer, agency, Role.FOCAL_OFFICER)


def form_data(agency, **overrides) -> dict:
    data = {
        "agency": agency.pk,
        "name": "Kế hoạch cải cách hành chính năm 2026",
        "number_symbol": "15/KH-STP",
        "issued_on": "10/01/2026",
        "form": "Cổng thông tin",
        "published_from": "15/01/2026",
        "published_until": "",
        "download_address": "https://stp.tuyenquang.gov.vn/kh-15.pdf",
    }
    return data | overrides


def test_anonymous_is_sent_to_sign_in(client, agency):
    response = client.get(reverse(LIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_officer_lists_creates_and_edits_own_agency_items(client, agency, other_agency, bo_officer):
    mine = item(agency, "Danh mục của Sở", date(2026, 1, 1))
    item(other_agency, "Danh mục của phường", date(2026, 1, 1))
    client.force_login(bo_officer)

    listing = client.get(reverse(LIST))
    assertContains(listing, "Danh mục của Sở")
    assertNotContains(listing, "Danh mục của phường")

    form = client.get(reverse("catalogue:publisheditem:add")).context["form"]
    assert list(form.fields["agency"].queryset) == [agency]
    response = client.post(reverse("catalogue:publisheditem:add"), form_data(agency))
    assert response.status_code == 302
    created = PublishedItem.objects.get(number_symbol="15/KH-STP")
    expected = (agency, bo_officer, date(2026, 1, 15))
    assert (created.agency, created.created_by, created.published_from) == expected

    change = reverse("catalogue:publisheditem:change", args=[mine.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, form_data(agency, name="Danh mục đã sửa"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.name == "Danh mục đã sửa"


def test_officer_gets_404_for_another_agency_items_and_cannot_create_for_it(
    client, agency, other_agency, bo_officer
):
    theirs = item(other_agency, "Danh mục của phường", date(2026, 1, 1))
    client.force_login(bo_officer)

    for name in ("change", "delete"):
        url = reverse(f"catalogue:publisheditem:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(agency)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Danh mục của phường"

    forged = client.post(reverse("catalogue:publisheditem:add"), form_data(other_agency))
    assert forged.status_code == 200
    assert "agency" in forged.context["form"].errors
    assert not PublishedItem.objects.filter(number_symbol="15/KH-STP").exists()


def test_form_keeps_values_and_refuses_an_end_before_the_start(client, agency, bo_officer):
    client.force_login(bo_officer)

    response = client.post(
        reverse("catalogue:publisheditem:add"), form_data(agency, published_until="14/01/2026")
    )

    assert response.status_code == 200
    assert "published_until" in response.context["form"].errors
    assertContains(response, "Kế hoạch cải cách hành chính năm 2026")
    assert not PublishedItem.objects.exists()


def test_supervisor_reads_the_catalogue_but_cannot_change_it(client, agency, django_user_model):
    supervisor = make_user(django_user_model, "son", "Hoàng Văn Sơn")
    services.membership_grant(user=supervisor, agency=agency, role=Role.SUPERVISOR)
    mine = item(agency, "Danh mục của Sở", date(2026, 1, 1))
    client.force_login(supervisor)

    assertContains(client.get(reverse(LIST)), "Danh mục của Sở")
    assert client.get(reverse("catalogue:publisheditem:add")).status_code == 403
    change = reverse("catalogue:publisheditem:change", args=[mine.pk])
    assert client.post(change, form_data(agency)).status_code == 403


def test_the_year_selector_swaps_only_the_statistics_block(client, agency):
    """htmx (served by django-htmx) asks for the statistics only; the page works without it."""
    url = reverse("portal:agency", args=[agency.short_name])
    full = client.get(url).content.decode()
    assert "htmx" in full and 'id="statistics"' in full
    part = client.get(
        url, {"year": "2026"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="statistics"
    ).content.decode()
    assert 'id="statistics"' in part
    assert "<html" not in part


def test_the_delete_confirmation_button_speaks_vietnamese(client, agency, bo_officer):
    """viewflow 2.4 hard-codes the button's "Delete"; our override puts the translation in."""
    mine = item(agency, "Danh mục của Sở", date(2026, 1, 1))
    client.force_login(bo_officer)
    page = client.get(reverse("catalogue:publisheditem:delete", args=[mine.pk])).content.decode()
    assert 'type="submit">Xóa<' in page and ">Delete<" not in page
