"""Personal data at rest (DOMAIN §8): AES-256-GCM for ID numbers and for uploaded files, and a
keyed hash (HMAC-SHA256) of ID numbers for exact lookup. docs/security/pdata.md has the formats.

Text:  "enc1:<key id>:<urlsafe base64 of 12-byte nonce + ciphertext + 16-byte tag>"
Files: b"TCENC1" + 1 byte key-id length + key id + 12-byte nonce + ciphertext + tag

The key id names the key that sealed the value, so a new key can be added (TIEPCAN_DATA_KEY_ID)
while values sealed with an older one stay readable (TIEPCAN_DATA_KEYS_OLD)."""

import base64
import binascii
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TEXT_PREFIX = "enc1"
FILE_MAGIC = b"TCENC1"
NONCE_BYTES = 12
# Associated data: a text ciphertext cannot be passed off as a file and vice versa.
TEXT_AAD = b"tiepcan/text/v1"
FILE_AAD = b"tiepcan/file/v1"
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


def _key(key_id: str) -> bytes:
    try:
        return _keys()[1][key_id]
    except KeyError:
        raise DecryptionFailed(f"no key with id {key_id!r}") from None


def is_encrypted_text(value) -> bool:
    return isinstance(value, str) and value.startswith(TEXT_PREFIX + ":")


def encrypt_text(plain: str) -> str:
    key_id, keys = _keys()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys[key_id]).encrypt(nonce, plain.encode(), TEXT_AAD)
    return f"{TEXT_PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt_text(value: str) -> str:
    _prefix, key_id, body = value.split(":", 2)
    key = _key(key_id)
    try:
        blob = base64.urlsafe_b64decode(body)
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], TEXT_AAD)
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionFailed("an encrypted value could not be opened") from exc
    return plain.decode()


def is_encrypted_file(head: bytes) -> bool:
    return head.startswith(FILE_MAGIC)


def encrypt_bytes(plain: bytes) -> bytes:
    key_id, keys = _keys()
    nonce = os.urandom(NONCE_BYTES)
    kid = key_id.encode()
    header = FILE_MAGIC + bytes([len(kid)]) + kid
    return header + nonce + AESGCM(keys[key_id]).encrypt(nonce, plain, FILE_AAD)


def decrypt_bytes(blob: bytes) -> bytes:
    """The plaintext of encrypt_bytes; a file stored before encryption came in passes through."""
    if not is_encrypted_file(blob):
        return blob
    start = len(FILE_MAGIC) + 1
    kid_end = start + blob[len(FILE_MAGIC)]
    nonce_end = kid_end + NONCE_BYTES
    key = _key(blob[start:kid_end].decode())
    try:
        return AESGCM(key).decrypt(blob[kid_end:nonce_end], blob[nonce_end:], FILE_AAD)
    except InvalidTag as exc:
        raise DecryptionFailed("an encrypted file could not be opened") from exc


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
    from .validators import normalise_id_number

    value = normalise_id_number(number)
    if not value:
        return ""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()
