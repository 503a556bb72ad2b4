"""What the personal-data tests search: the whole database as a dump (SQLite iterdump, or
pg_dump on PostgreSQL), every file under MEDIA_ROOT (raw bytes, and the text pypdf extracts from
plaintext PDFs), every log record and every e-mail."""

import glob
import io
import logging
import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.db import connection
from pypdf import PdfReader
from pypdf.errors import PdfReadError


def id_variants(number: str) -> set[str]:
    """The number as stored (no separators) and as people type it (groups of three or four
    with spaces, dots or dashes)."""
    variants = {number}
    for size in (3, 4):
        groups = [number[i : i + size] for i in range(0, len(number), size)]
        variants |= {sep.join(groups) for sep in (" ", ".", "-")}
    return variants


def pg_dump_bin() -> str:
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / "pg_dump")
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    return found[-1] if found else "pg_dump"


def database_dump() -> str:
    """Every row of every table, committed (the tests using this are transactional)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    params = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    args = [pg_dump_bin(), "--data-only", "--no-owner", "-d", params["NAME"]]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if params.get(key):
            args += [flag, str(params[key])]
    result = subprocess.run(args, env=env, capture_output=True, check=True, timeout=120)
    return result.stdout.decode()


def media_texts() -> dict[str, bytes]:
    """path -> bytes for every file under MEDIA_ROOT; a plaintext PDF also gives its text."""
    texts = {}
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"%PDF-"):
            data += pdf_text(data).encode()
        texts[str(path)] = data
    return texts


def pdf_text(data: bytes) -> str:
    """The text of a PDF's pages (page streams are compressed); "" for a test file too minimal
    to parse, whose raw bytes are searched anyway."""
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError):
        return ""


def email_texts() -> list[str]:
    texts = []
    for message in mail.outbox:
        parts = [message.subject, message.body, *(c for c, _t in message.alternatives)]
        texts.append("\n".join(str(p) for p in parts))
    return texts


def log_texts(records) -> list[str]:
    texts = []
    for record in records:
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            text += logging.Formatter().formatException(record.exc_info)
        texts.append(text + (record.exc_text or ""))
    return texts


def search(places: dict[str, str | bytes], numbers) -> list[tuple[str, str]]:
    """(place, number) for each fixture number found in clear in a place."""
    hits = []
    for number in numbers:
        for variant in id_variants(number):
            for name, text in places.items():
                needle = variant.encode() if isinstance(text, bytes) else variant
                if needle in text:
                    hits.append((name, number))
    return sorted(set(hits))
