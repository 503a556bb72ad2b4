"""Template variables from the access gate (requests_flow.permissions)."""

from .permissions import is_officer


def access(request) -> dict:
    # A callable: templates call it only where they ask, so other pages cost no query.
    return {"user_is_officer": lambda: is_officer(request.user)}
