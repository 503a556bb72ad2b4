"""Legal rule sets as plain frozen values, parsed from RuleSet.rules (DOMAIN §4.4).

The deadline engine works on these values, never on model instances, so it stays pure.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .choices import Channel, Complexity

WORKING = "working"
CALENDAR = "calendar"
UNITS = (WORKING, CALENDAR)
# How a period counts from a request valid on a non-working day (DOMAIN §4.2). LITERAL: day 1 is
# the first working day after the day of receipt (Civil Code Art. 147(2), the default).
# NEXT_WORKING_DAY: the request counts as received on the next working day, which is then not
# counted (one working day later), for a province whose legal office adopts that reading.
LITERAL = "literal"
NEXT_WORKING_DAY = "next_working_day"
COUNTINGS = (LITERAL, NEXT_WORKING_DAY)


class RuleSetInvalid(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PeriodRule:
    kind: str
    period: int
    unit: str
    basis: str


@dataclass(frozen=True, slots=True)
class ExtensionRule:
    max_days: int
    unit: str
    basis: str


@dataclass(frozen=True, slots=True)
class RefusalGroundRule:
    code: str
    text: str
    basis: str


@dataclass(frozen=True, slots=True)
class Rules:
    code: str
    title: str
    citation: str
    effective_from: date
    effective_to: date | None
    verified: bool
    milestones: dict[tuple[str, str], tuple[PeriodRule, ...]]
    extensions: dict[str, ExtensionRule]
    refusal_grounds: tuple[RefusalGroundRule, ...]
    prices: dict[str, Any]
    area_reductions: dict[str, int]
    action_basis: dict[str, str]
    counting: str = LITERAL
    # What the letters cite, by key (receipt, supplement, costs, redirect, complaint), written
    # to follow "theo quy định tại" / "Căn cứ": an article of a confirmed law, or the law's name
    # alone where its article is not confirmed (DOMAIN §4.4: never another law's article).
    citations: dict[str, str] = field(default_factory=dict)
    # The period for answering a request for correction of information provided (Law 104 Art.
    # 32(2); the 2026 law's equivalent when confirmed). None: the set does not say.
    correction: PeriodRule | None = None

    def periods(self, channel: str, complexity: str) -> tuple[PeriodRule, ...]:
        return self.milestones[(channel, complexity)]

    def cite(self, key: str) -> str:
        """A letter's citation; the rule set's own citation when the key has none."""
        return self.citations.get(key) or self.citation

    def ground(self, code: str) -> RefusalGroundRule | None:
        return next((g for g in self.refusal_grounds if g.code == code), None)


def _period(raw: dict) -> PeriodRule:
    unit = raw.get("unit")
    if unit not in UNITS:
        raise RuleSetInvalid(f"unit must be one of {UNITS}, not {unit!r}")
    period = raw.get("period")
    if not isinstance(period, int) or period < 0:
        raise RuleSetInvalid(f"period must be a whole number of days >= 0, not {period!r}")
    if not raw.get("kind") or not raw.get("basis"):
        raise RuleSetInvalid("every milestone needs a kind and a legal basis")
    return PeriodRule(kind=raw["kind"], period=period, unit=unit, basis=raw["basis"])


def parse_rules(raw: dict) -> dict:
    """Check the shape of RuleSet.rules; return the parsed parts (raises RuleSetInvalid)."""
    if not isinstance(raw, dict):
        raise RuleSetInvalid("rules must be an object")
    try:
        milestones = {
            (channel, complexity): tuple(_period(p) for p in raw["milestones"][channel][complexity])
            for channel in Channel.values
            for complexity in Complexity.values
        }
        extensions = {
            channel: ExtensionRule(
                max_days=int(raw["extension"][channel]["max"]),
                unit=raw["extension"][channel]["unit"],
                basis=raw["extension"][channel]["basis"],
            )
            for channel in Channel.values
        }
        grounds = tuple(
            RefusalGroundRule(code=g["code"], text=g["text"], basis=g["basis"])
            for g in raw["refusal_grounds"]
        )
    except (KeyError, TypeError) as exc:
        raise RuleSetInvalid(f"missing or malformed entry: {exc}") from exc
    if any(e.unit not in UNITS for e in extensions.values()):
        raise RuleSetInvalid("extension unit must be 'working' or 'calendar'")
    counting = raw.get("counting", LITERAL)
    if counting not in COUNTINGS:
        raise RuleSetInvalid(f"counting must be one of {COUNTINGS}, not {counting!r}")
    if not all(milestones.values()):
        raise RuleSetInvalid("every channel and complexity needs at least one milestone")
    return {
        "milestones": milestones,
        "extensions": extensions,
        "refusal_grounds": grounds,
        "prices": dict(raw.get("prices", {})),
        "area_reductions": dict(raw.get("area_reductions", {})),
        "action_basis": dict(raw.get("action_basis", {})),
        "counting": counting,
        "citations": {str(k): str(v) for k, v in dict(raw.get("citations", {})).items()},
        "correction": _period(raw["correction"]) if raw.get("correction") else None,
    }


def rules_from_model(rule_set) -> Rules:
    parsed = parse_rules(rule_set.rules)
    return Rules(
        code=rule_set.code,
        title=rule_set.title,
        citation=rule_set.citation,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        verified=rule_set.verified,
        **parsed,
    )
