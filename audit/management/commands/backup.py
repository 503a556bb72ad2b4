"""`manage.py backup --out DIR [--database ALIAS]`: the database, the media files and a manifest
(row count per table, SHA-256 per file) in DIR. See audit/backup.py for restoring it."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from audit.backup import write_backup


class Command(BaseCommand):
    help = "Back up the database and the media files, with a manifest to check a restore."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="a new or empty folder")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, out: str, database: str, **options):
        try:
            manifest = write_backup(Path(out), using=database)
        except FileExistsError:
            raise CommandError(f"Đã có bản sao lưu / a backup is already in {out}") from None
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode(errors="replace").strip().splitlines()
            raise CommandError(f"pg_dump failed: {detail[-1] if detail else exc}") from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"OK: {out}: {manifest['database']}, {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['media'])} media files"
        )
