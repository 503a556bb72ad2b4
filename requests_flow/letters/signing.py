"""Digital signatures on a letter (DOMAIN §7.1; Decree 30/2020/NĐ-CP Art. 8 and Annex I
§II.7-8): PDF bytes in, signed PDF bytes out. First the approver's signature (a certification
signature that still allows further signatures), then the agency's, whose appearance is the
seal image over the left third of the approver's (appearance.py). PAdES baseline B-B, or B-T
when a timestamp service is configured.

`sign_letter` opens both keys, checks both certificates, signs one letter and closes the keys;
`letter_signer` does the opening and checks once for a batch (a clerk issuing several letters).
Passphrases and PINs are never logged and never stored (signing_config.py); a PKCS#12 key lives
in this process's memory only while its session is open. Every refusal is a SigningRefused with
a message for the person signing (signing_checks.py). Call from synchronous code (the task
worker, a command): pyHanko runs its own event loop."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import timezone
from django.utils.translation import gettext as _
from pkcs11 import PKCS11Error
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.general import SigningError, as_signing_certificate_v2
from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, Signer
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .appearance import (
    NotPrinted,
    PdfBytesPage,
    Placement,
    placement,
    seal_pdf,
    signature_pdf,
)
from .signing_checks import SigningRefused, check_certificate
from .signing_config import KeySource, Party, Pkcs11Key, Pkcs12Key, Trust, configured_trust

SIGNER_FIELD = "ChuKyNguoiCoThamQuyen"  # the approver's signature (Annex I §II.7)
AGENCY_FIELD = "ChuKyCoQuan"  # the agency's signature with the seal image (Annex I §II.8)

HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}

__all__ = [
    "AGENCY_FIELD",
    "SIGNER_FIELD",
    "LetterSigner",
    "SigningRefused",
    "letter_signer",
    "open_signer",
    "sign_letter",
]


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


def _chain(signer: Signer) -> list:
    return [c for c in signer.cert_registry if c != signer.signing_cert]


def _reserve(signer: Signer, trust: Trust) -> int:
    """Room for the CMS container: the certificates it embeds, the signature, the signed
    attributes, and a timestamp token when there is a TSA. Given, so pyHanko does not build a
    dry-run signature to measure it (a third of the time of a signature)."""
    certs = sum(len(c.dump()) for c in signer.cert_registry) + len(signer.signing_cert.dump())
    # Signed attributes and CMS structure take under 1 KiB; the signature is the key's size
    # (RSA 4096: 512 bytes); twice all that in hex digits. Tight matters: the second
    # signature's writer reads the first one's /Contents character by character.
    return 2 * (certs + 1536 + (8192 if trust.tsa_url else 0))


def _sign_once(writer, signer: Signer, *, field: str, new_field, appearance: bytes, name: str,
               certify: bool, trust: Trust) -> bytes:  # fmt: skip
    meta = PdfSignatureMetadata(
        field_name=field,
        name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=certify,
        # After the approver's certification signature only form filling is allowed: the
        # agency's signature in its field prepared with it; any other change is reported.
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    style = StaticStampStyle(background=PdfBytesPage(appearance), border_width=0)
    pdf_signer = PdfSigner(
        meta,
        signer=signer,
        timestamper=HTTPTimeStamper(trust.tsa_url) if trust.tsa_url else None,
        stamp_style=style,
        new_field_spec=new_field,
    )
    try:
        signed = pdf_signer.sign_pdf(
            writer, existing_fields_only=new_field is None, bytes_reserved=_reserve(signer, trust)
        )
    except (SigningError, PKCS11Error) as error:
        raise SigningRefused(
            _("The signature could not be made (%(reason)s).") % {"reason": error}
        ) from None
    return signed.getvalue()


class LetterSigner:
    """Both keys open and their certificates checked: signs any number of letters."""

    def __init__(self, signer: Party, person: Signer, agency: Party, seal: Signer, trust: Trust):
        self.signer, self.person, self.agency, self.seal = signer, person, agency, seal
        self.trust = trust

    def _where(self, pdf: bytes, writer) -> Placement:
        try:
            return placement(pdf, writer.prev, self.signer.name)
        except NotPrinted:
            raise SigningRefused(
                _(
                    "The letter does not print the approver's name “%(name)s” in its "
                    "signature block; it was not signed."
                )
                % {"name": self.signer.name}
            ) from None

    def sign(self, pdf: bytes, *, place: str = "") -> bytes:
        """The letter signed by the approver, then by the agency; `place` is printed along the
        bottom of the seal (e.g. "Tỉnh Tuyên Quang")."""
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        where = self._where(pdf, writer)
        # The agency's empty field goes in with the approver's signature, which certifies the
        # letter: filling that field is then the only change the certification allows.
        fields.append_signature_field(
            writer, fields.SigFieldSpec(AGENCY_FIELD, on_page=where.page, box=where.seal_box)
        )
        signed = _sign_once(
            writer,
            self.person,
            field=SIGNER_FIELD,
            new_field=fields.SigFieldSpec(
                SIGNER_FIELD, on_page=where.page, box=where.signature_box
            ),
            appearance=signature_pdf(self.signer.name),
            name=self.signer.name,
            certify=True,
            trust=self.trust,
        )
        return _sign_once(
            IncrementalPdfFileWriter(io.BytesIO(signed), strict=False),
            self.seal,
            field=AGENCY_FIELD,
            new_field=None,
            appearance=seal_pdf(self.agency.name, place),
            name=self.agency.name,
            certify=False,
            trust=self.trust,
        )


@contextmanager
def letter_signer(
    signer: Party, agency: Party, *, trust: Trust | None = None, now: datetime | None = None
) -> Iterator[LetterSigner]:
    """Opens both keys and refuses (SigningRefused) unless each certificate names its holder
    (the approver; the agency), is in force at `now`, chains to a trusted root and is not
    revoked. The keys are closed on leaving."""
    trust = trust if trust is not None else configured_trust()
    now = now or timezone.now()
    sessions: dict = {}
    with open_signer(signer.key, sessions) as person, open_signer(agency.key, sessions) as seal:
        check_certificate(
            person.signing_cert, _chain(person), signer.name, trust, now, agency=False
        )
        check_certificate(seal.signing_cert, _chain(seal), agency.name, trust, now, agency=True)
        for key in (person, seal):
            key.signed_attr_prov_spec = PadesAttributes(key.signing_cert)
        yield LetterSigner(signer, person, agency, seal, trust)


def sign_letter(
    pdf: bytes,
    *,
    signer: Party,
    agency: Party,
    place: str = "",
    trust: Trust | None = None,
    now: datetime | None = None,
) -> bytes:
    """One letter, signed by the approver (`signer.name` as printed in its signature block and
    as the certificate names them), then by the agency."""
    with letter_signer(signer, agency, trust=trust, now=now) as session:
        return session.sign(pdf, place=place)
