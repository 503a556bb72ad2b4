"""Giving an officer a role in an agency. The membership is the one source of truth: what the
role may do follows from it (permissions.RolePermissionBackend), wherever it was written."""

from ..models import Agency, AgencyMembership
from .core import atomic


@atomic
def membership_grant(
    *, user, agency: Agency, role: str, signs_as: tuple[str, str, str] | None = None
) -> AgencyMembership:
    """`signs_as`: (prefix, authority, title) printed when the holder signs the letters they
    approve in this role (Decree 30 Annex I §II.7, e.g. ("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"));
    left as it is when not given."""
    membership, _created = AgencyMembership.objects.get_or_create(
        user=user, agency=agency, role=role
    )
    fields = ["signing_prefix", "signing_authority", "signing_title"]
    if signs_as is not None and [getattr(membership, f) for f in fields] != list(signs_as):
        for name, value in zip(fields, signs_as, strict=True):
            setattr(membership, name, value)
        membership.save(update_fields=fields)
    user.__dict__.pop("_tiepcan_roles", None)
    user.__dict__.pop("_tiepcan_role_perms", None)
    if hasattr(user, "_perm_cache"):
        del user._perm_cache
    if hasattr(user, "_group_perm_cache"):
        del user._group_perm_cache
    return membership
