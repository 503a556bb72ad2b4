"""Helpers for the migrations that encrypt data stored before encryption came in (and decrypt
it again when migrating backwards). They work on raw column values and raw file bytes, never
through the model fields, which would encrypt or decrypt on their own."""

from pathlib import Path

from django.conf import settings

from . import crypto


def seal_text(value: str) -> str:
    if not value or crypto.is_encrypted_text(value):
        return value
    return crypto.encrypt_text(value)


def open_text(value: str) -> str:
    return crypto.decrypt_text(value) if crypto.is_encrypted_text(value) else value


def seal_bytes(data: bytes) -> bytes:
    return data if crypto.is_encrypted_file(data) else crypto.encrypt_bytes(data)


def rewrite_rows(schema_editor, model, columns: tuple[str, ...], change) -> int:
    """Set each row's `columns` to change(dict of their current values) -> dict of new values."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {names} FROM {table}")  # noqa: S608  # nosec B608: identifiers only
        rows = cursor.fetchall()
        for pk, *values in rows:
            new = change(dict(zip(columns, values, strict=True)))
            assignments = ", ".join(f"{quote(c)} = %s" for c in new)
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608  # nosec B608: identifiers only
                [*new.values(), pk],
            )
    return len(rows)


def rewrite_files(model, field_name: str, change) -> int:
    """Replace each stored file of `field_name` under MEDIA_ROOT by change(its bytes)."""
    count = 0
    for name in model.objects.exclude(**{field_name: ""}).values_list(field_name, flat=True):
        path = Path(settings.MEDIA_ROOT) / name
        if path.is_file():
            path.write_bytes(change(path.read_bytes()))
            count += 1
    return count
