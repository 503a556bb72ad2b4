"""The register's rows: every column from requests moved through the real services."""

from datetime import date

import pytest

from requests_flow.choices import Complexity
from requests_flow.models import Letter
from requests_flow.register.rows import register_rows
from requests_flow.register.scope import Period
from tests.helpers import CITIZEN_ID

from .support import at

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def rows_by_number(agency, period=MARCH, state=""):
    return {row.register_number: row for row in register_rows(agency.pk, period, state)}


def test_provided_request_has_every_column(desk, agency):
    r = desk.receive(phone="0912345678")
    r = desk.handle(r, 3, Complexity.COMPLEX)
    r = desk.charge(r, 4, paid_day=5)
    r = desk.provide(r, 6)
    waiting = register_rows(agency.pk, MARCH)[0]
    assert not any(d.met_on for d in waiting.due_dates)  # approved, no letter issued yet
    desk.issue(r, 6)
    row = register_rows(agency.pk, MARCH)[0]
    assert row.register_number == "01/2026" == r.register_number
    assert row.received_on == date(2026, 3, 2)
    assert row.channel == r.get_channel_display()
    assert row.requester == "Nguyễn Thị Hoa"
    assert row.id_number == "••••••••••56"
    assert CITIZEN_ID not in repr(row)
    assert row.contact == "0912345678, hoa@example.vn"
    assert row.information_requested == r.information_requested
    assert row.provision_form == r.get_provision_form_display()
    assert row.valid_on == date(2026, 3, 3)
    assert row.complexity
    assert row.cost == 45_000 and row.paid_on == date(2026, 3, 5)
    assert [d.due_on for d in row.due_dates] == sorted(d.due_on for d in row.due_dates)
    # Form 03 meets the notice, the cover letter the rest, on the day the clerk issues them.
    assert [d.met_on for d in row.due_dates] == [date(2026, 3, 6)] * 2
    assert row.extension_days is None
    assert (row.result_kind, row.closed_on) == ("provided", date(2026, 3, 6))
    assert row.complaint == ""


def test_notices_carry_the_numbers_of_the_letters_issued(desk, agency):
    r = desk.issue(desk.receive(), 2)
    r = desk.issue(desk.handle(r, 3, Complexity.COMPLEX), 3)
    r = desk.issue(desk.charge(r, 4), 4)
    desk.provide(r, 6)
    drafted_only = register_rows(agency.pk, MARCH)[0]
    assert len(drafted_only.notices) == 3  # the cover letter is not issued yet: not a notice
    desk.issue(r, 6)
    letters = list(Letter.objects.filter(request=r).order_by("issued_at", "id"))
    # Form 03 at the deadline check (complex, by e-mail: Art. 30(4)), then Form 03 with costs.
    assert [letter.kind for letter in letters] == ["receipt", "resolution", "resolution", "cover"]
    assert all(letter.is_issued and letter.file for letter in letters)
    row = register_rows(agency.pk, MARCH)[0]
    assert [(n.number_text, n.issued_on) for n in row.notices] == [
        (letters[0].number_text, date(2026, 3, 2)),
        (letters[1].number_text, date(2026, 3, 3)),
        (letters[2].number_text, date(2026, 3, 4)),
        (letters[3].number_text, date(2026, 3, 6)),
    ]
    assert letters[0].number_text == "01/PTN-STP"
    cell = row.value("notices")
    assert "01/PTN-STP" in cell and "02/PGQ-STP" in cell and "03/03/2026" in cell
    assert "03/PGQ-STP" in cell and "04/03/2026" in cell
    assert cell.count("\n") == 3


