"""Model fields for personal data at rest: an encrypted text column and its keyed lookup hash."""

import os
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from . import crypto


class SealedText(str):
    """An encrypted value as stored, not opened yet: opening an enc2 value needs its row, which
    from_db_value does not have. values()/values_list() give these as they are."""


class _OpenOnRead(DeferredAttribute):
    """Opens the stored value the first time the attribute is read, with the instance's row id,
    and keeps the plaintext on the instance."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is not None and isinstance(value, SealedText):
            value = crypto.decrypt_text(value, self.field.context(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        # A data descriptor: otherwise the instance's own attribute would hide __get__.
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext (crypto.encrypt_text), gives the plaintext to Python code.

    Each value is bound to its row (table, column, row id), so a ciphertext copied into another
    row fails to open (DecryptionFailed) rather than showing the first row's number. The row id
    is the model's `row_uid` UUID column, not the primary key: the key is only known after the
    INSERT, and sealing later would mean writing the row twice (once with a placeholder) on every
    path that creates rows, bulk_create included; a UUID set when the instance is built is known
    on every path. So the value is sealed in pre_save, where the instance is at hand; an update()
    or bulk_update() can only blank the column (anything else is refused in get_prep_value).

    The ciphertext is randomised, so the database cannot compare values: every lookup but
    `isnull` is refused; search through the keyed hash column (KeyedHashField) instead. The empty
    string is stored as is (nothing to hide; retention blanks a field that way)."""

    descriptor_class = _OpenOnRead
    row_id_attname = "row_uid"

    def context(self, instance) -> str:
        row_id = getattr(instance, self.row_id_attname)
        return crypto.text_context(self.model._meta.db_table, self.column, row_id)

    def open_value(self, stored, row_id):
        """The plaintext of a value read without its instance (an annotation such as
        F("request__id_number")), given the row id read beside it."""
        if not crypto.is_encrypted_text(stored):
            return stored
        table = self.model._meta.db_table
        return crypto.decrypt_text(stored, crypto.text_context(table, self.column, row_id))

    def from_db_value(self, value, expression, connection):
        return SealedText(value) if crypto.is_encrypted_text(value) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)  # opens a stored value: checks its row
        if value in (None, ""):
            return value
        return SealedText(crypto.encrypt_text(value, self.context(model_instance)))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        if isinstance(value, SealedText):
            return str(value)
        raise ValueError(
            f"{self.model.__name__}.{self.name} is sealed per row on save(); "
            "update() and bulk_update() can only blank it"
        )

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None


def row_uid_field() -> models.UUIDField:
    """The stable row id the model's EncryptedTextField values are bound to (its `row_uid`)."""
    return models.UUIDField(
        _("row id of the encrypted values"), default=uuid.uuid4, unique=True, editable=False
    )


class KeyedHashField(models.CharField):
    """HMAC-SHA256 of another field's value (crypto.id_number_hash), set on every save and on
    bulk_create, indexed for exact lookup. Never edited by hand."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.id_number_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def _fsync(target: Path) -> None:
    fd = os.open(target, os.O_RDONLY)  # Linux fsyncs a read-only descriptor, folders too
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DurableFileSystemStorage(FileSystemStorage):
    """MEDIA_ROOT storage whose saved files are on disk before the transaction recording them
    commits: the file, then its folder and each folder above it up to the root, are fsynced (a
    new name, like a new folder, is durable only once its folder is). Without it a power loss
    soon after the commit could leave a row whose file is empty or gone (security round, #17.16).
    The default storage (settings.STORAGES) and the encrypted one below."""

    def _save(self, name, content):
        name = super()._save(name, content)
        path, root = Path(self.path(name)), Path(self.location)
        folders = [path.parent, *(p for p in path.parent.parents if p.is_relative_to(root))]
        for target in (path, *folders):
            _fsync(target)
        return name


class EncryptedFileSystemStorage(DurableFileSystemStorage):
    """MEDIA_ROOT storage whose files hold AES-GCM ciphertext (crypto.encrypt_bytes) bound to
    their storage name: bytes are sealed before they reach the disk and opened again on read, so
    the permission-checked download views stream the plaintext and nothing else can, and a file
    copied over another name does not open. Files are read whole into memory (uploads are capped
    by TIEPCAN_MAX_ATTACHMENT_BYTES)."""

    def _save(self, name, content):
        content.seek(0)
        plain = content.read()
        saved = super()._save(name, ContentFile(crypto.encrypt_bytes(plain, name)))
        if saved != name:  # the name was taken meanwhile and another was chosen: bind to that one
            self.replace_raw(saved, crypto.encrypt_bytes(plain, saved))
        return saved

    def _open(self, name, mode="rb"):
        return ContentFile(crypto.decrypt_bytes(self.read_raw(name), name), name=name)

    def read_raw(self, name: str) -> bytes:
        """The stored bytes as they are on disk (for checks and migrations)."""
        with super()._open(name, "rb") as raw:
            return raw.read()

    def replace_raw(self, name: str, data: bytes) -> None:
        """Replace an existing file's bytes atomically (a copy beside it, then rename), so a crash
        leaves either the old or the new ciphertext, never half of one."""
        path = Path(self.path(name))
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        _fsync(temporary)
        os.replace(temporary, path)
        _fsync(path.parent)  # the rename is durable once the folder is


def encrypted_storage() -> EncryptedFileSystemStorage:
    """Callable for FileField(storage=...): migrations record the function, not the settings."""
    return EncryptedFileSystemStorage()
