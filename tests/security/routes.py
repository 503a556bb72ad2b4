"""Every URL pattern the project serves, read from the resolver: (name, route, parameters)."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.backoffice.support import intake_form

from .matrix_table import NODE_OWNER


def all_patterns() -> list[tuple[str, str, tuple[str, ...], object]]:
    """(namespaced name, route, parameter names, view callback) of every URL pattern."""
    found = []

    def walk(patterns, names, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = [entry.namespace] if entry.namespace else []
                walk(entry.url_patterns, names + namespace, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                name = ":".join([*names, entry.name or f"<unnamed {prefix}{entry.pattern}>"])
                params = tuple(entry.pattern.regex.groupindex)
                found.append((name, prefix + str(entry.pattern), params, entry.callback))

    walk(get_resolver().url_patterns, [], "")
    return found


PATTERNS = {name: (route, params) for name, route, params, _view in all_patterns()}


def url_of(world, name: str, objects: dict[str, str] | None = None) -> str:
    """A concrete URL of the pattern, naming agency A's objects (`objects`: a parameter's value
    taken from another of the world's objects, matrix_table.VARIANTS)."""
    _route, params = PATTERNS[name]
    kwargs = {}
    if "process_pk" in params:
        node = name.split(":")[-2] if "task_pk" in params else "review"
        task = world.tasks[node]
        kwargs["process_pk"] = task.process_id
        if "task_pk" in params:
            kwargs["task_pk"] = task.pk
    for param in set(params) - {"process_pk", "task_pk"}:
        kwargs[param] = world.objects[(objects or {}).get(param, param)]
    if name == "records:report:export":
        kwargs["fmt"] = "pdf"
    if name == "portal:statement":  # an action open in the provided state
        kwargs.update(tracking_code=world.provided.tracking_code, action="correction_requested")
    return reverse(name, kwargs=kwargs)


def owner_of(world, name: str) -> str:
    """The right person for the pattern: the requester on the portal, else the right officer."""
    if name.startswith(("portal:", "notifications:")) or ":" not in name:
        return "citizen"
    if name.startswith("supervision:"):
        return "norole"  # A's supervisor is the right person there
    node = name.split(":")[-2] if name.count(":") == 2 else None
    task = world.tasks.get(node) if node else None
    if task is not None and task.owner_id:
        return next(k for k, u in world.users.items() if u.pk == task.owner_id)
    return NODE_OWNER.get(node, "officer")


def norole_of(name: str) -> str:
    return "officer" if name.startswith("supervision:") else "norole"


def hostile_post(world) -> dict:
    """What an intruder posts: every field name of our forms, naming agency A's things."""
    agency = world.agency
    return {
        **intake_form(agency),
        "decision": "accept",
        "action": "approve",
        "_confirm": "1",
        "_cancel_process": "1",
        "answer": "Số hiệu 15/QĐ-UBND",
        "text": "Khiếu nại",
        "reason": "Không cần nữa",
        "code": "ABCD-EFGH",
        "tracking_code": world.waiting.tracking_code,
        "id_last4": "3456",
        "pk": [task.pk for task in world.tasks.values()],
        "officer": world.users["foreign"].pk,
        "complexity": "simple",
        "name": "Mục giả mạo",
        "form": "web",
        "published_from": "2026-01-01",
        "date_from": "2026-03-01",
        "date_to": "2026-03-31",
        "language": "en",
        "next": "/",
    }
