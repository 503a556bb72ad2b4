"""The law as data (DOMAIN §4.4; issue #14 item 1): administrators keep the citations, confirmed
with their source and audited; a rule set says which channels and which kinds of body its law
accepts, and a request outside them is refused at entry."""

from datetime import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from requests_flow import services
from requests_flow.choices import AgencyKind, Channel
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import (
    Agency,
    AppendOnlyError,
    Citation,
    CitationChange,
    InformationRequest,
    RuleSet,
)
from tests.helpers import MONDAY_2026_03_02, make_user, request_data

pytestmark = pytest.mark.django_db

LAW_2026 = "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026"
# A made-up article for the tests: the real one is not confirmed (law-research.md §0).
CONFIRMED = "Điều 20 Luật Tiếp cận thông tin số 99/2026/QH16"
GAZETTE = "Công báo số 601+602 ngày 15/5/2026"
SEPT_2 = datetime(2026, 9, 2, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("quantri", password="pw-quantri")


def law_2026() -> RuleSet:
    return RuleSet.objects.get(code="law-ati-2026")


def confirm(actor, text=CONFIRMED, key="receipt", source=GAZETTE, confirmed=True, now=None):
    return services.citation_save(
        actor=actor,
        rule_set=law_2026(),
        key=key,
        text=text,
        confirmed=confirmed,
        source_document=source,
        now=now,
    )


def receive(agency, channel, now, actor, requester_user=None):
    return services.request_receive(
        agency=agency,
        data=request_data(),
        channel=channel,
        actor=actor,
        requester_user=requester_user,
        now=now,
    )


def test_the_2026_laws_citations_print_as_its_name_until_confirmed(administrator):
    rules = law_2026().to_rules()
    assert rules.cite("receipt") == LAW_2026
    assert "receipt" in rules.unconfirmed  # staff are told; the printed text says nothing
    # A draft article typed in but not yet confirmed still prints the law's name alone.
    confirm(administrator, confirmed=False, source="")
    assert law_2026().to_rules().cite("receipt") == LAW_2026
    confirm(administrator)
    rules = law_2026().to_rules()
    assert rules.cite("receipt") == CONFIRMED
    assert "receipt" not in rules.unconfirmed
    assert rules.cite("complaint") == LAW_2026


def test_a_confirmation_records_who_when_and_the_source(administrator):
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=LOCAL_TZ)
    citation = confirm(administrator, now=moment)
    assert (citation.confirmed_by, citation.confirmed_at) == (administrator, moment)
    change = CitationChange.objects.get(citation=citation)
    assert (change.actor, change.at, change.action) == (administrator, moment, "confirmed")
    assert (change.text, change.source_document, change.previous_text) == (
        CONFIRMED,
        GAZETTE,
        LAW_2026,
    )
    confirm(administrator)  # saved again unchanged: nothing new to audit
    assert CitationChange.objects.filter(citation=citation).count() == 1
    confirm(administrator, confirmed=False)
    citation.refresh_from_db()
    assert (citation.confirmed, citation.confirmed_by, citation.confirmed_at) == (False, None, None)
    assert citation.changes.order_by("id").last().action == "unconfirmed"


def test_a_confirmation_needs_its_source_and_an_administrator(administrator, officer):
    with pytest.raises(services.InvalidInput) as exc:
        confirm(administrator, source="  ")
    assert set(exc.value.errors) == {"source_document"}
    with pytest.raises(services.NotPermitted):
        confirm(officer)
    assert not Citation.objects.filter(confirmed=True, rule_set=law_2026()).exists()
    assert not CitationChange.objects.exists()


def test_citations_stay_editable_once_requests_use_the_rule_set(administrator, agency, officer):
    request = receive(agency, Channel.ELECTRONIC, SEPT_2, officer)
    services.request_accept(request=request, actor=officer, now=SEPT_2)
    assert law_2026().requests.exists()
    confirm(administrator)
    assert law_2026().to_rules().cite("receipt") == CONFIRMED


