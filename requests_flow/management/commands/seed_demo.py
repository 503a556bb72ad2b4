"""`manage.py seed_demo`: a realistic province, one account per role and requests in every state,
with letters at every step of their life, and test certificates to sign them.

Idempotent: agencies, accounts and memberships are matched by their natural keys, and each demo
request by its requester e-mail, so a second run adds nothing. Dev-only passwords (README). The
certificates (requests_flow/demo/keys.py) go to TIEPCAN_DEMO_KEYS_DIR (`var/demo-keys/`)."""

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from requests_flow.demo import seed_accounts, seed_agencies, seed_keys, seed_requests
from requests_flow.demo.keys import DemoKeys
from requests_flow.letters.signing_config import configured_trust


@contextmanager
def signing_with(keys: DemoKeys):
    """The demo letters are signed with the demo keys, even on the first run (the settings were
    read before the keys existed), unless the settings name keys of their own: then demo
    approvers without a key there sign on paper."""
    if settings.TIEPCAN_SIGNING_KEYS or settings.TIEPCAN_SIGNING_TRUST_ROOTS:
        yield
        return
    configured_trust.cache_clear()
    try:
        with override_settings(
            TIEPCAN_SIGNING_KEYS=str(keys.keys_file),
            TIEPCAN_SIGNING_TRUST_ROOTS=[str(keys.ca_file)],
        ):
            yield
    finally:
        configured_trust.cache_clear()


class Command(BaseCommand):
    help = "Load demo agencies, accounts, requests and test certificates (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            agencies = seed_agencies()
            users = seed_accounts(agencies)
            keys = seed_keys(agencies, users, Path(settings.TIEPCAN_DEMO_KEYS_DIR))
            with signing_with(keys):
                created = seed_requests(agencies, users)
        self.stdout.write(
            f"seed_demo: {len(agencies)} agencies, {len(users)} accounts, {created} new requests; "
            f"test certificates in {keys.keys_file.parent}"
        )
