"""`manage.py seed_demo`: a realistic province, one account per role and requests in every state.

Idempotent: agencies, accounts and memberships are matched by their natural keys, and each demo
request by its requester e-mail, so a second run adds nothing. Dev-only passwords (README)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from requests_flow.demo import seed_accounts, seed_agencies, seed_requests


class Command(BaseCommand):
    help = "Load demo agencies, accounts and requests (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            agencies = seed_agencies()
            users = seed_accounts(agencies)
            created = seed_requests(agencies, users)
        self.stdout.write(
            f"seed_demo: {len(agencies)} agencies, {len(users)} accounts, {created} new requests"
        )
