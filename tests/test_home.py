"""The public home page: Vietnamese by default, lists the active agencies in a fixed query count."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from requests_flow.models import Agency

pytestmark = pytest.mark.django_db

# Agencies with their parents in one query (select_related); one spare for whatever the page may
# add later (a session or user lookup). Fewer than the 5 agencies below, so an N+1 shows.
HOME_MAX_QUERIES = 2


def make_agencies(count: int) -> tuple[Agency, list[Agency]]:
    province = Agency.objects.create(
        name="Ủy ban nhân dân tỉnh Tuyên Quang", short_name="UBND-TQ", place_name="Tuyên Quang"
    )
    departments = Agency.objects.bulk_create(
        Agency(
            parent=province,
            name=f"Sở số {number:02d} tỉnh Tuyên Quang",
            short_name=f"S{number:02d}",
            place_name="Tuyên Quang",
            address=f"Số {number} đường Tân Trào, phường Minh Xuân",
        )
        for number in range(1, count + 1)
    )
    return province, departments


def test_home_page_is_vietnamese_by_default(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assertContains(response, '<html lang="vi">')
    assertContains(response, "Tiếp Cận")


def test_home_page_lists_active_agencies_only(client):
    Agency.objects.create(
        name="Sở Tư pháp tỉnh Tuyên Quang", short_name="STP", place_name="Tuyên Quang"
    )
    Agency.objects.create(
        name="Cơ quan đã giải thể", short_name="OLD", place_name="Hà Giang", is_active=False
    )

    response = client.get("/")

    assert response.status_code == 200
    assertContains(response, "Sở Tư pháp tỉnh Tuyên Quang", count=1)
    assertNotContains(response, "Cơ quan đã giải thể")
    assert [a.name for a in response.context["agencies"]] == ["Sở Tư pháp tỉnh Tuyên Quang"]


def test_home_page_without_agencies(client):
    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["agencies"]) == []


@pytest.mark.parametrize("count", [5, 50])
def test_home_page_query_count_does_not_grow_with_agencies(
    client, django_assert_max_num_queries, count
):
    province, departments = make_agencies(count)

    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        response = client.get("/")

    assert response.status_code == 200
    listed = list(response.context["agencies"])
    assert len(listed) == count + 1
    for department in departments:
        assertContains(response, department.name, count=1)
    # Each department shows its parent's name (from the same query).
    assertContains(response, f"— {province.name}", count=count)
