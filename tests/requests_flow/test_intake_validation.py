"""Receiving a request (Law Arts. 24, 26(1); DOMAIN §2, §7, §8): one clear message per bad field and
nothing written; register numbers 01, 02, ... per agency per year; ID numbers masked; walk-ins."""

from datetime import UTC, datetime

import pytest

from requests_flow import services
from requests_flow.choices import Channel, IdDocumentType, RequesterKind, State
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest, RegisterCounter, RequestEvent
from tests.helpers import CITIZEN_ID, MONDAY_2026_03_02, request_data

MEMBER = services.MemberData(
    full_name="Lò Văn Páo",
    id_document_type=IdDocumentType.CCCD,
    id_number="002 085 001 234",
    reason_purpose="Biết mức hỗ trợ tái định cư của hộ gia đình",
)
ORGANISATION = {"requester_kind": RequesterKind.ORGANISATION, "organisation_name": "Hội Nông dân"}
REPRESENTATIVE = {"requester_kind": RequesterKind.REPRESENTATIVE, "representative_capacity": "mẹ"}


def receive(agency, actor, *, channel=Channel.ELECTRONIC, requester_user="actor", now=None, **data):
    return services.request_receive(
        agency=agency,
        data=request_data(**data),
        channel=channel,
        actor=actor,
        requester_user=actor if requester_user == "actor" else requester_user,
        now=now or MONDAY_2026_03_02,
    )


