"""Every URL pattern the project serves, read from the resolver: (name, route, parameters)."""

from django.urls import URLPattern, URLResolver, get_resolver


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
