"""Legal rule sets as plain frozen values, parsed from RuleSet.rules (DOMAIN §4.4).

The deadline engine works on these values, never on model instances, so it stays pure.
"""

import dataclasses
from collections.abc import Iterable
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
    # The keys whose printed text is the law's name because no administrator confirmed the
    # article yet: staff see them marked, citizens never do.
    unconfirmed: frozenset[str] = frozenset()
    law_name: str = ""
    # Who may ask and how, under this law: a request by another channel, or to a body of another
    # kind, is refused at entry (Law 104 Art. 24(1) names fax; the 2026 law does not, and it
    # covers public non-business units). Empty means no limit (rule sets older than the fields).
    channels: frozenset[str] = frozenset()
    agency_kinds: frozenset[str] = frozenset()
    # The period for answering a request for correction of information provided (Law 104 Art.
    # 32(2); the 2026 law's equivalent when confirmed). None: the set does not say.
    correction: PeriodRule | None = None
    # Who approves and signs each kind of letter (DOMAIN §7.1): "leader" (the head or a deputy
    # by delegation) or "focal_head" (Circular 46 Art. 4(1)(a): Form 03 by the head of the focal
    # unit). A kind not named needs a leader.
    letter_approvers: dict[str, str] = field(default_factory=dict)

    def approver_role(self, kind: str) -> str:
        return self.letter_approvers.get(kind, "leader")

    def periods(self, channel: str, complexity: str) -> tuple[PeriodRule, ...]:
        return self.milestones[(channel, complexity)]

    def cite(self, key: str) -> str:
        """A letter's citation; the law's name (else the rule set's citation) when it has none."""
        return self.citations.get(key) or self.law_name or self.citation

    def accepts_channel(self, channel: str) -> bool:
        return not self.channels or channel in self.channels

    def covers_agency_kind(self, kind: str) -> bool:
        return not self.agency_kinds or kind in self.agency_kinds

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
        "letter_approvers": _approvers(raw.get("letter_approvers", {})),
    }


APPROVER_ROLES = ("leader", "focal_head")


def _approvers(raw) -> dict[str, str]:
    if not isinstance(raw, dict) or any(v not in APPROVER_ROLES for v in raw.values()):
        raise RuleSetInvalid(f"letter_approvers: each kind maps to one of {APPROVER_ROLES}")
    return {str(k): str(v) for k, v in raw.items()}


def printed_citations(
    defaults: dict[str, str], rows: Iterable[tuple[str, str, bool]], law_name: str
) -> tuple[dict[str, str], frozenset[str]]:
    """What each key prints: a confirmed row's text; for an unconfirmed row, the law's name alone
    (DOMAIN §4.4), never the row's draft text. Keys without a row keep the rules' own text.
    `rows` are (key, text, confirmed). Returns the citations and the unconfirmed keys."""
    printed, unconfirmed = dict(defaults), set()
    for key, text, confirmed in rows:
        if confirmed and text.strip():
            printed[key] = text
        else:
            printed[key] = law_name
            unconfirmed.add(key)
    return printed, frozenset(unconfirmed)


# Citation rows may also replace the legal basis a rule prints beside a date, a ground or an audit
# row (issue #14 item 1: "every citation printed anywhere"), under the keys milestone-<kind>,
# extension, ground-<code>, action-<name> and correction-period: the rule set's periods and refusal
# grounds are frozen once a request uses it, its citations are not.


def with_cited_bases(parsed: dict, printed: dict[str, str]) -> dict:
    """`parsed` (parse_rules) with each basis an administrators' row names replaced by what the
    row prints (a confirmed text, or the law's name alone)."""

    def basis(key: str, rule):
        return dataclasses.replace(rule, basis=printed[key]) if key in printed else rule

    parsed["milestones"] = {
        combo: tuple(basis(f"milestone-{p.kind}", p) for p in periods)
        for combo, periods in parsed["milestones"].items()
    }
    parsed["extensions"] = {c: basis("extension", e) for c, e in parsed["extensions"].items()}
    parsed["refusal_grounds"] = tuple(
        basis(f"ground-{g.code}", g) for g in parsed["refusal_grounds"]
    )
    parsed["action_basis"] = {
        **parsed["action_basis"],
        **{k[len("action-") :]: v for k, v in printed.items() if k.startswith("action-")},
    }
    if parsed.get("correction") is not None:
        parsed["correction"] = basis("correction-period", parsed["correction"])
    return parsed


def rules_from_model(rule_set, citation_rows: Iterable[tuple[str, str, bool]] = ()) -> Rules:
    """The rule set's values; `citation_rows` (key, text, confirmed) are the administrators'
    citations (RuleSet.to_rules reads them), which win over the rules' own."""
    parsed = parse_rules(rule_set.rules)
    law_name = getattr(rule_set, "law_name", "") or rule_set.citation
    rows = list(citation_rows)
    parsed["citations"], unconfirmed = printed_citations(parsed["citations"], rows, law_name)
    from_rows, _unconfirmed = printed_citations({}, rows, law_name)
    parsed = with_cited_bases(parsed, from_rows)
    return Rules(
        code=rule_set.code,
        title=rule_set.title,
        citation=rule_set.citation,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        verified=rule_set.verified,
        unconfirmed=unconfirmed,
        law_name=law_name,
        channels=frozenset(getattr(rule_set, "accepted_channels", None) or ()),
        agency_kinds=frozenset(getattr(rule_set, "covered_agency_kinds", None) or ()),
        **parsed,
    )