def counters() -> list:
    return list(RegisterCounter.objects.values_list("agency_id", "year", "last_number"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"requester_name": ""}, "requester_name"),
        ({"requester_name": "   "}, "requester_name"),
        ({"id_number": "00119012345"}, "id_number"),  # CCCD with 11 digits
        ({"id_number": "0011901234AB"}, "id_number"),  # CCCD with letters
        ({"id_number": ""}, "id_number"),
        ({"id_document_type": IdDocumentType.CMND, "id_number": "0123456789"}, "id_number"),
        ({"id_document_type": IdDocumentType.PASSPORT, "id_number": "B1234"}, "id_number"),
        ({"id_document_type": "driving_licence"}, "id_document_type"),
        ({**ORGANISATION, "members": ()}, "members"),
        ({**ORGANISATION, "organisation_name": "", "members": (MEMBER,)}, "organisation_name"),
        ({**REPRESENTATIVE, "represented_person": ""}, "represented_person"),
        ({"information_requested": ""}, "information_requested"),
        ({"copies": 0}, "copies"),
    ],
    ids=[
        "missing-name",
        "blank-name",
        "cccd-11-digits",
        "cccd-letters",
        "missing-id",
        "cmnd-10-digits",
        "passport-too-short",
        "unknown-document",
        "organisation-without-members",
        "organisation-without-name",
        "representative-without-person",
        "nothing-requested",
        "no-copies",
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(agency, citizen, data, field):
    with pytest.raises(services.InvalidInput) as invalid:
        receive(agency, citizen, **data)
    assert invalid.value.errors[field].strip()
    assert InformationRequest.objects.count() == 0
    assert counters() == []
    assert RequestEvent.objects.count() == 0


def test_every_problem_is_reported_at_once(agency, citizen):
    with pytest.raises(services.InvalidInput) as invalid:
        receive(agency, citizen, requester_name="", requester_address="", id_number="12")
    assert {"requester_name", "requester_address", "id_number"} <= set(invalid.value.errors)


def test_a_bad_member_is_named_by_position(agency, citizen):
    bad = services.MemberData(
        full_name="Vàng Thị Mai", id_document_type="cccd", id_number="123", reason_purpose="x"
    )
    with pytest.raises(services.InvalidInput) as invalid:
        receive(agency, citizen, **ORGANISATION, members=(MEMBER, bad))
    assert list(invalid.value.errors) == ["members.2"]
    assert "2" in invalid.value.errors["members.2"]


def test_unknown_channel_is_refused(agency, citizen):
    with pytest.raises(services.InvalidInput) as invalid:
        receive(agency, citizen, channel="pigeon")
    assert invalid.value.errors["channel"]
    assert InformationRequest.objects.count() == 0


def test_a_refused_receipt_leaves_no_gap_in_the_register(agency, citizen):
    first = receive(agency, citizen)
    with pytest.raises(services.InvalidInput):
        receive(agency, citizen, id_number="0011901234")
    assert counters() == [(agency.pk, 2026, 1)]
    assert receive(agency, citizen).register_number == "02/2026"
    assert first.register_number == "01/2026"


@pytest.mark.parametrize(
    ("doc_type", "typed", "stored"),
    [
        (IdDocumentType.CCCD, "001 190.123-456", "001190123456"),
        (IdDocumentType.CMND, "012345678", "012345678"),
        (IdDocumentType.CMND, "012345678901", "012345678901"),
        (IdDocumentType.PASSPORT, "b1234567", "B1234567"),
    ],
)
def test_well_formed_numbers_are_accepted_in_their_usual_shapes(
    agency, citizen, doc_type, typed, stored
):
    request = receive(agency, citizen, id_document_type=doc_type, id_number=typed)
    assert reload_id(request) == stored


def reload_id(request) -> str:
    return InformationRequest.objects.get(pk=request.pk).id_number


def test_organisation_and_representative_requests_keep_who_is_concerned(agency, citizen):
    org = receive(agency, citizen, **ORGANISATION, members=(MEMBER,))
    member = org.members.get()
    assert (member.full_name, member.id_number) == ("Lò Văn Páo", "002085001234")
    assert "001234" not in str(member) and str(member).endswith("34)")
    rep = receive(agency, citizen, **REPRESENTATIVE, represented_person="Nguyễn Minh An")
    assert (rep.represented_person, rep.representative_capacity) == ("Nguyễn Minh An", "mẹ")


def test_register_numbers_run_per_agency_per_year(agency, other_agency, citizen):
    numbers = [receive(agency, citizen).register_number for _ in range(3)]
    assert numbers == ["01/2026", "02/2026", "03/2026"]
    assert receive(other_agency, citizen).register_number == "01/2026"
    assert receive(agency, citizen).register_number == "04/2026"
    new_year = datetime(2027, 1, 5, 8, 0, tzinfo=LOCAL_TZ)
    assert receive(agency, citizen, now=new_year).register_number == "01/2027"
    event = InformationRequest.objects.get(agency=other_agency).events.get(action="receive")
    assert event.data == {"channel": Channel.ELECTRONIC, "register_number": "01/2026"}


def test_new_year_boundary_is_local_time(agency, citizen):
    # 31/12/2026 18:00 UTC is already 1/1/2027 01:00 in Hà Nội.
    utc = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
    assert receive(agency, citizen, now=utc).register_number == "01/2027"


def test_id_number_is_masked_to_its_last_two_characters(received):
    assert received.masked_id_number == "••••••••••56"
    assert CITIZEN_ID[:-2] not in received.masked_id_number
    assert received.id_number == CITIZEN_ID  # kept in full for the lookup, never shown


def test_an_officer_enters_a_walk_in_request(agency, officer):
    request = services.request_receive(
        agency=agency,
        data=request_data(email=""),
        channel=Channel.IN_PERSON,
        actor=officer,
        written_on_behalf=True,
        now=MONDAY_2026_03_02,
    )
    assert (request.state, request.channel) == (State.RECEIVED, Channel.IN_PERSON)
    assert request.requester_user is None and request.written_on_behalf
    assert request.entered_by == officer
    event = request.events.get(action="receive")
    assert (event.actor, event.action, event.to_state) == (officer, "receive", State.RECEIVED)


@pytest.mark.parametrize("requester", [None, "citizen"])
def test_an_officer_of_another_agency_cannot_enter_a_request(
    agency, foreign_officer, citizen, requester
):
    with pytest.raises(services.NotPermitted):
        receive(
            agency,
            foreign_officer,
            channel=Channel.IN_PERSON,
            requester_user=citizen if requester else None,
        )
    assert InformationRequest.objects.count() == 0
    assert counters() == []


def test_a_citizen_cannot_file_under_another_citizens_account(agency, citizen, other_citizen):
    with pytest.raises(services.NotPermitted):
        receive(agency, citizen, requester_user=other_citizen)
    assert InformationRequest.objects.count() == 0