def test_results_refused_redirected_withdrawn_open(desk, agency):
    refused = desk.refuse(desk.receive(), 3, grounds=("a", "dd"))
    redirected = desk.refuse(
        desk.receive(), 4, grounds=("c",), competent_agency="Sở Tài nguyên và Môi trường"
    )
    withdrawn = desk.withdraw(desk.receive(), 5)
    still_open = desk.handle(desk.receive(), 3)
    rows = rows_by_number(agency)
    row = rows[refused.register_number]
    assert (row.result_kind, row.grounds) == ("refused", ("a", "đ"))
    assert "(a), (đ)" in row.result and row.closed_on == date(2026, 3, 3)
    row = rows[redirected.register_number]
    assert (row.result_kind, row.grounds) == ("redirected", ("c",))
    assert row.competent_agency == "Sở Tài nguyên và Môi trường"
    assert "Sở Tài nguyên và Môi trường" in row.result
    row = rows[withdrawn.register_number]
    assert (row.result_kind, row.closed_on) == ("withdrawn", date(2026, 3, 5))
    row = rows[still_open.register_number]
    assert (row.result_kind, row.closed_on) == ("open", None)
    assert still_open.get_state_display() in row.result
    assert row.due_dates and not any(d.met_on for d in row.due_dates)


def test_extension_and_complaint(desk, agency):
    r = desk.issue(desk.handle(desk.receive(), 3, Complexity.COMPLEX), 3)
    before = [d.due_on for d in register_rows(agency.pk, MARCH)[0].due_dates]
    r = desk.issue(desk.extend(r, 5, days=10), 5)
    r = desk.issue(desk.refuse(r, 9), 9)
    desk.complain(r, 10)
    desk.complain(r, 12)
    row = register_rows(agency.pk, MARCH)[0]
    assert row.extension_days == 10
    assert max(d.due_on for d in row.due_dates) > max(before)
    # Form 03 at the deadline check (Art. 30(4)), the extension, the refusal.
    assert [n.number_text for n in row.notices][1:] == ["02/PGQ-STP", "03/TB-STP", "04/TB-STP"]
    assert row.complaints == (date(2026, 3, 10), date(2026, 3, 12))
    assert "10/03/2026" in row.complaint and "12/03/2026" in row.complaint


def test_representative_and_organisation_in_the_requester_column(desk, agency):
    desk.receive(
        requester_kind="representative",
        represented_person="Nguyễn Văn Bé",
        representative_capacity="Cha",
    )
    row = register_rows(agency.pk, MARCH)[0]
    assert "Nguyễn Thị Hoa" in row.requester and "Nguyễn Văn Bé" in row.requester


def test_period_is_by_local_date(desk, agency):
    # 23:30 on 1/3 local is 16:30 UTC on 1/3; 00:30 on 2/3 local is 17:30 UTC on 1/3.
    late_evening = desk.receive(when=at(1, 23, 30))
    after_midnight = desk.receive(when=at(2, 0, 30))
    last_minute = desk.receive(when=at(31, 23, 59))
    on_the_2nd = rows_by_number(agency, Period(date(2026, 3, 2), date(2026, 3, 2)))
    assert list(on_the_2nd) == [after_midnight.register_number]
    on_the_1st = rows_by_number(agency, Period(date(2026, 3, 1), date(2026, 3, 1)))
    assert list(on_the_1st) == [late_evening.register_number]
    assert last_minute.register_number in rows_by_number(agency)
    assert not rows_by_number(agency, Period(date(2026, 4, 1), date(2026, 4, 30)))


def test_state_filter_and_register_order(desk, agency):
    first = desk.receive(when=at(2, 9))
    second = desk.withdraw(desk.receive(when=at(3, 9)), 4)
    third = desk.receive(when=at(4, 9))
    assert list(rows_by_number(agency)) == [
        first.register_number,
        second.register_number,
        third.register_number,
    ]
    assert list(rows_by_number(agency, state="open")) == [
        first.register_number,
        third.register_number,
    ]
    assert list(rows_by_number(agency, state="withdrawn")) == [second.register_number]


def test_other_agencies_rows_are_not_in_the_register(desk, agency, other_agency):
    desk.receive()
    theirs = desk.receive(agency=other_agency, requester_name="Lò Văn Pá")
    assert [row.requester for row in register_rows(agency.pk, MARCH)] == ["Nguyễn Thị Hoa"]
    assert [row.requester for row in register_rows(other_agency.pk, MARCH)] == [
        theirs.requester_name
    ]
