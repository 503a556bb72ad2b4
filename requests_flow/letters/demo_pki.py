"""A throw-away certificate authority for tests, benchmarks, samples and demo data: a root, the
certificates it issues (a person's or an agency's), a CRL, PKCS#12 archives. Everything is made
in memory when asked for; nothing here is ever committed or used for a real letter. Real
certificates come from the province's CA (docs/signing.md)."""

import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048  # what VGCA issues to officials and agencies
CRL_URL = "http://crl.tiepcan.invalid/demo.crl"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def _name(common_name: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


@dataclass(frozen=True)
class Identity:
    """A private key and its certificate (plus the CA's, for the chain)."""

    key: rsa.RSAPrivateKey = field(repr=False)
    cert: x509.Certificate
    ca_cert: x509.Certificate

    def pkcs12(self, passphrase: str) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            name=b"tiepcan",
            key=self.key,
            cert=self.cert,
            cas=[self.ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )

    def key_pkcs8_pem(self) -> bytes:
        """The unencrypted PKCS#8 form softhsm2-util --import reads (tests only)."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


class DemoCA:
    """A root CA valid for ten years around `now`."""

    def __init__(self, name: str = "Tiếp Cận Demo CA", now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime.now(dt.UTC)
        self.key = _key()
        subject = _name(name, "Tiếp Cận (demo, not a real CA)")
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - dt.timedelta(days=365))
            .not_valid_after(self.now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self, passphrase: str) -> bytes:
        """The CA's key, encrypted: seed_demo keeps it to certify accounts added later."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )

    @classmethod
    def load(cls, cert_pem: bytes, key_pem: bytes, passphrase: str) -> "DemoCA":
        """The CA kept by `cert_pem` and `key_pem`, issuing from now."""
        ca = cls.__new__(cls)
        ca.now = dt.datetime.now(dt.UTC)
        ca.cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, passphrase.encode())
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the demo CA's key is not an RSA key")
        ca.key = key
        return ca

    def issue(
        self,
        common_name: str,
        *,
        organisation: str = "",
        valid_from: dt.datetime | None = None,
        valid_until: dt.datetime | None = None,
        timestamping: bool = False,
    ) -> Identity:
        """A signing certificate (digital signature + non-repudiation, as PAdES wants), or with
        `timestamping` a time-stamping authority's (RFC 3161: that usage only, critical)."""
        key = _key()
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, organisation))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from or self.now - dt.timedelta(days=30))
            .not_valid_after(valid_until or self.now + dt.timedelta(days=730))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.TIME_STAMPING]
                    if timestamping
                    else [ExtendedKeyUsageOID.EMAIL_PROTECTION]
                ),
                critical=timestamping,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .add_extension(
                # Real CAs name their CRL; a validator checks a given CRL only for a
                # certificate that names one. (.invalid never resolves: nothing is fetched.)
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(CRL_URL)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        return Identity(key=key, cert=cert, ca_cert=self.cert)

    def crl(self, revoked: list[x509.Certificate]) -> bytes:
        """A DER CRL listing `revoked`, valid for a week from now."""
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.cert.subject)
            .last_update(self.now - dt.timedelta(hours=1))
            .next_update(self.now + dt.timedelta(days=7))
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        for cert in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(cert.serial_number)
                .revocation_date(self.now - dt.timedelta(hours=1))
                .build()
            )
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
