"""Legal rule sets are data with a shape, chosen by date, and frozen once a request uses them."""

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from requests_flow import services
from requests_flow.models import RuleSet
from requests_flow.rulesets import RuleSetInvalid, parse_rules
from tests.conftest import MONDAY_2026_03_02

pytestmark = pytest.mark.django_db


def law_104() -> RuleSet:
    return RuleSet.objects.get(code="law-104-2016")


@pytest.mark.parametrize(
    "day, code",
    [
        (date(2018, 7, 1), "law-104-2016"),
        (date(2026, 8, 31), "law-104-2016"),
        (date(2026, 9, 1), "law-ati-2026"),
        (date(2030, 1, 1), "law-ati-2026"),
    ],
)
def test_the_rule_set_in_force_is_chosen_by_date(day, code):
    assert RuleSet.objects.in_force_on(day).get().code == code


def test_nothing_is_in_force_before_the_law():
    assert not RuleSet.objects.in_force_on(date(2018, 6, 30)).exists()


def test_the_2026_law_is_a_copy_marked_unverified():
    new = RuleSet.objects.get(code="law-ati-2026")
    assert not new.verified
    assert new.rules == law_104().rules
    assert law_104().verified


def test_a_request_freezes_the_rule_set_of_its_valid_day(received, officer):
    accepted = services.request_accept(request=received, actor=officer, now=MONDAY_2026_03_02)
    assert accepted.rule_set.code == "law-104-2016"
    assert accepted.events.get(action="accept").data == {"rule_set": "law-104-2016"}


def test_rules_in_use_cannot_be_edited(received, officer):
    services.request_accept(request=received, actor=officer, now=MONDAY_2026_03_02)
    rule_set = law_104()
    rule_set.rules["milestones"]["electronic"]["simple"][0]["period"] = 4
    with pytest.raises(ValidationError) as exc:
        rule_set.full_clean()
    assert "rules" in exc.value.message_dict
    rule_set.refresh_from_db()
    rule_set.verification_note = "Checked again."
    rule_set.full_clean()  # other fields stay editable


def test_unused_rules_can_be_corrected():
    rule_set = RuleSet.objects.get(code="law-ati-2026")
    rule_set.rules["milestones"]["electronic"]["simple"][0]["period"] = 5
    rule_set.full_clean()


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda r: r["milestones"]["post"]["simple"][0].update(unit="weeks"), "unit"),
        (lambda r: r["milestones"]["post"]["simple"][0].update(period=-1), "period"),
        (lambda r: r["milestones"]["fax"].pop("complex"), "missing"),
        (lambda r: r["extension"]["fax"].update(unit="hours"), "extension unit"),
        (lambda r: r["milestones"]["post"].update(simple=[]), "at least one milestone"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(mutate, words):
    rules = copy.deepcopy(law_104().rules)
    mutate(rules)
    with pytest.raises(RuleSetInvalid, match=words):
        parse_rules(rules)
