"""Backups that can be restored (issue #8 item 8): the database (pg_dump's custom format on
PostgreSQL, SQLite's online backup API on SQLite), the media files (a copy of the tree), and a
manifest with the row count of every table and the SHA-256 of every file, to check a restore
against. `manage.py backup --out DIR` writes one; tests/audit/test_backup_drill.py restores it
into a fresh database and media folder and compares.

Restore by hand: PostgreSQL `createdb NEW && pg_restore --no-owner -d NEW DIR/database.dump`;
SQLite: copy DIR/database.sqlite3 to the database path; then copy DIR/media/ to MEDIA_ROOT and run
`manage.py audit_verify`."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "MANIFEST.json"


def pg_bin(program: str) -> str:
    """`program` from PG_BIN (scripts/services.sh sets it), else the newest installed version."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / program)
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"), key=_version)
    return str(found[-1]) if found else program


def _version(path: Path) -> tuple:
    return tuple(int(p) for p in path.parts[-3].split(".") if p.isdigit())


def pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection options and environment for the PostgreSQL command-line tools."""
    args = ["-h", settings_dict["HOST"] or "localhost", "-U", settings_dict["USER"]]
    if settings_dict["PORT"]:
        args += ["-p", str(settings_dict["PORT"])]
    env = {**os.environ}
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def table_counts(connection) -> dict[str, int]:
    """Table name -> row count, for every table of the database behind `connection`."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            table = connection.ops.quote_name(name)  # a name from the catalogue, quoted
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608  # nosec B608: identifier only
            counts[name] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `root`."""
    sums = {}
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sums[str(path.relative_to(root))] = digest.hexdigest()
    return sums


def dump_database(using: str, out_dir: Path) -> Path:
    settings_dict = connections[using].settings_dict
    if connections[using].vendor == "postgresql":
        target = out_dir / "database.dump"
        args, env = pg_args(settings_dict)
        command = [pg_bin("pg_dump"), "-Fc", *args, "-f", str(target), settings_dict["NAME"]]
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603
        return target
    target = out_dir / "database.sqlite3"
    copy_sqlite(Path(settings_dict["NAME"]), target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL included), by SQLite's backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def restore_postgres(dump: Path, settings_dict: dict, new_name: str) -> None:
    """A fresh database `new_name` on the same server, restored from `dump`."""
    args, env = pg_args(settings_dict)
    run = {"env": env, "check": True, "capture_output": True}
    subprocess.run([pg_bin("createdb"), *args, new_name], **run)  # noqa: S603
    subprocess.run([pg_bin("pg_restore"), *args, "--no-owner", "-d", new_name, str(dump)], **run)  # noqa: S603


def drop_postgres(settings_dict: dict, name: str) -> None:
    args, env = pg_args(settings_dict)
    subprocess.run([pg_bin("dropdb"), *args, "--if-exists", name], env=env, check=True)  # noqa: S603


def write_backup(out_dir: Path, using: str = "default") -> dict:
    """Database, media and manifest into `out_dir` (created; must not hold a backup already)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / MANIFEST).exists():
        raise FileExistsError(out_dir / MANIFEST)
    counts = table_counts(connections[using])
    database = dump_database(using, out_dir)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, out_dir / "media")
    manifest = {
        "vendor": connections[using].vendor,
        "database": database.name,
        "tables": counts,
        "media": file_checksums(out_dir / "media") if media.exists() else {},
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest
