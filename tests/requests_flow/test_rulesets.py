"""Legal rule sets are data with a shape, chosen by date, and frozen once a request uses them."""

import copy
import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from requests_flow import services
from requests_flow.models import RuleSet
from requests_flow.rulesets import RuleSetInvalid, parse_rules, rules_from_model
from tests.helpers import MONDAY_2026_03_02

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


def test_the_2026_law_keeps_law_104s_periods_but_cites_none_of_its_articles():
    """DOMAIN §4.4: the 2026 law has 31 articles; Law 104's numbers cannot carry over. Until an
    article is confirmed, every citation is the law's name alone."""
    new, old = RuleSet.objects.get(code="law-ati-2026"), law_104()
    assert not new.verified and old.verified
    periods = lambda rules: {  # noqa: E731
        (ch, cx): [(p["kind"], p["period"], p["unit"]) for p in ps]
        for ch, by in rules["milestones"].items()
        for cx, ps in by.items()
    }
    assert periods(new.rules) == periods(old.rules)
    texts = json.dumps(new.rules, ensure_ascii=False) + new.citation + new.title
    assert "2016" not in texts and "104/" not in texts
    assert not re.search(r"Điều \d+ (khoản \d+ )?(điểm \w )?Luật Tiếp cận", texts)
    assert not re.search(r"(khoản|điểm) \w+ Điều \d+ Luật Tiếp cận", texts)
    assert "của Luật này" not in texts  # no cross-reference to Law 104's articles either
    assert rules_from_model(new).cite("complaint") == (
        "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026"
    )
    assert rules_from_model(new).counting == "literal"


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
