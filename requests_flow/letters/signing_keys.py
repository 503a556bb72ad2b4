"""Keys for signing letters, opened as pyHanko signers: a PKCS#12 file held in memory while its
session is open, or a key on a PKCS#11 token or HSM (one logged-in session per token). Errors
are SigningRefused with a message for the person signing; passphrases and PINs never appear in
them (signing_config.py)."""

from collections.abc import Iterator
from contextlib import contextmanager

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils.translation import gettext as _
from pkcs11 import PKCS11Error
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.general import SigningError, as_signing_certificate_v2
from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .signing_checks import SigningRefused
from .signing_config import KeySource, Pkcs11Key, Pkcs12Key

HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


def _asn1(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class Pkcs12Signer(Signer):
    """A key held in memory for the session. pyHanko's SimpleSigner decodes (and re-checks) the
    RSA key for every signature, and signs once more to size the signature container: 50 ms per
    signature that this class spends once per session (bench/signing_bench.py)."""

    def __init__(self, key, cert, others) -> None:
        super().__init__(
            signing_cert=_asn1(cert),
            cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in others]),
        )
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise SigningRefused(_("Only RSA and ECDSA keys can sign letters."))
        self._key = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        if isinstance(self._key, rsa.RSAPrivateKey):
            if dry_run:  # only the length counts
                return bytes(self._key.key_size // 8)
            return self._key.sign(data, PKCS1v15(), HASHES[digest_algorithm]())
        if dry_run:  # the longest DER ECDSA signature for the curve
            return bytes(2 * ((self._key.key_size + 7) // 8) + 9)
        return self._key.sign(data, ec.ECDSA(HASHES[digest_algorithm]()))


def _open_pkcs12(key: Pkcs12Key) -> Signer:
    try:
        data = key.path.read_bytes()
    except OSError:
        raise SigningRefused(
            _("The key file %(path)s cannot be read.") % {"path": key.path}
        ) from None
    try:
        private, cert, others = pkcs12.load_key_and_certificates(data, key.passphrase.encode())
    except ValueError:
        raise SigningRefused(
            _("The key file %(path)s could not be opened: wrong passphrase or damaged file.")
            % {"path": key.path}
        ) from None
    if private is None or cert is None:
        raise SigningRefused(
            _("The key file %(path)s holds no key and certificate.") % {"path": key.path}
        )
    return Pkcs12Signer(private, cert, others)


@contextmanager
def _token_session(key: Pkcs11Key, open_sessions: dict) -> Iterator:
    """One logged-in session per token: PKCS#11 logs in an application, not a session, so a
    second login to the same token (an HSM holding both keys) fails with UserAlreadyLoggedIn."""
    slot = (key.module, key.token_label)
    if slot in open_sessions:
        yield open_sessions[slot]
        return
    try:
        session = open_pkcs11_session(
            key.module, token_criteria=TokenCriteria(label=key.token_label), user_pin=key.pin
        )
    except (PKCS11Error, SigningError, OSError, RuntimeError) as error:
        # Named by its class only: the exception's text is the module's, never the PIN.
        raise SigningRefused(
            _("The signing token “%(token)s” could not be opened (%(reason)s).")
            % {"token": key.token_label, "reason": type(error).__name__}
        ) from None
    open_sessions[slot] = session
    try:
        yield session
    finally:
        del open_sessions[slot]
        session.close()


@contextmanager
def open_signer(key: KeySource, open_sessions: dict | None = None) -> Iterator[Signer]:
    """A pyHanko signer for the key; a token session is closed (logged out) on leaving."""
    if isinstance(key, Pkcs12Key):
        yield _open_pkcs12(key)
        return
    with _token_session(key, {} if open_sessions is None else open_sessions) as session:
        signer = PKCS11Signer(
            session,
            cert_label=key.cert_label or key.key_label,
            key_label=key.key_label,
            other_certs_to_pull=None,  # the CA chain, when the token holds it
        )
        try:
            signer.signing_cert  # noqa: B018 (loads the key and certificate now)
        except (PKCS11Error, SigningError) as error:
            raise SigningRefused(
                _("The key “%(key)s” is not on the token “%(token)s” (%(reason)s).")
                % {"key": key.key_label, "token": key.token_label, "reason": error}
            ) from None
        yield signer


class _Fixed(CMSAttributeProvider):
    attribute_type = "signing_certificate_v2"

    def __init__(self, value) -> None:
        self.value = value

    async def build_attr_value(self, dry_run=False):
        return self.value


class PadesAttributes(SignedAttributeProviderSpec):
    """The signed attributes of a PAdES B-B signature besides content type and message digest
    (pyHanko adds those): signing-certificate-v2, built once per key and kept as parsed DER.
    pyHanko builds it anew for each signature, and serialising the certificate's issuer name
    each time cost several milliseconds per signature (bench/signing_bench.py)."""

    def __init__(self, cert) -> None:
        self.value = tsp.SigningCertificateV2.load(as_signing_certificate_v2(cert).dump())

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
        yield _Fixed(self.value)
