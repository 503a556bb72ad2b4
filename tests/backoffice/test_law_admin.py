"""The law as data through the pages (issue #14 item 1): an administrator confirms a citation in
Django's admin (who, when, the source; audited), also for a rule set requests already use, and
changes what a rule set accepts; the intake page offers only the channels of today's law."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from requests_flow import services
from requests_flow.choices import Channel
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Citation, CitationChange, InformationRequest, RuleSet
from tests.helpers import signed_in

from .support import NS, intake_form
from .test_admin_roles import admin_form_data

pytestmark = pytest.mark.django_db

CONFIRMED = "Điều 20 Luật Tiếp cận thông tin số 99/2026/QH16"  # made up for the test
GAZETTE = "Công báo số 601+602 ngày 15/5/2026"
SEPT_2 = datetime(2026, 9, 2, 9, 0, tzinfo=LOCAL_TZ)


def citation(code: str, key: str) -> Citation:
    return Citation.objects.get(rule_set__code=code, key=key)


def change_url(obj) -> str:
    return reverse(f"admin:requests_flow_{obj._meta.model_name}_change", args=[obj.pk])


def post_citation(client, row: Citation, **values):
    """The citation's admin page posted back with `values` changed (and its history rows)."""
    data = admin_form_data(client.get(change_url(row)))
    data.update({k: v for k, v in values.items() if k != "confirmed"})
    if values.get("confirmed", row.confirmed):
        data["confirmed"] = "on"
    else:
        data.pop("confirmed", None)
    return client.post(change_url(row), data)


def offers(page: str, channel: str) -> bool:
    """Whether the intake page's channel list (viewflow's select, options as JSON) has it."""
    select = page[page.index('id="id_channel"') :]
    select = select[: select.index("</vf-field-select>")]
    return f"&quot;value&quot;: &quot;{channel}&quot;" in select


def test_an_administrator_confirms_a_citation_in_the_admin(admin_client, admin_user):
    row = citation("law-ati-2026", "receipt")
    page = admin_client.get(change_url(row))
    assert page.status_code == 200
    response = post_citation(
        admin_client, row, text=CONFIRMED, confirmed=True, source_document=GAZETTE
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Các văn bản soạn từ nay sẽ in căn cứ này" in told
    row.refresh_from_db()
    assert (row.text, row.confirmed, row.confirmed_by) == (CONFIRMED, True, admin_user)
    assert row.confirmed_at is not None
    change = CitationChange.objects.get(citation=row)
    assert (change.actor, change.action, change.source_document) == (
        admin_user,
        "confirmed",
        GAZETTE,
    )
    assert RuleSet.objects.get(code="law-ati-2026").to_rules().cite("receipt") == CONFIRMED
    history = admin_client.get(change_url(row)).content.decode()
    assert GAZETTE in history  # the change rows show on the citation's page


def test_a_confirmation_without_its_source_is_refused_keeping_what_was_typed(admin_client):
    row = citation("law-ati-2026", "complaint")
    response = post_citation(admin_client, row, text=CONFIRMED, confirmed=True)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Khi xác nhận phải ghi văn bản nguồn" in " ".join(form.errors["source_document"])
    assert CONFIRMED in response.content.decode()
    row.refresh_from_db()
    assert not row.confirmed and row.text != CONFIRMED
    assert not CitationChange.objects.exists()


def test_a_rule_set_in_use_keeps_its_rules_but_not_its_citations_or_channels(
    admin_client, admin_user, received, officer
):
    services.request_accept(request=received, actor=officer)
    law_104 = RuleSet.objects.get(code="law-104-2016")
    assert law_104.requests.exists()  # its rules are frozen now (RuleSet.clean)
    row = citation("law-104-2016", "complaint")
    reworded = "Điều 14 Luật Tiếp cận thông tin số 104/2016/QH13 (đã đối chiếu lại)"
    response = post_citation(admin_client, row, text=reworded)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row.refresh_from_db()
    assert (row.text, row.confirmed_by) == (reworded, admin_user)
    # What the law accepts is not part of the frozen rules either.
    page = admin_client.get(change_url(law_104))
    assert reworded in page.content.decode()  # the citations are listed on the rule set
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["rules"] = form.fields["rules"].prepare_value(law_104.rules)
    data["effective_from"], data["effective_to"] = "2018-07-01", "2026-08-31"
    data["verified"] = "on"
    data["accepted_channels"] = [Channel.IN_PERSON, Channel.ELECTRONIC, Channel.POST]
    data.update({"citation_rows-TOTAL_FORMS": 0, "citation_rows-INITIAL_FORMS": 0})
    response = admin_client.post(change_url(law_104), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    law_104.refresh_from_db()
    assert Channel.FAX not in law_104.accepted_channels


def test_the_intake_page_offers_only_the_channels_of_todays_law(agency, staff):
    address = reverse(f"{NS}:start_intake:execute")
    assert offers(signed_in(staff["officer"]).get(address).content.decode(), "fax")  # Law 104
    with time_machine.travel(SEPT_2, tick=False):
        officer = signed_in(staff["officer"])  # a session of that day
        page = officer.get(address).content.decode()
        assert not offers(page, "fax") and offers(page, "post")
        response = officer.post(address, {**intake_form(agency), "channel": Channel.FAX})
    assert response.status_code == 200
    errors = response.context["form"].errors["channel"]
    assert "không nhận yêu cầu gửi bằng fax" in " ".join(errors)
    assert "Vàng Seo Dìn" in response.content.decode()  # what was typed is kept
    assert not InformationRequest.objects.filter(channel=Channel.FAX).exists()
