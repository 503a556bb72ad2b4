"""`manage.py media_orphans`: list (and with --delete remove) files in MEDIA_ROOT that no row
refers to.

    python manage.py media_orphans [--older-than 60] [--delete]

Uploaded files are written before the transaction that records them commits, so a committed row
always has its file. The price is garbage: when a process dies (or the transaction rolls back)
after writing a file and before the commit, the file stays without a row. It holds what the
requester sent (possibly personal data), so it should not linger: run this command from cron.
Files younger than --older-than minutes are left alone, because a submission in flight has
written its files and not committed yet."""

import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models


def referenced_names() -> set[str]:
    """Every file name stored in a FileField of any model."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def orphan_files(root: Path, older_than_seconds: float) -> list[Path]:
    """Files under `root` that no row names, last written more than the given time ago."""
    if not root.is_dir():
        return []
    known = referenced_names()
    cutoff = time.time() - older_than_seconds
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.relative_to(root).as_posix() not in known
        and path.stat().st_mtime <= cutoff
    )


class Command(BaseCommand):
    help = "List, and with --delete remove, files in MEDIA_ROOT that no database row refers to."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=60,
            help="only files last written more than this many minutes ago (default 60)",
        )
        parser.add_argument("--delete", action="store_true", help="remove them")

    def handle(self, *args, older_than, delete, **options):
        root = Path(settings.MEDIA_ROOT)
        orphans = orphan_files(root, older_than * 60)
        size = 0
        for path in orphans:
            size += path.stat().st_size
            self.stdout.write(path.relative_to(root).as_posix())
            if delete:
                path.unlink()
        verb = "deleted" if delete else "found"
        self.stdout.write(f"orphan files {verb}: {len(orphans)} ({size} bytes)")
