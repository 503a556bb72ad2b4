"""Model fields for personal data at rest: an encrypted text column and its keyed lookup hash."""

import os
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext (crypto.encrypt_text), gives the plaintext to Python code.

    The ciphertext is randomised, so the database cannot compare values: every lookup but
    `isnull` is refused; search through the keyed hash column (KeyedHashField) instead. The empty
    string is stored as is (nothing to hide; retention blanks a field that way)."""

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if crypto.is_encrypted_text(value):
            return crypto.decrypt_text(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or crypto.is_encrypted_text(value):
            return value
        return crypto.encrypt_text(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None


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
            fd = os.open(target, os.O_RDONLY)  # Linux fsyncs a read-only descriptor, folders too
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return name


class EncryptedFileSystemStorage(DurableFileSystemStorage):
    """MEDIA_ROOT storage whose files hold AES-GCM ciphertext (crypto.encrypt_bytes): bytes are
    sealed before they reach the disk and opened again on read, so the permission-checked
    download views stream the plaintext and nothing else can. Files are read whole into memory
    (uploads are capped by TIEPCAN_MAX_ATTACHMENT_BYTES)."""

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(crypto.encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as raw:
            sealed = raw.read()
        return ContentFile(crypto.decrypt_bytes(sealed), name=name)

    def read_raw(self, name: str) -> bytes:
        """The stored bytes as they are on disk (for checks and migrations)."""
        with super()._open(name, "rb") as raw:
            return raw.read()


def encrypted_storage() -> EncryptedFileSystemStorage:
    """Callable for FileField(storage=...): migrations record the function, not the settings."""
    return EncryptedFileSystemStorage()
