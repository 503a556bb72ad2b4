"""The outgoing register (sổ đăng ký văn bản đi, Decree 30 Art. 15): one row per issued letter in
number order, from letters the real services numbered; the page, its CSV/XLSX/PDF exports,
filters, scoping to the user's agencies and a query count that does not grow with the rows."""

import csv
import io
import subprocess
from urllib.parse import urlencode

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AccessEvent
from requests_flow.choices import Role
from requests_flow.models import AgencyMembership, Letter
from requests_flow.register.outgoing import (
    AGENCY_COLUMN,
    OUTGOING_COLUMNS,
    OutgoingFilter,
    outgoing_rows,
)
from requests_flow.register.outgoing_export import OUTGOING_TITLE
from tests.helpers import CITIZEN_ID, make_user, member, signed_in

from .support import at

pytestmark = pytest.mark.django_db
PAGE = "records:outgoing:index"
KEYS = [key for key, _header in OUTGOING_COLUMNS]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at(31, 9), tick=False):
        yield


@pytest.fixture
def issued(desk, agency, leader):
    """The leader signs as a deputy (KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC); a receipt issued on 2 March,
    then a second request refused on 3 March (its receipt, then the refusal, issued that day):
    three letters numbered 01 to 03 by the clerk."""
    AgencyMembership.objects.filter(user=leader, agency=agency).update(
        signing_prefix="KT.", signing_authority="GIÁM ĐỐC", signing_title="PHÓ GIÁM ĐỐC"
    )
    first = desk.issue(desk.receive(), 2)
    second = desk.issue(desk.refuse(desk.receive(at(3, 9)), 3), 3)
    return first, second


def page(client, **params):
    return client.get(reverse(PAGE), params)


def export(client, fmt: str, **params):
    url = reverse("records:outgoing:export", args=[fmt])
    response = client.get(f"{url}?{urlencode(params)}")
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    return response.content


def test_rows_in_number_order_with_each_column(issued, agency):
    first, second = issued
    rows = outgoing_rows(OutgoingFilter((agency.pk,), 2026))
    assert [r.number_text for r in rows] == ["01/PTN-STP", "02/PTN-STP", "03/TB-STP"]
    assert [r.register_number for r in rows] == [
        first.register_number,
        second.register_number,
        second.register_number,
    ]
    assert [r.issued_on.day for r in rows] == [2, 3, 3]
    refusal = rows[2]
    assert refusal.kind == str(Letter(kind="refusal").get_kind_display())
    assert refusal.summary == "THÔNG BÁO Về việc từ chối cung cấp thông tin"
    assert refusal.signer == "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC, Phạm Quốc Hùng"
    assert refusal.recipient == "Nguyễn Thị Hoa"
    assert CITIZEN_ID not in repr(rows) and first.requester_address not in repr(rows)


