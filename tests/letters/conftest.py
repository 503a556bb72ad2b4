"""Signing identities made at test time (nothing committed): a demo CA, the approver and the
agency, an expired, a not-yet-valid and a revoked certificate (with the CRL that revokes it),
PKCS#12 files in a temporary folder, and a SoftHSM2 token initialised by the test run."""

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pkcs11
import pytest
from pkcs11 import Attribute, CertificateType, ObjectClass

from requests_flow.letters.demo_pki import DemoCA, Identity
from requests_flow.letters.signing_config import (
    Party,
    Pkcs11Key,
    Pkcs12Key,
    Trust,
    load_certificates,
    load_crls,
)


@pytest.fixture(autouse=True)
def _media_of_its_own(settings, tmp_path):
    """Each letters test renders into a media folder of its own: a PDF left by an earlier test
    under the same agency, year and number would give the next one a suffixed file name."""
    settings.MEDIA_ROOT = tmp_path / "media"


APPROVER = "Đặng Thị Ngọc Ánh"  # the signer printed on tests/letters/samples.py's letters
AGENCY = "Sở Tư pháp"
PASSPHRASE = "mật-khẩu-thử-7Qz"
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, SO_PIN = "TiepCan-Test", "482915", "73519024"


@dataclass(frozen=True)
class Pki:
    ca: DemoCA
    approver: Identity
    agency: Identity
    expired: Identity
    not_yet_valid: Identity
    revoked: Identity
    stranger: Identity  # another person with a valid certificate
    crl: bytes
    folder: Path

    @property
    def trust(self) -> Trust:
        return Trust(
            roots=tuple(load_certificates(self.ca.cert_pem())), crls=tuple(load_crls(self.crl))
        )

    def p12(self, identity: Identity, name: str) -> Pkcs12Key:
        path = self.folder / f"{name}.p12"
        if not path.exists():
            path.write_bytes(identity.pkcs12(PASSPHRASE))
        return Pkcs12Key(path, PASSPHRASE)

    def party(self, identity: Identity, name: str, holder: str = APPROVER) -> Party:
        return Party(holder, self.p12(identity, name))


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    ca = DemoCA()
    now = ca.now
    revoked = ca.issue(APPROVER)
    return Pki(
        ca=ca,
        approver=ca.issue(APPROVER),
        agency=ca.issue(AGENCY, organisation=AGENCY),
        expired=ca.issue(
            APPROVER,
            valid_from=now - dt.timedelta(days=800),
            valid_until=now - dt.timedelta(days=35),
        ),
        not_yet_valid=ca.issue(APPROVER, valid_from=now + dt.timedelta(days=3)),
        revoked=revoked,
        stranger=ca.issue("Nguyễn Văn An"),
        crl=ca.crl([revoked.cert]),
        folder=tmp_path_factory.mktemp("keys"),
    )


def _put_on_token(identity: Identity, label: str, key_id: str, folder: Path) -> None:
    """The key with softhsm2-util (PKCS#8 PEM); the certificate through PKCS#11 itself, as a
    CA's enrolment software writes it next to the key."""
    pem = folder / f"{label}.pem"
    pem.write_bytes(identity.key_pkcs8_pem())
    subprocess.run(
        ["softhsm2-util", "--import", str(pem), "--token", TOKEN, "--label", label,
         "--id", key_id, "--pin", PIN],
        check=True, capture_output=True,
    )  # fmt: skip
    pem.unlink()


def _write_certificates(identities: dict[str, tuple[Identity, str]]) -> None:
    token = pkcs11.lib(SOFTHSM).get_token(token_label=TOKEN)
    with token.open(user_pin=PIN, rw=True) as session:
        for label, (identity, key_id) in identities.items():
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: bytes.fromhex(key_id),
                    Attribute.SUBJECT: identity.cert.subject.public_bytes(),
                    Attribute.VALUE: identity.cert_der(),
                }
            )


@pytest.fixture(scope="session")
def softhsm(pki, tmp_path_factory) -> dict[str, Pkcs11Key]:
    """A SoftHSM2 token holding the approver's and the agency's keys and certificates; its
    configuration and token folder are temporary (SOFTHSM2_CONF)."""
    if not (Path(SOFTHSM).exists() and shutil.which("softhsm2-util")):
        pytest.fail("SoftHSM2 is missing: apt-get install softhsm2 (scripts/system-packages.sh)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    pkcs11.unload(SOFTHSM)  # the library reads its configuration when it is loaded
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN,
         "--pin", PIN],
        check=True, capture_output=True,
    )  # fmt: skip
    _put_on_token(pki.approver, "approver", "01", folder)
    _put_on_token(pki.agency, "agency", "02", folder)
    _write_certificates({"approver": (pki.approver, "01"), "agency": (pki.agency, "02")})
    yield {
        name: Pkcs11Key(module=SOFTHSM, token_label=TOKEN, key_label=name, pin=PIN)
        for name in ("approver", "agency")
    }
    pkcs11.unload(SOFTHSM)
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous
