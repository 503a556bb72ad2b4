"""`manage.py rotate_data_key`: re-encrypt the personal data sealed with an older key
(TIEPCAN_DATA_KEYS_OLD) with the current one (TIEPCAN_DATA_KEY / TIEPCAN_DATA_KEY_ID).

    python manage.py rotate_data_key [--batch-size 500]

The work is services.data_key_rotate. Idempotent: a second run re-encrypts nothing. A value that
cannot be opened (its key id is not configured, the key is wrong, it was moved to another row)
exits non-zero with one readable line, in Vietnamese and English, never a traceback;
docs/security/pdata.md has the whole rotation procedure."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from requests_flow import services


class Command(BaseCommand):
    help = "Re-encrypt ID numbers, attachment names and files sealed with an older data key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("Cỡ lô không hợp lệ / --batch-size must be at least 1")
        try:
            report = services.data_key_rotate(batch_size=batch_size)
        except (services.KeyRotationFailed, ImproperlyConfigured, DatabaseError) as exc:
            # One line: a database message (e.g. a database never migrated) may run to several.
            line = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise CommandError(f"Không đổi được khoá / key rotation stopped: {line}") from None
        self.stdout.write(
            f"current key {report.key_id}: "
            f"text values re-encrypted {report.texts_resealed}, "
            f"already current {report.texts_current}; "
            f"files re-encrypted {report.files_resealed}, already current {report.files_current}, "
            f"missing {report.files_missing}"
        )
