"""The audit trail as a hash chain: each RequestEvent carries the SHA-256 of the row before it
(`prev_hash`) and its own (`row_hash`), so a row changed, removed or inserted after the fact breaks
the chain at that place, and `manage.py audit_verify` names it.

Canonical form hashed for a row (`row_digest`): the UTF-8 bytes of the JSON object

    {"action": …, "actor_id": int|null, "at": "YYYY-MM-DDTHH:MM:SS.ffffff+00:00",
     "data": {…}, "from_state": …, "legal_basis": …, "note": …, "prev_hash": "<64 hex>",
     "reason": …, "request_id": int, "seq": int, "to_state": …}

with keys sorted at every level, separators "," and ":" (no spaces), non-ASCII characters kept as
they are (ensure_ascii=False), `at` in UTC with microseconds. `seq` is the row's position
(1, 2, 3, …); the first row's prev_hash is GENESIS (64 zeros). The database id is not hashed (it is
only known after the insert); `seq` orders the chain. One global chain for every agency: an auditor
checks one sequence, and a removed request's whole trail shows as a gap.

Order under concurrency: `append` locks the single AuditChainHead row (PostgreSQL) until the
transaction ends; on SQLite the IMMEDIATE transaction already holds the database's write lock.
The head is the last lock a service transaction takes (after the request row and the register
counter, before the letter counter and the outbox rows), which keeps the lock order the same in
every transaction: no deadlock.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction

from .models import AuditChainHead, RequestEvent

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq",
    "prev_hash",
    "request_id",
    "actor_id",
    "at",
    "action",
    "from_state",
    "to_state",
    "reason",
    "legal_basis",
    "note",
    "data",
)


def canonical(values: dict) -> bytes:
    """The bytes hashed for a row, from its field values (see the module docstring)."""
    content = {name: values[name] for name in HASHED_FIELDS}
    content["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_digest(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def as_stored(data) -> dict:
    """The details as the database gives them back (tuples become lists, keys strings), so the
    hash computed before the insert equals the one recomputed from the stored row."""
    return json.loads(json.dumps(data or {}))


def _locked_head(using: str) -> AuditChainHead:
    heads = AuditChainHead.objects.using(using).select_for_update()
    head = heads.filter(pk=AuditChainHead.SINGLETON).first()
    if head is None:
        # Migration 0008 writes the head; a test database flush removes it with every row. Start
        # again from the last row there is (none after a flush).
        last = RequestEvent.objects.using(using).order_by("-seq").values("seq", "row_hash").first()
        head, _created = heads.get_or_create(
            pk=AuditChainHead.SINGLETON,
            defaults={
                "seq": last["seq"] if last else 0,
                "last_hash": last["row_hash"] if last else GENESIS,
            },
        )
    return head


def append(event: RequestEvent, using: str = "default") -> RequestEvent:
    """Give the unsaved `event` its place in the chain and insert it."""
    with transaction.atomic(using=using):
        head = _locked_head(using)
        event.data = as_stored(event.data)
        event.seq, event.prev_hash = head.seq + 1, head.last_hash
        event.row_hash = row_digest({name: getattr(event, name) for name in HASHED_FIELDS})
        event.save(force_insert=True, using=using)
        head.seq, head.last_hash = event.seq, event.row_hash
        head.save(update_fields=["seq", "last_hash"], using=using)
    return event


@dataclass
class Verdict:
    checked: int
    broken: str = ""  # one readable line naming the first broken link; empty when intact


def _rows(using: str, chunk: int) -> Iterator[dict]:
    """Every row in chain order, `chunk` at a time (keyset pages: constant memory)."""
    after = 0
    while True:
        page = list(
            RequestEvent.objects.using(using)
            .filter(seq__gt=after)
            .order_by("seq")
            .values("id", "row_hash", *HASHED_FIELDS)[:chunk]
        )
        yield from page
        if len(page) < chunk:
            return
        after = page[-1]["seq"]


def _where(row: dict) -> str:
    return f"row id {row['id']} (seq {row['seq']}, {row['at'].isoformat()})"


def _link_error(row: dict, seq: int, prev_hash: str) -> str:
    if row["seq"] != seq + 1:
        return (
            f"{_where(row)}: rows missing before it: expected seq {seq + 1} after "
            f"prev_hash {prev_hash[:16]}…, found seq {row['seq']}"
        )
    if row["prev_hash"] != prev_hash:
        return (
            f"{_where(row)}: link to the previous row broken: expected prev_hash "
            f"{prev_hash[:16]}…, found {row['prev_hash'][:16]}…"
        )
    digest = row_digest(row)
    if digest != row["row_hash"]:
        return (
            f"{_where(row)}: content altered: expected row_hash {row['row_hash'][:16]}… "
            f"(as stored), found content hashing to {digest[:16]}…"
        )
    return ""


def verify(using: str = "default", chunk: int = 1000) -> Verdict:
    """Walk the chain from the first row; stop at the first broken link."""
    seq, prev_hash, checked = 0, GENESIS, 0
    for row in _rows(using, chunk):
        error = _link_error(row, seq, prev_hash)
        if error:
            return Verdict(checked, error)
        seq, prev_hash, checked = row["seq"], row["row_hash"], checked + 1
    head = AuditChainHead.objects.using(using).filter(pk=AuditChainHead.SINGLETON).first()
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (seq, prev_hash):
        return Verdict(
            checked,
            f"end of the chain: the chain head records seq {head_seq} ({head_hash[:16]}…), "
            f"the last row is seq {seq} ({prev_hash[:16]}…): rows removed from the end",
        )
    return Verdict(checked)
