"""Demo data for `make run` and the browser tests. Requests are built through the services, so
their audit trails are real."""

from .accounts import DEMO_PASSWORD, seed_accounts
from .agencies import seed_agencies
from .keys import seed_keys
from .requests import seed_requests

__all__ = ["DEMO_PASSWORD", "seed_accounts", "seed_agencies", "seed_keys", "seed_requests"]
