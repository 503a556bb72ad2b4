"""Personal data at rest (DOMAIN §8): AES-256-GCM for ID numbers and for uploaded files, and a
keyed hash (HMAC-SHA256) of ID numbers for exact lookup. docs/security/pdata.md has the formats.

Text:  "enc2:<key id>:<urlsafe base64 of 12-byte nonce + ciphertext + 16-byte tag>", associated
       data bound to the row (table, column, row id: `text_context`), so a value copied to another
       row or column does not open. "enc1:" values (constant associated data) are read still;
       migrations requests_flow/0016 and portal/0005 turn them into enc2.
Files: b"TCENC2" + 1 byte key-id length + key id + 12-byte nonce + ciphertext + tag, associated
       data bound to the storage name; b"TCENC1" files (constant associated data) are read still.

The key id names the key that sealed the value, so a new key can be added (TIEPCAN_DATA_KEY_ID)
while values sealed with an older one stay readable (TIEPCAN_DATA_KEYS_OLD) until `manage.py
rotate_data_key` has sealed them again with the new one (services/keys.py)."""

import base64
import binascii
import functools
import hashlib
import hmac
import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .validators import normalise_id_number

TEXT_PREFIX_V1 = "enc1"
TEXT_PREFIX = "enc2"
FILE_MAGIC_V1 = b"TCENC1"
FILE_MAGIC = b"TCENC2"
NONCE_BYTES = 12
# Associated data: a text ciphertext cannot be passed off as a file and vice versa. Version 1
# stopped there, so an encrypted ID number could be copied to another row undetected; version 2
# appends the row (text) or the storage name (file).
TEXT_AAD_V1 = b"tiepcan/text/v1"
FILE_AAD_V1 = b"tiepcan/file/v1"
TEXT_AAD = b"tiepcan/text/v2\0"
FILE_AAD = b"tiepcan/file/v2\0"
HASH_INFO = b"tiepcan/id-number-lookup-hash/v1"


class DecryptionFailed(ValueError):
    """Unknown key id, wrong key or tampered ciphertext; the message never holds the value."""


def decode_key(value: str, name: str) -> bytes:
    """32 bytes from standard or urlsafe base64, or ImproperlyConfigured naming the variable."""
    text = (value or "").strip()
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_") + "==")
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{name} must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)."
        )
    return raw


@functools.lru_cache(maxsize=8)  # by the settings' values: a changed setting is parsed again
def parse_keys(data_key: str, key_id: str, keys_old: str) -> tuple[str, dict[str, bytes]]:
    """(current key id, {key id: key}); ImproperlyConfigured naming the faulty variable."""
    current = str(key_id).strip() or "1"
    if len(current.encode()) > 255 or ":" in current or "," in current:
        raise ImproperlyConfigured("TIEPCAN_DATA_KEY_ID must be 1-255 bytes without ':' or ','.")
    keys = {current: decode_key(data_key, "TIEPCAN_DATA_KEY")}
    for item in filter(None, (keys_old or "").split(",")):
        old_id, _sep, value = item.strip().partition(":")
        keys.setdefault(old_id.strip(), decode_key(value, "TIEPCAN_DATA_KEYS_OLD"))
    return current, keys


def check_key_settings(
    *, data_key: str, key_id: str, keys_old: str, hash_key: str, public_dev_key: str
) -> None:
    """Production start-up check: every key decodes, and the data key is not the public one."""
    _current, keys = parse_keys(data_key, key_id, keys_old)
    if hash_key:
        decode_key(hash_key, "TIEPCAN_HASH_KEY")
    if decode_key(public_dev_key, "DEV_ONLY_PUBLIC_DATA_KEY") in keys.values():
        raise ImproperlyConfigured(
            "TIEPCAN_DATA_KEY is the public development key; set a real one."
        )


def _keys() -> tuple[str, dict[str, bytes]]:
    return parse_keys(
        settings.TIEPCAN_DATA_KEY, settings.TIEPCAN_DATA_KEY_ID, settings.TIEPCAN_DATA_KEYS_OLD
    )


def current_key_id() -> str:
    return _keys()[0]


def known_key_ids() -> set[str]:
    """The current key's id and those of TIEPCAN_DATA_KEYS_OLD."""
    return set(_keys()[1])


def _key(key_id: str) -> bytes:
    try:
        return _keys()[1][key_id]
    except KeyError:
        raise DecryptionFailed(f"no key with id {key_id!r}") from None


def text_context(table: str, column: str, row_id) -> str:
    """What a text value is bound to. The row id is the row's `row_uid` UUID (see
    fields.EncryptedTextField for why not the primary key); normalised, since SQLite gives it
    back as 32 hex digits and PostgreSQL as a UUID."""
    return f"{table}\0{column}\0{uuid.UUID(str(row_id))}"


