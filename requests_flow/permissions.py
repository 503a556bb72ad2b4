"""The one access gate: who is an officer, which agencies and requests a user may see, who may
do what to a request, and who may open which file. Every list, flow node, download, register,
dashboard, consumer and the catalogue asks here (Zulip's access_stream_by_id is the model); no
other module tests is_superuser or memberships.

Officers act only inside their own agencies (DOMAIN §1); a citizen acts only on their own request.
Superusers (administrators) see every agency, but not the content of a requester's documents.
"""

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from . import actions
from .choices import OPEN_STATES, Role, State
from .models import Agency, InformationRequest, RequestProcess
from .roles import ROLE_GROUPS


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
            roles.add(actions.OWNER)
        if request.assigned_officer_id == user.pk:
            roles.add(actions.ASSIGNEE)
    return roles


def can_act(user, request, action: str) -> bool:
    """Whether the user holds one of the roles the action registry gives `action`."""
    return bool(actor_roles(user, request) & actions.roles(action))


def may_accept_and_take(user, request) -> bool:
    """Whether the validity review may also assign the request to the reviewer and check its
    deadline on the same screen (issue #15.11): only for one who may do all three steps in the
    request's agency (accept, assign, and then classify as its focal officer)."""
    roles = agency_roles(user, request.agency_id)
    return bool(roles & actions.roles("accept")) and bool(roles & actions.roles("assign"))


def sees_every_agency(user) -> bool:
    """Administrators (superusers) see every agency's requests."""
    return bool(user and user.is_authenticated and user.is_superuser)


def may_keep_citations(user) -> bool:
    """Who edits and confirms what the letters cite (DOMAIN §4.4): an administrator holding the
    admin's change permission on citations (a superuser holds every permission)."""
    return bool(user and user.is_authenticated and user.has_perm("requests_flow.change_citation"))


def is_officer_of(user, agency_id: int) -> bool:
    """Any role in this agency, or an administrator."""
    return sees_every_agency(user) or bool(agency_roles(user, agency_id))


def agency_ids(user) -> list[int]:
    """The agencies where the user holds a role (administrators: none by this; see below)."""
    if not user or not user.is_authenticated:
        return []
    agency_roles(user, 0)  # fills the per-request cache
    return sorted(user._tiepcan_roles)


def may_take_task(user, task, action: str) -> bool:
    """Taking a queued task: viewflow's permissions come from the role groups, which hold across
    agencies; this adds a role for `action` in the task's own agency (administrators: any)."""
    if sees_every_agency(user):
        return True
    agency_id = (
        RequestProcess.objects.filter(pk=task.process_id)
        .values_list("request__agency_id", flat=True)
        .first()
    )
    return bool(agency_roles(user, agency_id) & actions.roles(action))


def is_officer(user) -> bool:
    """The one definition of an officer: an administrator, or someone with a role in an agency
    (officers, heads, leaders, clerks, supervisors). Officers work in the back office."""
    return sees_every_agency(user) or bool(agency_ids(user))


def agency_ids_with(user, roles=None) -> list[int]:
    """Agencies where the user holds one of `roles` (any role when None); every agency for an
    administrator."""
    if sees_every_agency(user):
        return list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    return [pk for pk in agency_ids(user) if roles is None or agency_roles(user, pk) & roles]


def agencies_visible_to(user) -> QuerySet[Agency]:
    """The agencies whose requests, register and report the user may read, by name."""
    if sees_every_agency(user):
        return Agency.objects.order_by("name")
    return Agency.objects.filter(pk__in=agency_ids(user)).order_by("name")


# Who reads an agency's supervision dashboard (DOMAIN §6).
SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER, Role.FOCAL_HEAD})


def supervised_agency_ids(user) -> list[int]:
    return agency_ids_with(user, SUPERVISING_ROLES)


def only_supervises(user) -> bool:
    """A supervisor with no handling role anywhere: their work is the dashboard, not a task
    inbox (they land there after signing in)."""
    roles = {role for pk in agency_ids(user) for role in agency_roles(user, pk)}
    return bool(roles) and roles <= {Role.SUPERVISOR}


def may_confirm_calendar(user) -> bool:
    """Administrators confirm a year's calendar with its official notice (DOMAIN §4.1): the
    permission of the administrators' role group (superusers hold every permission)."""
    return bool(
        user and user.is_authenticated and user.has_perm("requests_flow.change_calendaryear")
    )


def scope_to_agencies(queryset: QuerySet, user, agency_field: str = "agency_id") -> QuerySet:
    """`queryset` cut to the user's agencies (`agency_field` leads from its rows to one)."""
    if sees_every_agency(user):
        return queryset
    return queryset.filter(**{f"{agency_field}__in": agency_ids(user)})


def requests_visible_to(user) -> QuerySet[InformationRequest]:
    """The requests the user may see in the back office: those of their agencies."""
    return scope_to_agencies(InformationRequest.objects.all(), user)


def processes_visible_to(user) -> QuerySet[RequestProcess]:
    return scope_to_agencies(RequestProcess.objects.all(), user, "request__agency_id")


def request_for(user, pk: int, action: str | None = None) -> InformationRequest:
    """The request `pk` for this user, or Http404 when they may not see it (never says that it
    exists); PermissionDenied when they see it but may not perform `action`."""
    request = InformationRequest.objects.select_related("agency").filter(pk=pk).first()
    if request is None or not (
        is_officer_of(user, request.agency_id) or actions.OWNER in actor_roles(user, request)
    ):
        raise Http404
    if action is not None and not can_act(user, request, action):
        raise PermissionDenied
    return request


# A requester's documents (ID images, consent of the person concerned: sensitive data under Law
# 91/2025 and Decree 356/2025) are opened by those who review validity, handle or approve the
# request, and only while it is open; others of the agency see that they exist, not the content.
DOCUMENT_ROLES = actions.roles("accept") | actions.roles("classify") | actions.roles("approve")


def may_open_file(user, request, kind: str, code_grants=(), lookup_grants=()) -> bool:
    """The one rule for downloads. `kind`: "attachment" (the requester's documents), "letter" or
    "response_file" (information provided); `code_grants`: requests the session unlocked with a
    one-time access code (Law Art. 30(2)(b)); `lookup_grants`: requests the session found by their
    tracking code and the last four characters of the ID number (the receipt slip's holder, who
    has no account): their letters, never the information itself."""
    owner = bool(user and user.is_authenticated and request.requester_user_id == user.pk)
    if kind == "attachment":
        handler = bool(actor_roles(user, request) & DOCUMENT_ROLES)
        return owner or (handler and request.state in OPEN_STATES)
    if is_officer_of(user, request.agency_id):
        return True
    if kind == "letter" and request.pk in lookup_grants:
        return True
    # A letter (a notice, a refusal) is the requester's at once; information once provided.
    holder = owner or request.pk in code_grants
    return holder and (kind == "letter" or request.state == State.PROVIDED)


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