def test_letters_not_yet_issued_are_in_neither_register(desk, officer, agency, leader):
    """A draft, and a letter approved but not signed nor numbered, have no number and no date
    (Decree 30 Art. 15): the clerk's register lists them only once issued."""
    desk.receive()  # its receipt is a draft
    refused = desk.refuse(desk.receive(at(3, 9)), 3)  # the refusal is approved, not yet signed
    assert set(Letter.objects.values_list("status", flat=True)) == {"draft", "approved"}
    assert outgoing_rows(OutgoingFilter((agency.pk,), None)) == []
    client = signed_in(officer)
    assert page(client, agency=agency.pk, year="").context["rows"] == []
    period = {"agency": agency.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"}
    rows = client.get(reverse("records:register:index"), period).context["rows"]
    assert [row.notices for row in rows] == [(), ()]
    desk.issue(refused, 4)
    assert [r.number_text for r in outgoing_rows(OutgoingFilter((agency.pk,), 2026))] == [
        "01/PTN-STP",
        "02/TB-STP",
    ]


def test_page_lists_the_letters_and_links_the_exports(issued, officer, agency):
    response = page(signed_in(officer), agency=agency.pk)
    assert response.status_code == 200
    assert [r.number_text for r in response.context["rows"]] == [
        "01/PTN-STP",
        "02/PTN-STP",
        "03/TB-STP",
    ]
    body = response.content.decode()
    assert "Phạm Quốc Hùng" in body and "Nguyễn Thị Hoa" in body
    assert CITIZEN_ID not in body
    assert reverse("records:outgoing:export", args=["xlsx"]) in body


def test_filters_kind_year_and_dates(issued, officer, agency):
    client = signed_in(officer)

    def numbers(**params):
        rows = page(client, agency=agency.pk, **params).context["rows"]
        return [r.number_text for r in rows]

    assert numbers(kind="refusal") == ["03/TB-STP"]
    assert numbers(kind="receipt") == ["01/PTN-STP", "02/PTN-STP"]
    assert numbers(year=2025) == []
    assert numbers(year="") == ["01/PTN-STP", "02/PTN-STP", "03/TB-STP"]
    assert numbers(date_from="2026-03-03", date_to="2026-03-03") == ["02/PTN-STP", "03/TB-STP"]
    assert numbers(date_to="2026-03-02") == ["01/PTN-STP"]
    response = page(client, agency=agency.pk, date_from="2026-03-05", date_to="2026-03-01")
    assert response.context["form"].errors and "rows" not in response.context


def test_officer_of_another_agency_sees_none_of_its_letters(
    issued, agency, other_agency, foreign_officer
):
    client = signed_in(foreign_officer)
    assert page(client, agency=agency.pk).status_code == 404
    for fmt in ("csv", "xlsx", "pdf"):
        url = reverse("records:outgoing:export", args=[fmt])
        assert client.get(url, {"agency": agency.pk}).status_code == 404
    for response in (page(client), page(client, agency="")):  # their own; all of theirs
        assert response.status_code == 200
        assert response.context["rows"] == []
    body = response.content.decode()
    assert "PTN-STP" not in body and "Nguyễn Thị Hoa" not in body
    choices = [str(value) for value, _label in response.context["form"].fields["agency"].choices]
    assert str(agency.pk) not in choices


def test_csv_parses_with_the_rows(issued, officer, agency):
    body = export(signed_in(officer), "csv", agency=agency.pk)
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0] == [str(header) for _key, header in OUTGOING_COLUMNS]
    rows = [dict(zip(KEYS, row, strict=True)) for row in table[1:]]
    assert [r["number_text"] for r in rows] == ["01/PTN-STP", "02/PTN-STP", "03/TB-STP"]
    assert rows[2]["issued_on"] == "03/03/2026"
    assert rows[2]["signer"].endswith("Phạm Quốc Hùng")
    assert CITIZEN_ID.encode() not in body


def test_xlsx_opens_with_title_and_rows(issued, officer, agency):
    body = export(signed_in(officer), "xlsx", agency=agency.pk)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == OUTGOING_TITLE and values[1][0] == agency.name
    assert values[2][0] == "Năm 2026"
    assert [row[0] for row in values[5:]] == ["01/PTN-STP", "02/PTN-STP", "03/TB-STP"]
    assert values[7][1].day == 3 and values[7][5] == "Nguyễn Thị Hoa"


