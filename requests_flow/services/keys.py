"""Re-encrypting personal data with the current data key (manage.py rotate_data_key).

Every EncryptedTextField column and every file of an EncryptedFileSystemStorage field, of every
installed model, whose value was sealed with another key than TIEPCAN_DATA_KEY_ID (or in the
enc1 / TCENC1 format) is opened with the key it names (TIEPCAN_DATA_KEYS_OLD) and sealed again
with the current one, bound to its row or name. Rows are read in primary-key batches and each
batch is changed in one transaction with the rows locked, so a concurrent edit is not
overwritten. Idempotent: values already current are counted and left alone, so a run stopped
half-way is simply run again. Once a run reports nothing left, the old keys can be removed."""

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction

from .. import crypto
from ..fields import EncryptedFileSystemStorage, EncryptedTextField, SealedText
from .errors import KeyRotationFailed


@dataclass
class RotationReport:
    key_id: str
    texts_resealed: int = 0
    texts_current: int = 0
    files_resealed: int = 0
    files_current: int = 0
    files_missing: int = 0  # named by a row, absent from MEDIA_ROOT (see media_orphans)


def encrypted_columns() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def encrypted_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
        and isinstance(field.storage, EncryptedFileSystemStorage)
    ]


def data_key_rotate(*, batch_size: int = 500) -> RotationReport:
    """Seal every value with the current key; KeyRotationFailed names the first value that
    cannot be opened (the values before it stay done)."""
    report = RotationReport(key_id=crypto.current_key_id())
    for model, fields in encrypted_columns():
        for pks in _batches(model._base_manager.all(), batch_size):
            _rotate_texts(model, fields, pks, report)
    for model, field in encrypted_file_fields():
        for pks in _batches(model._base_manager.exclude(**{field.attname: ""}), batch_size):
            for pk in pks:
                _rotate_file(model, field, pk, report)
    return report


def _batches(queryset, size: int):
    """Primary keys in ascending pages of `size`, each page read when the previous is done."""
    queryset, last = queryset.order_by("pk"), None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        pks = list(page.values_list("pk", flat=True)[:size])
        if not pks:
            return
        last = pks[-1]
        yield pks


def _stale(value, where: str) -> bool:
    """Whether a stored text value needs sealing again; refuses a key nobody configured."""
    if not crypto.is_encrypted_text(value):
        return False  # empty (or erased): nothing sealed
    _check_key(crypto.text_key_id(value), where)
    return not crypto.text_is_current(value)


def _check_key(key_id: str, where: str) -> None:
    if key_id not in crypto.known_key_ids():
        raise KeyRotationFailed(
            f"{where}: sealed with key id {key_id!r}, which is neither TIEPCAN_DATA_KEY_ID nor "
            "in TIEPCAN_DATA_KEYS_OLD"
        )


@transaction.atomic
def _rotate_texts(model, fields: list[EncryptedTextField], pks: list, report) -> None:
    table = model._meta.db_table
    for row in model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk"):
        changes = {}
        for field in fields:
            stored, where = row.__dict__[field.attname], f"{table}.{field.column} id {row.pk}"
            if not _stale(stored, where):
                if crypto.is_encrypted_text(stored):
                    report.texts_current += 1
                continue
            try:
                plain = getattr(row, field.attname)
            except crypto.DecryptionFailed as exc:
                raise KeyRotationFailed(f"{where}: {exc}") from None
            changes[field.attname] = SealedText(crypto.encrypt_text(plain, field.context(row)))
        if changes:
            model._base_manager.filter(pk=row.pk).update(**changes)
            report.texts_resealed += len(changes)


@transaction.atomic
def _rotate_file(model, field: models.FileField, pk, report) -> None:
    """One file, its row locked: retention blanks the row before it deletes the file, so a file
    whose row no longer names it is skipped rather than written back."""
    rows = model._base_manager.select_for_update().filter(pk=pk)
    name, storage = rows.values_list(field.attname, flat=True).first(), field.storage
    if not name:
        return
    if not storage.exists(name):
        report.files_missing += 1
        return
    raw = storage.read_raw(name)
    where = f"{model._meta.db_table}.{field.column} id {pk} ({name})"
    if not crypto.is_encrypted_file(raw):
        return  # stored before encryption came in: the migrations seal those, not rotation
    _check_key(crypto.file_key_id(raw), where)
    if crypto.file_is_current(raw):
        report.files_current += 1
        return
    try:
        plain = crypto.decrypt_bytes(raw, name)
    except crypto.DecryptionFailed as exc:
        raise KeyRotationFailed(f"{where}: {exc}") from None
    storage.replace_raw(name, crypto.encrypt_bytes(plain, name))
    report.files_resealed += 1