def is_encrypted_text(value) -> bool:
    return isinstance(value, str) and value.startswith((TEXT_PREFIX + ":", TEXT_PREFIX_V1 + ":"))


def text_key_id(value: str) -> str:
    """The id of the key that sealed an encrypted text value."""
    return value.split(":", 2)[1]


def encrypt_text(plain: str, context: str) -> str:
    """An enc2 value bound to `context` (text_context)."""
    return _seal_text(TEXT_PREFIX, plain, TEXT_AAD + context.encode())


def encrypt_text_v1(plain: str) -> str:
    """An enc1 value: only for the migrations written before row binding (0010, portal 0003),
    whose output the later migrations turn into enc2."""
    return _seal_text(TEXT_PREFIX_V1, plain, TEXT_AAD_V1)


def _seal_text(prefix: str, plain: str, aad: bytes) -> str:
    key_id, keys = _keys()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys[key_id]).encrypt(nonce, plain.encode(), aad)
    return f"{prefix}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt_text(value: str, context: str | None = None) -> str:
    """The plaintext; an enc2 value opens only with the context it was sealed with, so a value
    moved to another row fails here (DecryptionFailed) instead of showing the other row's."""
    prefix, key_id, body = value.split(":", 2)
    if prefix == TEXT_PREFIX_V1:
        aad = TEXT_AAD_V1
    elif context is None:
        raise DecryptionFailed("a row-bound value was read without its row")
    else:
        aad = TEXT_AAD + context.encode()
    key = _key(key_id)
    try:
        blob = base64.urlsafe_b64decode(body)
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionFailed("an encrypted value could not be opened (wrong row or key)") from exc
    return plain.decode()


def is_encrypted_file(head: bytes) -> bool:
    return head.startswith((FILE_MAGIC, FILE_MAGIC_V1))


def _file_header(blob: bytes) -> tuple[str, int]:
    """(key id, offset of the nonce) of an encrypted file."""
    start = len(FILE_MAGIC) + 1
    kid_end = start + blob[len(FILE_MAGIC)]
    return blob[start:kid_end].decode(), kid_end


def file_key_id(blob: bytes) -> str:
    return _file_header(blob)[0]


def encrypt_bytes(plain: bytes, name: str | None = None) -> bytes:
    """TCENC2 bound to the storage name; without a name TCENC1 (the old migrations only)."""
    key_id, keys = _keys()
    nonce = os.urandom(NONCE_BYTES)
    kid = key_id.encode()
    magic, aad = (FILE_MAGIC_V1, FILE_AAD_V1) if name is None else (FILE_MAGIC, _file_aad(name))
    header = magic + bytes([len(kid)]) + kid
    return header + nonce + AESGCM(keys[key_id]).encrypt(nonce, plain, aad)


def _file_aad(name: str) -> bytes:
    return FILE_AAD + name.replace("\\", "/").encode()


def decrypt_bytes(blob: bytes, name: str | None = None) -> bytes:
    """The plaintext of encrypt_bytes; a TCENC2 file opens only under the storage name it was
    sealed for. A file stored before encryption came in passes through."""
    if not is_encrypted_file(blob):
        return blob
    if blob.startswith(FILE_MAGIC_V1):
        aad = FILE_AAD_V1
    elif name is None:
        raise DecryptionFailed("a name-bound file was read without its name")
    else:
        aad = _file_aad(name)
    key_id, nonce_start = _file_header(blob)
    key = _key(key_id)
    nonce_end = nonce_start + NONCE_BYTES
    try:
        return AESGCM(key).decrypt(blob[nonce_start:nonce_end], blob[nonce_end:], aad)
    except InvalidTag as exc:
        raise DecryptionFailed("an encrypted file could not be opened (wrong name or key)") from exc


def _hash_key() -> bytes:
    return derive_hash_key(settings.TIEPCAN_DATA_KEY, settings.TIEPCAN_HASH_KEY)


@functools.lru_cache(maxsize=8)
def derive_hash_key(data_key: str, hash_key: str) -> bytes:
    """TIEPCAN_HASH_KEY when set, else derived from the data key (HKDF-SHA256): a separate key,
    so the lookup hash never reuses the cipher key."""
    if hash_key:
        return decode_key(hash_key, "TIEPCAN_HASH_KEY")
    data = decode_key(data_key, "TIEPCAN_DATA_KEY")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HASH_INFO).derive(data)


def id_number_hash(number: str) -> str:
    """Keyed hash of the normalised number (no separators, upper case); "" for no number."""
    value = normalise_id_number(number)
    if not value:
        return ""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()


def text_is_current(value: str) -> bool:
    """Sealed in the current format with the current key (rotation leaves it alone)."""
    return value.startswith(TEXT_PREFIX + ":") and text_key_id(value) == current_key_id()


def file_is_current(blob: bytes) -> bool:
    return blob.startswith(FILE_MAGIC) and file_key_id(blob) == current_key_id()