def test_pdf_text_has_the_numbers(issued, officer, agency, tmp_path):
    path = tmp_path / "so.pdf"
    path.write_bytes(export(signed_in(officer), "pdf", agency=agency.pk, kind="refusal"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert OUTGOING_TITLE in text and "03/TB-STP" in text and "Phạm Quốc Hùng" in text
    assert "01/PTN-STP" not in text  # the kind filter holds in the export
    assert "Năm 2026; Loại:" in text  # the selection printed under the title


def test_headers_are_translated_to_vietnamese(officer, agency):
    with translation.override("vi"):
        headers = [str(header) for _key, header in OUTGOING_COLUMNS]
    assert headers[:5] == [
        "Số, ký hiệu",
        "Ngày, tháng văn bản",
        "Loại văn bản",
        "Trích yếu nội dung",
        "Người ký",
    ]
    assert "Nơi nhận văn bản" in headers and "Ghi chú" in headers


def count(call) -> int:
    call()  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def costs(client, agency) -> dict[str, int]:
    query = {"agency": agency.pk}
    csv_url = reverse("records:outgoing:export", args=["csv"])
    return {
        "rows": count(lambda: outgoing_rows(OutgoingFilter((agency.pk,), 2026))),
        "page": count(lambda: page(client, **query)),
        "csv": count(lambda: client.get(csv_url, query)),
    }


def test_query_count_does_not_grow_with_the_letters(desk, officer, agency):
    client = signed_in(officer)
    for day in range(2, 5):
        desk.issue(desk.receive(at(day, 9)), day)
    few = costs(client, agency)
    for day in range(2, 22):
        desk.issue(desk.refuse(desk.receive(at(day, 9)), day), day)
    many = costs(client, agency)
    assert Letter.objects.filter(status="issued").count() == 43
    print(f"\noutgoing register queries: 3 letters {few}, 43 letters {many}")
    assert few == many
    assert few["rows"] == 1
    # Measured 14 and 7 (session, user, memberships, menu included); margin 2.
    assert few["page"] <= 16 and few["csv"] <= 9


def test_request_register_shows_each_requests_letters_with_numbers(issued, officer, agency):
    """Issue #13 item 6: the request register names every letter of a request by its number."""
    client = signed_in(officer)
    period = {"agency": agency.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"}
    body = client.get(reverse("records:register:index"), period).content.decode()
    assert "Form 05" in body or "Mẫu số 05" in body  # the kind, whatever the screen language
    for number in ("01/PTN-STP", "02/PTN-STP", "03/TB-STP"):
        assert number in body
    url = reverse("records:register:export", args=["csv"])
    table = list(csv.reader(io.StringIO(client.get(url, period).content.decode("utf-8-sig"))))
    notices = [row[10] for row in table[1:]]
    assert "01/PTN-STP" in notices[0]
    assert "02/PTN-STP" in notices[1] and "03/TB-STP" in notices[1]


def test_page_and_exports_are_in_the_access_log_with_the_requests_named(issued, officer, agency):
    """Rows name requesters: who read them, and which requests, is logged like the register."""
    first, second = issued
    client = signed_in(officer)
    page(client, agency=agency.pk, kind="refusal")
    export(client, "xlsx", agency=agency.pk)
    viewed, exported = AccessEvent.objects.order_by("id")
    assert (viewed.action, viewed.object_kind) == ("view", "outgoing_page")
    assert viewed.data["request_ids"] == [second.pk] and viewed.data["kind"] == "refusal"
    assert (exported.action, exported.object_kind) == ("download", "outgoing_xlsx")
    assert exported.data["request_ids"] == sorted([first.pk, second.pk])


def test_all_my_agencies_in_number_order_per_agency_with_an_agency_column(
    issued, desk, agency, other_agency, officer, django_user_model
):
    desk.issue(desk.receive(at(4, 9), agency=other_agency, requester_name="Lò Văn Pá"), 4)
    both = member(
        make_user(django_user_model, "van_thu", "Vũ Thị Thư"), other_agency, Role.FOCAL_OFFICER
    )
    member(both, agency, Role.FOCAL_OFFICER)
    response = page(signed_in(both), agency="")
    rows = response.context["rows"]
    by_agency = [(r.agency, r.number_text) for r in rows]
    # Each agency's letters together (not interleaved), each in number order.
    runs = [a for i, (a, _n) in enumerate(by_agency) if i == 0 or by_agency[i - 1][0] != a]
    assert sorted(runs) == sorted([agency.name, other_agency.name])
    assert [n for a, n in by_agency if a == agency.name] == [
        "01/PTN-STP",
        "02/PTN-STP",
        "03/TB-STP",
    ]
    # A People's Committee letter symbol is UBND (Agency.letter_symbol, issue #13 item 5).
    assert [n for a, n in by_agency if a == other_agency.name] == ["01/PTN-UBND"]
    assert str(response.context["columns"][0]) == str(AGENCY_COLUMN[1])
    body = export(signed_in(both), "csv", agency="")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(table) == 5 and {row[0] for row in table[1:]} == {agency.name, other_agency.name}
    # The officer of agency A alone never sees the other agency's letter, even asking for all.
    mine = page(signed_in(officer), agency="").context["rows"]
    assert {r.agency for r in mine} == {agency.name}


def test_menu_offers_it_next_to_the_request_register(officer):
    body = signed_in(officer).get(reverse("records:register:index")).content.decode()
    register, outgoing = reverse("records:register:index"), reverse("records:outgoing:index")
    report = reverse("records:report:index")
    assert f'href="{outgoing}"' in body
    assert body.index(f'href="{register}"') < body.index(f'href="{outgoing}"')
    assert body.index(f'href="{outgoing}"') < body.index(f'href="{report}"')
