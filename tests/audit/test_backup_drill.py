"""Backup and restore drill (issue #8 item 8): requests made through the services, with the
requester's attachments, provided files and rendered letters; `manage.py backup`; a restore into a
fresh database and a fresh media folder; every table's row count and every file's SHA-256 equal,
each file row matches its recorded checksum, and the restored audit chain verifies.

PostgreSQL: pg_dump -Fc, createdb, pg_restore (PG_BIN or /usr/lib/postgresql/*/bin). SQLite: the
online backup API. Each database runs its own variant; the other is skipped with its reason."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.utils import load_backend

from audit.backup import (
    MANIFEST,
    copy_sqlite,
    drop_postgres,
    file_checksums,
    restore_postgres,
    table_counts,
)
from portal import services as portal_services
from requests_flow import crypto
from tests.letters.lifecycle import issue_all
from tests.portal.support import JPEG, PDF, filed_online, to_state

pytestmark = pytest.mark.django_db(transaction=True)
RESTORED = "restored"
FILE_TABLES = {
    "portal_requestattachment": "sha256",
    "requests_flow_responsefile": "sha256",
    "requests_flow_letter": "sha256",
}


@pytest.fixture
def handful(agency, citizen, staff):
    """Four requests: two provided (a file each, letters issued by the clerk), two waiting (their
    letters issued too), all with an attachment from the requester."""
    made = []
    for n, state in enumerate(["provided", "provided", "needs_supplement", "received"]):
        info = filed_online(agency, citizen)
        portal_services.save_attachments(
            info,
            [(f"giay-to-{n}.jpg", "image/jpeg", JPEG + bytes([n]))],
            kind="other",
            user=citizen,
        )
        if state != "received":
            info = to_state(info, staff, state, file=(f"ket-qua-{n}.pdf", PDF + bytes([n])))
        issue_all(info)  # every letter with its file: a scan uploaded by the clerk
        made.append(info)
    return made


def back_up(out: Path) -> dict:
    printed = io.StringIO()
    call_command("backup", "--out", str(out), stdout=printed)
    print(printed.getvalue().strip())
    return json.loads((out / MANIFEST).read_text())


def restored_connection(settings_dict: dict):
    """A connection of its own to the restored copy (not one of the project's aliases)."""
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=RESTORED)


def database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = f"{settings_dict['HOST']}:{settings_dict['PORT']}"
    return f"postgres://{settings_dict['USER']}{password}@{host}/{settings_dict['NAME']}"


def audit_verify_on(settings_dict: dict) -> str:
    """`manage.py audit_verify` run by the operator against the restored copy."""
    env = {**os.environ, "DATABASE_URL": database_url(settings_dict)}
    done = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def plain_bytes(media: Path, name: str) -> bytes:
    """Attachments are sealed on disk (AES-GCM, bound to their storage name); their recorded
    checksum is of the plaintext, so a restored file must decrypt, with the key, to exactly what
    was uploaded."""
    data = (media / name).read_bytes()
    return crypto.decrypt_bytes(data, name) if crypto.is_encrypted_file(data) else data


def assert_restored_equals(manifest: dict, restored, media: Path) -> None:
    counts = table_counts(restored)
    assert counts == manifest["tables"]
    for table in ("requests_flow_informationrequest", "requests_flow_requestevent", *FILE_TABLES):
        print(f"{table}: {manifest['tables'][table]} rows backed up, {counts[table]} restored")
    assert file_checksums(media) == manifest["media"]
    checked = 0
    with restored.cursor() as cursor:
        for table, column in FILE_TABLES.items():
            cursor.execute(f"SELECT file, {column} FROM {table} WHERE file <> ''")  # noqa: S608
            for name, recorded in cursor.fetchall():
                assert hashlib.sha256(plain_bytes(media, name)).hexdigest() == recorded, name
                checked += 1
    print(f"files: {len(manifest['media'])} backed up, {checked} rows matched their SHA-256")
    assert checked >= 4 + 2 + 4  # attachments, provided files, at least the receipts
    verified = audit_verify_on(restored.settings_dict)
    print(f"restored copy: {verified}")
    assert verified.startswith(f"OK: {manifest['tables']['requests_flow_requestevent']} ")


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL): pg_dump"
)
def test_pg_dump_and_pg_restore_give_back_every_row_and_file(handful, tmp_path):
    manifest = back_up(tmp_path / "backup")
    source = connection.settings_dict
    name = f"tiepcan_restore_{uuid.uuid4().hex[:8]}"
    media = tmp_path / "media-restored"
    restored = restored_connection({**source, "NAME": name})
    try:
        restore_postgres(tmp_path / "backup" / "database.dump", source, name)
        shutil.copytree(tmp_path / "backup" / "media", media)
        assert_restored_equals(manifest, restored, media)
        with pytest.raises(DatabaseError, match="append-only"), restored.cursor() as cursor:
            cursor.execute("DELETE FROM requests_flow_requestevent")  # the trigger came back too
    finally:
        restored.close()
        drop_postgres(source, name)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite variant: the backup API")
def test_sqlite_backup_gives_back_every_row_and_file(handful, tmp_path):
    manifest = back_up(tmp_path / "backup")
    restored_file, media = tmp_path / "restored.sqlite3", tmp_path / "media-restored"
    copy_sqlite(tmp_path / "backup" / "database.sqlite3", restored_file)
    shutil.copytree(tmp_path / "backup" / "media", media)
    restored = restored_connection({**connection.settings_dict, "NAME": str(restored_file)})
    try:
        assert_restored_equals(manifest, restored, media)
    finally:
        restored.close()
