"""Giving an officer a role in an agency. The membership is the one source of truth: what the
role may do follows from it (permissions.RolePermissionBackend), wherever it was written."""

from ..models import Agency, AgencyMembership
from .core import atomic


@atomic
def membership_grant(*, user, agency: Agency, role: str) -> AgencyMembership:
    membership, _created = AgencyMembership.objects.get_or_create(
        user=user, agency=agency, role=role
    )
    user.__dict__.pop("_tiepcan_roles", None)
    user.__dict__.pop("_tiepcan_role_perms", None)
    if hasattr(user, "_perm_cache"):
        del user._perm_cache
    if hasattr(user, "_group_perm_cache"):
        del user._group_perm_cache
    return membership
