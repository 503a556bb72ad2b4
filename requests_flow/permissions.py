"""Who may do what to which request. One gate used by services, views and (later) consumers.

Officers act only inside their own agencies (DOMAIN §1); a citizen acts only on their own request.
"""

from django.contrib.auth.backends import BaseBackend

from .choices import Role
from .roles import ROLE_GROUPS

# Which agency roles may perform each action. "owner" is the citizen who filed the request.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "receive": frozenset({Role.FOCAL_OFFICER, Role.FOCAL_HEAD}),
    "ask_supplement": frozenset({Role.FOCAL_OFFICER, Role.FOCAL_HEAD}),
    "receive_supplement": frozenset({Role.FOCAL_OFFICER, Role.FOCAL_HEAD, "owner"}),
    "accept": frozenset({Role.FOCAL_OFFICER, Role.FOCAL_HEAD}),
    "assign": frozenset({Role.FOCAL_HEAD, Role.LEADER}),
    "classify": frozenset({"assignee", Role.FOCAL_HEAD}),
    "ask_payment": frozenset({"assignee", Role.FOCAL_HEAD}),
    "confirm_payment": frozenset({"assignee", Role.FOCAL_HEAD}),
    "submit_decision": frozenset({"assignee", Role.FOCAL_OFFICER, Role.FOCAL_HEAD}),
    "return_for_rework": frozenset({Role.LEADER}),
    "approve": frozenset({Role.LEADER}),
    "withdraw": frozenset({"owner", Role.FOCAL_OFFICER, Role.FOCAL_HEAD}),
}


def agency_roles(user, agency_id: int) -> set[str]:
    """The user's roles in one agency; memberships are cached on the user for the request."""
    if not user or not user.is_authenticated:
        return set()
    cache = getattr(user, "_tiepcan_roles", None)
    if cache is None:
        cache = {}
        for agency, role in user.memberships.values_list("agency_id", "role"):
            cache.setdefault(agency, set()).add(role)
        user._tiepcan_roles = cache
    return cache.get(agency_id, set())


def actor_roles(user, request) -> set[str]:
    roles = set(agency_roles(user, request.agency_id))
    if user and user.is_authenticated:
        if request.requester_user_id == user.pk:
            roles.add("owner")
        if request.assigned_officer_id == user.pk:
            roles.add("assignee")
    return roles


def can_act(user, request, action: str) -> bool:
    return bool(actor_roles(user, request) & ACTION_ROLES[action])


def is_officer_of(user, agency_id: int) -> bool:
    return bool(agency_roles(user, agency_id))


def agency_ids(user) -> list[int]:
    """The agencies whose requests the user may see as an officer."""
    if not user or not user.is_authenticated:
        return []
    agency_roles(user, 0)  # fills the per-request cache
    return sorted(user._tiepcan_roles)


class RolePermissionBackend(BaseBackend):
    """The permissions viewflow and the admin check, derived from AgencyMembership (the one
    source of truth for roles): a role granted or revoked anywhere, Django's admin included,
    counts at the next request. Before, only services.membership_grant added the role's group,
    so an officer added in the admin got no tasks (issue #16 item 2). Authenticates nobody."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        cached = getattr(user_obj, "_tiepcan_role_perms", None)
        if cached is None:
            roles = set(user_obj.memberships.values_list("role", flat=True))
            cached = {perm for role in roles for perm in ROLE_GROUPS.get(role, ("", ()))[1]}
            user_obj._tiepcan_role_perms = cached
        return cached

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
