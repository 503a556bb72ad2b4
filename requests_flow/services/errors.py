"""Typed errors that services raise and views show as they are (messages are translated)."""

from django.utils.translation import gettext as _


class ServiceError(Exception):
    """Base class: `message` is meant for the person who acted."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RequestNotFound(ServiceError):
    def __init__(self) -> None:
        super().__init__(_("This request does not exist or you may not see it."))


class ActionNotAllowed(ServiceError):
    """The action is not possible from the request's current state."""

    def __init__(self, action_label: str, state_label: str) -> None:
        super().__init__(
            _("“%(action)s” is not allowed while the request is “%(state)s”.")
            % {"action": action_label, "state": state_label}
        )


class ConcurrentChange(ServiceError):
    """Somebody changed the request between the moment the actor saw it and the action."""

    def __init__(self, by: str) -> None:
        super().__init__(
            _(
                "This request was just changed by %(by)s. Reload it to see what changed, then try "
                "again."
            )
            % {"by": by}
        )


class NotPermitted(ServiceError):
    def __init__(self) -> None:
        super().__init__(_("You do not have the role needed for this action on this request."))


class InvalidInput(ServiceError):
    """One message per field, so a form can show each beside its input."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class KeyRotationFailed(ServiceError):
    """A value rotate_data_key cannot re-encrypt (unknown key id, wrong key, moved value). The
    reader is the operator at the console, so the message is technical English, like the other
    commands' lines, and names the row but never the value."""


def show_service_error(form, exc: Exception, error_fields: dict[str, str] | None = None) -> None:
    """Put a service's message on the field it names (or above the form)."""
    if isinstance(exc, InvalidInput):
        for field, message in exc.errors.items():
            field = (error_fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, exc.message)
