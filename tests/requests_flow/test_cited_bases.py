"""Every basis a rule prints can be kept by administrators as a citation row (issue #14 item 1):
the date's basis (milestone-<kind>), a refusal ground's (ground-<code>), an action's
(action-<name>). A confirmed row prints its text for what is done afterwards; an unconfirmed one
prints the law's name alone; what was recorded before keeps its text."""

from datetime import datetime

import pytest

from requests_flow import services
from requests_flow.choices import DecisionKind
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import RuleSet
from tests.helpers import file_online

pytestmark = pytest.mark.django_db

PROVIDE = "khoản 1 Điều 21 Luật Tiếp cận thông tin số 99/2026/QH16"  # made up for the test
GROUND_B = "điểm b khoản 1 Điều 20 Luật Tiếp cận thông tin số 99/2026/QH16"
SOURCE = "Công báo số 601+602 ngày 15/5/2026"


def sep(day: int, hour: int) -> datetime:
    return datetime(2026, 9, day, hour, tzinfo=LOCAL_TZ)


def classified(agency, citizen, officer, head, day: int):
    info = file_online(agency, citizen, sep(day, 9))
    info = services.request_accept(request=info, actor=officer, now=sep(day, 10))
    info = services.request_assign(request=info, actor=head, officer=officer, now=sep(day, 11))
    return services.request_classify(
        request=info, actor=officer, complexity="simple", now=sep(day, 12)
    )


def confirm(admin_user, key: str, text: str) -> None:
    services.citation_save(
        actor=admin_user,
        rule_set=RuleSet.objects.get(code="law-ati-2026"),
        key=key,
        text=text,
        confirmed=True,
        source_document=SOURCE,
        now=sep(8, 8),
    )


def test_a_confirmed_basis_prints_for_dates_and_grounds_decided_afterwards(
    agency, citizen, officer, head, admin_user
):
    before = classified(agency, citizen, officer, head, day=3)
    confirm(admin_user, "milestone-provide", PROVIDE)
    confirm(admin_user, "ground-b", GROUND_B)
    after = classified(agency, citizen, officer, head, day=8)

    assert before.milestones.get().basis != PROVIDE, "a date stored before keeps its basis"
    assert after.milestones.get().basis == PROVIDE
    refused = services.request_submit_decision(
        request=after,
        actor=officer,
        kind=DecisionKind.REFUSE,
        grounds=["b"],
        reasons="Đã công khai trên cổng thông tin của tỉnh.",
        published_where="Cổng thông tin điện tử tỉnh Tuyên Quang",
        now=sep(8, 14),
    )
    rules = RuleSet.objects.get(code="law-ati-2026").to_rules()
    assert rules.ground("b").basis == GROUND_B
    assert refused.rule_set.to_rules().ground("b").basis == GROUND_B


def test_an_unconfirmed_basis_row_prints_the_law_name_alone(agency, admin_user):
    rule_set = RuleSet.objects.get(code="law-ati-2026")
    services.citation_save(
        actor=admin_user,
        rule_set=rule_set,
        key="action-accept",
        text=PROVIDE,
        confirmed=False,
        source_document="",
        now=sep(8, 8),
    )
    rules = RuleSet.objects.get(pk=rule_set.pk).to_rules()
    assert rules.action_basis["accept"] == rules.law_name
    assert PROVIDE not in str(rules.action_basis)
