"""Giving an officer a role in an agency: the membership (where) and the role's group (what)."""

from django.contrib.auth.models import Group

from ..models import Agency, AgencyMembership
from ..roles import ROLE_GROUPS
from .core import atomic


@atomic
def membership_grant(*, user, agency: Agency, role: str) -> AgencyMembership:
    membership, _created = AgencyMembership.objects.get_or_create(
        user=user, agency=agency, role=role
    )
    group_name, _perms = ROLE_GROUPS[role]
    user.groups.add(Group.objects.get(name=group_name))
    user.__dict__.pop("_tiepcan_roles", None)
    if hasattr(user, "_perm_cache"):
        del user._perm_cache
    if hasattr(user, "_group_perm_cache"):
        del user._group_perm_cache
    return membership
