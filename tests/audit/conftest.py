"""The portal's fixtures (empty rate limits, the agency's staff with role groups, browsers)."""

from tests.portal.conftest import _empty_rate_limits, as_citizen, as_other, foreign_staff, staff

__all__ = ["_empty_rate_limits", "as_citizen", "as_other", "foreign_staff", "staff"]
