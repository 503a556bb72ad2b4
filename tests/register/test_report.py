"""The Decree 13 Art. 12(4) report: figures that match the requests, child agencies only when
asked, and the PDF and XLSX exports with the Decree 30 header and the typed texts."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from requests_flow.choices import Complexity
from requests_flow.models import Agency
from requests_flow.register.report import report_figures
from requests_flow.register.scope import Period
from tests.helpers import signed_in

from .support import at

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
TODAY = date(2026, 3, 31)


@pytest.fixture
def child(agency):
    return Agency.objects.create(
        name="Phòng Tư pháp xã Mèo Vạc", short_name="MV", place_name="Mèo Vạc", parent=agency
    )


@pytest.fixture
def scenario(desk, agency, child, other_agency):
    """Seven requests of the agency in March, one in February, two of its child agency, one of an
    unrelated agency. An answer is given when its letter is issued (the clerk issues them at
    17:00 of the day given to Desk.issue): that date decides whether it was on time."""
    complex_ = desk.issue(desk.handle(desk.receive(), 3, Complexity.COMPLEX), 3)  # Form 03 too
    on_time = desk.issue(desk.provide(desk.charge(complex_, 4), 6), 6)  # provided on time
    desk.issue(desk.provide(desk.handle(desk.receive(), 3), 12), 12)  # simple: due 6/3, late
    refused = desk.issue(desk.refuse(desk.receive(), 3, grounds=("a",)), 3)
    desk.issue(desk.refuse(desk.receive(), 4, grounds=("c",), competent_agency="Sở Y tế"), 4)
    desk.issue(desk.refuse(desk.receive(), 5, grounds=("a", "dd")), 5)
    desk.withdraw(desk.receive(), 5)
    desk.handle(desk.receive(when=at(9, 9)), 10)  # open; its deadline (13/3) has passed
    desk.complain(refused, 10)
    desk.complain(refused, 20)
    desk.complain(on_time, 11)
    desk.receive(when=at(2, 9).replace(month=2))  # February: outside the period
    desk.receive(agency=child)
    desk.withdraw(desk.receive(agency=child), 4)
    desk.receive(agency=other_agency)


def grounds(figures) -> dict[str, int]:
    return {code: count for code, _ground, count in figures.by_ground}


def test_figures_match_the_requests(scenario, agency):
    f = report_figures(agency, MARCH, today=TODAY)
    assert f.agency_names == (agency.name,)
    assert (f.received, f.provided, f.refused, f.withdrawn, f.still_open) == (7, 2, 3, 1, 1)
    assert f.overdue_open == 1
    assert (f.answered, f.on_time, f.late) == (5, 4, 1)
    assert grounds(f) == {"a": 2, "b": 0, "c": 1, "d": 0, "đ": 1, "e": 0}
    assert (f.complaints, f.requests_with_complaints) == (3, 2)
    labels = [label for label, _value, _indent in f.lines()]
    assert len(labels) == len(set(labels))


def test_child_agencies_only_when_asked(scenario, agency, child):
    alone = report_figures(agency, MARCH, today=TODAY)
    with_children = report_figures(agency, MARCH, today=TODAY, with_children=True)
    assert with_children.agency_names == (agency.name, child.name)
    assert with_children.received == alone.received + 2
    assert with_children.withdrawn == alone.withdrawn + 1
    assert with_children.still_open == alone.still_open + 1
    of_child = report_figures(child, MARCH, today=TODAY, with_children=True)
    assert (of_child.received, of_child.agency_names) == (2, (child.name,))


def test_period_and_query_count(scenario, agency, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        f = report_figures(agency, Period(date(2026, 2, 1), date(2026, 2, 28)), today=TODAY)
    assert (f.received, f.still_open, f.complaints) == (1, 1, 0)


def report_post(client, agency, fmt, **extra):
    data = {
        "agency": agency.pk,
        "date_from": "2026-03-01",
        "date_to": "2026-03-31",
        "difficulties": "Thiếu cán bộ đầu mối ở cấp xã.\nChưa có kinh phí số hoá.",
        "proposals": "Đề nghị tập huấn nghiệp vụ.",
        **extra,
    }
    with time_machine.travel(at(31, 9), tick=False):
        response = client.post(reverse("records:report:export", args=[fmt]), data)
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    return response


def test_report_pdf_in_administrative_format(scenario, agency, leader):
    agency.signer_prefix, agency.signer_authority = "KT.", "GIÁM ĐỐC"
    agency.signer_title, agency.signer_name = "PHÓ GIÁM ĐỐC", "Lê Văn Ký"
    agency.drafting_unit = "VP"
    agency.save()
    response = report_post(signed_in(leader), agency, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        agency.name.upper(),
        "/BC-STP",
        "Tuyên Quang, ngày 31 tháng 3 năm 2026",
        "BÁO CÁO",
        "Tình hình thực hiện cung cấp thông tin theo yêu cầu",
        "Từ ngày 01/03/2026 đến ngày 31/03/2026".lower(),
        "Thiếu cán bộ đầu mối ở cấp xã.",
        "Đề nghị tập huấn nghiệp vụ.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Ký",
        "Lưu: VT, VP.",
    ):
        assert expected in flat, expected
    assert "Số: 0" not in flat and "Số: 1" not in flat  # numbered when signed


def test_report_xlsx_has_figures_and_texts(scenario, agency, officer, child):
    response = report_post(signed_in(officer), agency, "xlsx", with_children="on")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == agency.name
    assert any(child.name in str(row[0]) for row in values[:6])
    figures = report_figures(agency, MARCH, today=TODAY, with_children=True)
    table = {str(row[0]).strip(): row[1] for row in values if row[0]}
    for label, value, _indent in figures.lines():
        assert table[label] == value
    assert any("Chưa có kinh phí số hoá." in str(row[1]) for row in values)
    assert any("Đề nghị tập huấn nghiệp vụ." in str(row[1]) for row in values)


def test_report_page_shows_the_figures(scenario, agency, supervisor):
    client = signed_in(supervisor)
    query = {"agency": agency.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"}
    with time_machine.travel(at(31, 9), tick=False):
        response = client.get(reverse("records:report:index"), query)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.received, figures.refused) == (7, 3)
    assert 'name="difficulties"' in response.content.decode()
