"""The portal's fixtures (the agency's staff with role groups, browsers)."""

from tests.portal.conftest import as_citizen, as_other, foreign_staff, staff

__all__ = ["as_citizen", "as_other", "foreign_staff", "staff"]