def test_fax_is_refused_from_1_9_2026_with_a_clear_message(agency, officer):
    with translation.override("vi"), pytest.raises(services.InvalidInput) as exc:
        receive(agency, Channel.FAX, SEPT_2, officer)
    assert set(exc.value.errors) == {"channel"}
    message = exc.value.errors["channel"]
    assert "không nhận yêu cầu gửi bằng fax" in message
    assert "dịch vụ bưu chính" in message  # what is accepted instead
    assert not InformationRequest.objects.exists()
    # Under Law 104 fax is a channel of its own (Art. 24(1)(b)).
    assert receive(agency, Channel.FAX, MONDAY_2026_03_02, officer).channel == Channel.FAX


def test_fax_is_accepted_once_an_administrator_adds_it(agency, officer, administrator):
    rule_set = law_2026()
    services.request_accept(
        request=receive(agency, Channel.POST, SEPT_2, officer), actor=officer, now=SEPT_2
    )
    rule_set.accepted_channels = [*rule_set.accepted_channels, Channel.FAX]
    rule_set.full_clean()  # editable although requests use the rule set
    rule_set.save()
    assert receive(agency, Channel.FAX, SEPT_2, officer).channel == Channel.FAX


def test_a_public_non_business_unit_is_covered_from_1_9_2026(django_user_model, citizen):
    hospital = Agency.objects.create(
        name="Bệnh viện Đa khoa tỉnh Tuyên Quang",
        short_name="BVDK",
        place_name="Tuyên Quang",
        kind=AgencyKind.PUBLIC_SERVICE_UNIT,
    )
    with translation.override("vi"), pytest.raises(services.InvalidInput) as exc:
        receive(hospital, Channel.ELECTRONIC, MONDAY_2026_03_02, citizen, citizen)
    assert set(exc.value.errors) == {"agency"}
    assert "đơn vị sự nghiệp công lập" in exc.value.errors["agency"]
    assert "Bệnh viện Đa khoa tỉnh Tuyên Quang" in exc.value.errors["agency"]
    assert not InformationRequest.objects.exists()
    assert receive(hospital, Channel.ELECTRONIC, SEPT_2, citizen, citizen).agency == hospital


def test_seeded_rule_sets_say_what_their_law_accepts():
    law_104 = RuleSet.objects.get(code="law-104-2016").to_rules()
    new = law_2026().to_rules()
    assert law_104.channels == set(Channel.values)
    assert new.channels == {Channel.IN_PERSON, Channel.ELECTRONIC, Channel.POST}
    assert law_104.agency_kinds == {AgencyKind.STATE_AGENCY}
    assert new.agency_kinds == set(AgencyKind.values)
    assert law_104.cite("complaint") == "Điều 14 Luật Tiếp cận thông tin số 104/2016/QH13"
    assert not law_104.unconfirmed
    assert Agency._meta.get_field("kind").default == AgencyKind.STATE_AGENCY


def test_an_officer_is_no_administrator_of_citations(django_user_model):
    clerk = make_user(django_user_model, "clerk", "Nguyễn Văn Bình", is_staff=True)
    with pytest.raises(services.NotPermitted):
        confirm(clerk)


def test_the_history_of_a_citation_cannot_be_rewritten(administrator):
    change = confirm(administrator).changes.get()
    with pytest.raises(AppendOnlyError):
        CitationChange.objects.filter(pk=change.pk).update(text="Điều 1")
    with pytest.raises(AppendOnlyError):
        change.delete()
    if connection.vendor == "postgresql":  # raw SQL meets the trigger of migration 0019
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE requests_flow_citationchange SET text = 'Điều 1'")
    assert CitationChange.objects.get().text == CONFIRMED


def test_the_2026_law_cannot_be_given_law_104s_article(administrator):
    """DOMAIN §4.4: an unconfirmed citation prints the law's name, and a confirmed one may not
    borrow another law's article either."""
    with translation.override("vi"), pytest.raises(services.InvalidInput) as exc:
        confirm(administrator, text="Điều 14 Luật Tiếp cận thông tin số 104/2016/QH13")
    assert "nêu một luật khác" in exc.value.errors["text"]
    assert law_2026().to_rules().cite("receipt") == LAW_2026
