"""Administrators keep what the letters cite (DOMAIN §4.4; issue #14 item 1).

A citation is edited and confirmed here and nowhere else (the admin calls this service): every
change is recorded in CitationChange with who, when and on what source. It takes effect for
letters drafted afterwards; letters already issued keep the text frozen in Letter.content."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Citation, CitationChange, RuleSet
from ..permissions import may_keep_citations
from .errors import InvalidInput, NotPermitted


def citation_errors(
    rule_set: RuleSet | None, key: str, text: str, confirmed: bool, source_document: str
) -> dict:
    """What is wrong with a citation as entered, one message per field."""
    errors = {}
    if not key.strip():
        errors["key"] = _("Say what the citation is for (its key).")
    if not text.strip():
        errors["text"] = _("Enter the citation as the letters print it.")
    elif rule_set is not None and (other := _other_law_named(rule_set, text)):
        # DOMAIN §4.4: never another law's article (e.g. Law 104's in the 2026 law's letters).
        errors["text"] = _(
            "This names another law (%(law)s): a rule set's citations name its own law."
        ) % {"law": other}
    if confirmed and not source_document.strip():
        errors["source_document"] = _(
            "A confirmation names its source: the Official Gazette issue or the URL of the "
            "official text."
        )
    return errors


def _other_law_named(rule_set: RuleSet, text: str) -> str:
    others = RuleSet.objects.exclude(pk=rule_set.pk).exclude(law_name="")
    return next((n for n in others.values_list("law_name", flat=True) if n in text), "")


def _action(citation: Citation, created: bool, confirmed: bool) -> str:
    if created:
        return "confirmed" if confirmed else "created"
    if confirmed and not citation.confirmed:
        return "confirmed"
    if citation.confirmed and not confirmed:
        return "unconfirmed"
    return "edited"


@transaction.atomic
def citation_save(
    *,
    actor,
    rule_set: RuleSet,
    key: str,
    text: str,
    confirmed: bool,
    source_document: str = "",
    now: datetime | None = None,
) -> Citation:
    """Set the citation `key` of `rule_set`: its text, and whether it is confirmed on
    `source_document`. A confirmation records `actor` and the time; an unchanged save records
    nothing."""
    if not may_keep_citations(actor):
        raise NotPermitted
    key, text, source_document = key.strip(), text.strip(), source_document.strip()
    errors = citation_errors(rule_set, key, text, confirmed, source_document)
    if errors:
        raise InvalidInput(errors)
    now = now or timezone.now()
    citation = Citation.objects.select_for_update().filter(rule_set=rule_set, key=key).first()
    created = citation is None
    if created:
        citation = Citation(rule_set=rule_set, key=key)
    elif (citation.text, citation.confirmed, citation.source_document) == (
        text,
        confirmed,
        source_document,
    ):
        return citation
    action, previous = _action(citation, created, confirmed), citation.text or ""
    # Whoever saves a confirmed text vouches for it now, also when only the wording changed.
    citation.confirmed_by, citation.confirmed_at = (actor, now) if confirmed else (None, None)
    citation.text, citation.confirmed, citation.source_document = text, confirmed, source_document
    citation.save()
    CitationChange.objects.create(
        citation=citation,
        at=now,
        actor=actor,
        action=action,
        text=text,
        confirmed=confirmed,
        source_document=source_document,
        previous_text=previous if not created else "",
    )
    return citation
