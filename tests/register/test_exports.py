"""The register's exports through the back-office URLs: CSV for Excel, XLSX, and a landscape PDF
whose long table flows over pages with its header repeated. The ID number is always masked."""

import csv
import io
from datetime import date
from urllib.parse import urlencode

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext
from pypdf import PdfReader

from requests_flow.choices import Complexity
from requests_flow.limits import REQUEST_TEXT
from requests_flow.register.exports import TITLE
from requests_flow.register.pdf import register_pdf
from requests_flow.register.rows import COLUMNS, register_rows
from requests_flow.register.scope import Period
from tests.helpers import CITIZEN_ID, signed_in

from .support import at

pytestmark = pytest.mark.django_db
MASKED = "••••••••••56"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at(31, 9), tick=False):
        yield


def export(client, agency, fmt: str, **params):
    query = {"agency": agency.pk, "date_from": "2026-03-01", "date_to": "2026-03-31", **params}
    response = client.get(f"{reverse('records:register:export', args=[fmt])}?{urlencode(query)}")
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    return response


@pytest.fixture
def filled(desk):
    """A provided request (its letters issued each day: four notices), a refusal redirected under
    (c), an open one."""
    r = desk.issue(desk.receive(phone="0912345678"), 2)
    r = desk.issue(desk.handle(r, 3, Complexity.COMPLEX), 3)
    desk.issue(desk.provide(desk.issue(desk.charge(r, 4), 4), 6), 6)
    desk.refuse(desk.receive(), 3, grounds=("c",), competent_agency="Sở Y tế tỉnh Tuyên Quang")
    desk.receive(information_requested='=HYPERLINK("http://evil.example","bấm vào")')


def test_csv_opens_in_excel_with_vietnamese(filled, officer, agency):
    response = export(signed_in(officer), agency, "csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0] == [str(header) for _key, header in COLUMNS]
    assert len(table) == 4
    first = dict(zip([key for key, _h in COLUMNS], table[1], strict=True))
    assert first["register_number"] == "01/2026"
    assert first["received_on"] == "02/03/2026"
    assert first["requester"] == "Nguyễn Thị Hoa"
    assert first["id_number"] == MASKED
    assert first["information_requested"] == "Quyết định phê duyệt quy hoạch sử dụng đất năm 2025"
    assert "01/PTN-STP" in first["notices"] and first["cost"] == "45000"
    assert "Sở Y tế tỉnh Tuyên Quang" in table[2][[k for k, _h in COLUMNS].index("result")]
    assert table[3][6].startswith("'=HYPERLINK")  # typed text never becomes a formula
    assert CITIZEN_ID.encode() not in body


def test_xlsx_has_title_header_and_rows(filled, officer, agency):
    response = export(signed_in(officer), agency, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == TITLE
    assert values[1][0] == agency.name
    header = values[4]
    assert header == [str(h) for _key, h in COLUMNS]
    rows = values[5:]
    assert [row[0] for row in rows] == ["01/2026", "02/2026", "03/2026"]
    assert rows[0][1].date() == date(2026, 3, 2)  # a real date, shown dd/mm/yyyy
    assert rows[0][3] == "Nguyễn Thị Hoa" and rows[0][4] == MASKED
    assert rows[0][11] == 45000
    formula = sheet.cell(row=8, column=7)
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK")
    assert all(CITIZEN_ID not in str(v) for row in values for v in row)


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_pdf_has_title_agency_rows_and_masked_ids(filled, officer, agency):
    response = export(signed_in(officer), agency, "pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    fonts = reader.pages[0]["/Resources"]["/Font"].get_object().values()
    assert any("LiberationSerif" in font.get_object()["/BaseFont"] for font in fonts)
    text = "\n".join(pdf_text(response.content))
    assert TITLE in text
    assert agency.name.upper() in text
    assert "01/2026" in text and "03/2026" in text
    assert MASKED in text
    assert CITIZEN_ID not in text
    assert "01/PTN-STP" in text


def test_long_register_flows_over_pages_with_the_header_repeated(desk, agency):
    for i in range(45):
        desk.receive(when=at(2 + i % 20, 9), information_requested=f"Hồ sơ số {i}. " * 12)
    # The longest request allowed (limits.REQUEST_TEXT), taller than a page in its narrow cell.
    desk.receive(when=at(25, 9), information_requested="Rất dài. " * (REQUEST_TEXT // 9))
    rows = register_rows(agency.pk, Period(date(2026, 3, 1), date(2026, 3, 31)))
    content = register_pdf(
        rows, agency_name=agency.name, period_text="Tháng 3/2026", printed_on=date(2026, 3, 31)
    )
    pages = pdf_text(content)
    assert len(pages) > 3
    header = "".join(gettext("Form of provision").split())  # wrapped in its cell
    assert all(header in "".join(page.split()) for page in pages), "header row on every page"
    assert all(row.register_number in "\n".join(pages) for row in rows)
    assert all(CITIZEN_ID not in page for page in pages)


def test_empty_register_still_exports(officer, agency):
    client = signed_in(officer)
    assert "Không có yêu cầu nào" in "".join(pdf_text(export(client, agency, "pdf").content))
    table = list(csv.reader(io.StringIO(export(client, agency, "csv").content.decode("utf-8-sig"))))
    assert len(table) == 1


def test_unknown_format_and_bad_period(officer, agency):
    client = signed_in(officer)
    url = reverse("records:register:export", args=["docx"])
    assert client.get(f"{url}?agency={agency.pk}").status_code == 404
    url = reverse("records:register:export", args=["csv"])
    query = urlencode({"agency": agency.pk, "date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert client.get(f"{url}?{query}").status_code == 400


def test_typed_control_characters_and_semicolon_formulas_neither_break_nor_arm_the_exports(
    desk, officer, agency
):
    """Outside test #17.4 and #17.7: an escape character made every XLSX export of the period
    fail with 500; "X;=1+1;@SUM(9)" was written unquoted and unguarded (no comma in it), so a
    spreadsheet splitting on ";" (Vietnamese regional settings) ran the formulas."""
    desk.receive(
        requester_name="X;=1+1;@SUM(9)",
        information_requested="Báo cáo\x1b[31m năm\x01 2025\x7f",
    )
    client = signed_in(officer)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, agency, "xlsx").content)).active
    values = [cell.value for cell in sheet[6]]
    assert values[3] == "X;=1+1;@SUM(9)" and sheet.cell(row=6, column=4).data_type == "s"
    assert values[6] == "Báo cáo[31m năm 2025"
    body = export(client, agency, "csv").content.decode("utf-8-sig")
    assert '"\'X;=1+1;@SUM(9)"' in body  # quoted, and guarded for any separator
    assert "\x1b" not in body and "\x01" not in body
    for line in body.splitlines()[1:]:
        assert all(cell.startswith('"') for cell in line.split(";")[:1])
    report = client.post(
        reverse("records:report:export", args=["xlsx"]),
        {"agency": agency.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"},
    )
    assert report.status_code == 200
