"""Helpers for the migrations that encrypt data stored before encryption came in (and decrypt
it again when migrating backwards), and for those that bind encrypted values to their row or file
name (enc1 -> enc2, TCENC1 -> TCENC2, and back). They work on raw column values and raw file
bytes, never through the model fields, which would encrypt or decrypt on their own."""

import uuid
from pathlib import Path

from django.conf import settings

from . import crypto


def seal_text(value: str) -> str:
    if not value or crypto.is_encrypted_text(value):
        return value
    return crypto.encrypt_text_v1(value)  # migration 0016 / portal 0005 binds it to its row


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


def rewrite_named_files(model, field_name: str, change) -> int:
    """Like rewrite_files, with change(storage name, bytes): for values bound to the name."""
    count = 0
    for name in model.objects.exclude(**{field_name: ""}).values_list(field_name, flat=True):
        path = Path(settings.MEDIA_ROOT) / name
        if path.is_file():
            path.write_bytes(change(str(name), path.read_bytes()))
            count += 1
    return count


def fill_row_uids(model) -> None:
    """A distinct row_uid for each existing row (AddField gave them all one default, or none)."""
    for pk in model.objects.values_list("pk", flat=True):
        model.objects.filter(pk=pk).update(row_uid=uuid.uuid4())


def bind_rows(schema_editor, model, columns: tuple[str, ...], file_field: str = "") -> None:
    """enc1 values of `columns` become enc2 bound to their row; TCENC1 files, TCENC2 bound to
    their name. Values already bound and empty ones are left as they are."""

    def bind(column: str, value: str, row_uid) -> str:
        if not (value or "").startswith(crypto.TEXT_PREFIX_V1 + ":"):
            return value
        return crypto.encrypt_text(crypto.decrypt_text(value), _context(model, column, row_uid))

    def bind_file(name: str, data: bytes) -> bytes:
        if not data.startswith(crypto.FILE_MAGIC_V1):
            return data
        return crypto.encrypt_bytes(crypto.decrypt_bytes(data), name)

    _rewrite(schema_editor, model, columns, file_field, bind, bind_file)


def unbind_rows(schema_editor, model, columns: tuple[str, ...], file_field: str = "") -> None:
    """Backwards of bind_rows: enc2 values and TCENC2 files go back to the constant-AAD format."""

    def unbind(column: str, value: str, row_uid) -> str:
        if not (value or "").startswith(crypto.TEXT_PREFIX + ":"):
            return value
        plain = crypto.decrypt_text(value, _context(model, column, row_uid))
        return crypto.encrypt_text_v1(plain)

    def unbind_file(name: str, data: bytes) -> bytes:
        if not data.startswith(crypto.FILE_MAGIC):
            return data
        return crypto.encrypt_bytes(crypto.decrypt_bytes(data, name))

    _rewrite(schema_editor, model, columns, file_field, unbind, unbind_file)


def _rewrite(schema_editor, model, columns, file_field, text, file) -> None:
    """Each column's values through text(column, value, row_uid), then the files through
    file(name, data)."""
    for column in columns:
        rewrite_rows(
            schema_editor,
            model,
            (column, "row_uid"),
            lambda row, c=column: {c: text(c, row[c], row["row_uid"])},
        )
    if file_field:
        rewrite_named_files(model, file_field, file)


def _context(model, column: str, row_uid) -> str:
    return crypto.text_context(model._meta.db_table, model._meta.get_field(column).column, row_uid)
