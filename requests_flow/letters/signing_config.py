"""Where signing keys and trust come from, as small frozen values (docs/signing.md).

A key is a PKCS#12 file (path + passphrase) or an object on a PKCS#11 token or HSM (module path,
token label, PIN, key label). Passphrases and PINs come from the environment or a file the
operator protects; they are never stored in the database, and `repr` hides them so a traceback or
a log line cannot show them."""

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem, x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path
    passphrase: str = field(repr=False)


@dataclass(frozen=True)
class Pkcs11Key:
    module: str  # e.g. /usr/lib/x86_64-linux-gnu/libvgca_pkcs11.so (the token vendor's module)
    token_label: str
    key_label: str
    pin: str = field(repr=False)
    cert_label: str = ""  # the certificate's label on the token, if not the key's


KeySource = Pkcs12Key | Pkcs11Key


@dataclass(frozen=True)
class Party:
    """Who signs: the approver (a person) or the agency. `name` is what the certificate must
    name: the approver's full name as printed on the letter, or the agency's name."""

    name: str
    key: KeySource


@dataclass(frozen=True)
class Trust:
    """What a certificate is checked against, before signing and when verifying."""

    roots: tuple[x509.Certificate, ...]
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    # Fetch CRLs/OCSP named in the certificates (needs the network; off by default).
    fetch_revocation: bool = False
    # RFC 3161 timestamp service: with one the signatures are PAdES B-T, without B-B.
    tsa_url: str = ""


def _der_items(data: bytes) -> list[bytes]:
    if pem.detect(data):
        return [der for _type, _headers, der in pem.unarmor(data, multiple=True)]
    return [data]


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates from PEM (one or several) or DER bytes."""
    return [x509.Certificate.load(der) for der in _der_items(data)]


def load_crls(data: bytes) -> list[asn1_crl.CertificateList]:
    return [asn1_crl.CertificateList.load(der) for der in _der_items(data)]


def _read_all(paths: list[str], loader, setting: str) -> tuple:
    items = []
    for path in paths:
        try:
            items += loader(Path(path).read_bytes())
        except (OSError, ValueError) as error:
            raise ImproperlyConfigured(f"{setting}: cannot read {path} ({error})") from None
    return tuple(items)


@cache
def configured_trust() -> Trust:
    """TIEPCAN_SIGNING_TRUST_ROOTS, _CRLS (comma-separated files), _FETCH_REVOCATION, _TSA_URL."""
    return Trust(
        roots=_read_all(
            settings.TIEPCAN_SIGNING_TRUST_ROOTS, load_certificates, "TIEPCAN_SIGNING_TRUST_ROOTS"
        ),
        crls=_read_all(settings.TIEPCAN_SIGNING_CRLS, load_crls, "TIEPCAN_SIGNING_CRLS"),
        fetch_revocation=settings.TIEPCAN_SIGNING_FETCH_REVOCATION,
        tsa_url=settings.TIEPCAN_SIGNING_TSA_URL,
    )


def _secret(entry: dict, name: str, identity: str) -> str:
    """A passphrase or PIN: from the environment variable `<name>_env` names, or the file
    `<name>_file` names; never written in the keys file itself."""
    if entry.get(f"{name}_env"):
        value = os.environ.get(entry[f"{name}_env"])
        if value is None:
            raise ImproperlyConfigured(
                f"TIEPCAN_SIGNING_KEYS: {identity}: environment variable "
                f"{entry[f'{name}_env']} is not set"
            )
        return value
    if entry.get(f"{name}_file"):
        return Path(entry[f"{name}_file"]).read_text().strip()
    raise ImproperlyConfigured(
        f"TIEPCAN_SIGNING_KEYS: {identity}: give {name}_env or {name}_file, not the {name} itself"
    )


def key_from_entry(identity: str, entry: dict) -> KeySource:
    if "pkcs12" in entry:
        return Pkcs12Key(Path(entry["pkcs12"]), _secret(entry, "passphrase", identity))
    if "pkcs11_module" in entry:
        return Pkcs11Key(
            module=entry["pkcs11_module"],
            token_label=entry["token_label"],
            key_label=entry["key_label"],
            pin=_secret(entry, "pin", identity),
            cert_label=entry.get("cert_label", ""),
        )
    raise ImproperlyConfigured(f"TIEPCAN_SIGNING_KEYS: {identity}: no pkcs12 nor pkcs11_module")


def configured_key(identity: str) -> KeySource | None:
    """The key of `identity` ("user:<username>" for an approver, "agency:<short name>" for an
    agency) in the JSON file TIEPCAN_SIGNING_KEYS names, or None: that person or agency signs
    on paper. The file is read on each call, so keys can be added without a restart."""
    path = settings.TIEPCAN_SIGNING_KEYS
    if not path:
        return None
    try:
        entries = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"TIEPCAN_SIGNING_KEYS: cannot read {path} ({error})") from None
    entry = entries.get(identity)
    return key_from_entry(identity, entry) if entry else None
