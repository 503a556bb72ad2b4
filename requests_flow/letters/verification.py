"""What a PDF's signatures say, for the public verification page (/xac-thuc/, issue #13 item
4) and the archive: who signed, whether each signature is valid and trusted (pyHanko's validator
against the configured roots and CRLs), whether the document was changed after it was signed,
and the file's SHA-256 (compared with the register's copy by the caller)."""

import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

from .signing_checks import certificate_names, validation_context
from .signing_config import Trust, configured_trust

logger = logging.getLogger(__name__)

# What may follow a signature without changing the letter: further signatures (the agency's
# after the approver's: form filling in PDF terms) and validation data or timestamps (LTA).
ALLOWED_AFTER = {
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
}


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer_name: str  # the certificate's common name
    signed_at: datetime | None  # the timestamp's time, else the time the signer's software wrote
    intact: bool  # the bytes the signature covers are the bytes that were signed
    valid: bool  # the cryptographic signature is correct for the certificate
    trusted: bool  # the certificate chains to a configured root and is not revoked
    modified_after: bool  # the document was changed after this signature (beyond signatures)

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified_after


@dataclass(frozen=True)
class Verification:
    sha256: str
    signatures: tuple[SignatureCheck, ...]
    readable: bool = True  # False: not a PDF pyHanko can read (damaged or not a PDF)

    @property
    def ok(self) -> bool:
        """Readable, signed, and every signature valid, trusted and unmodified."""
        return self.readable and bool(self.signatures) and all(s.ok for s in self.signatures)


def _modified(status) -> bool:
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        return True
    return status.docmdp_ok is False or status.modification_level not in ALLOWED_AFTER


def _check(embedded, trust: Trust) -> SignatureCheck:
    status = validate_pdf_signature(embedded, signer_validation_context=validation_context(trust))
    names = certificate_names(status.signing_cert)
    ts = status.timestamp_validity
    return SignatureCheck(
        field=embedded.field_name,
        signer_name=names[0] if names else "",
        signed_at=ts.timestamp if ts else status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted and status.revocation_details is None,
        modified_after=_modified(status),
    )


def verify_pdf(pdf: bytes, trust: Trust | None = None) -> Verification:
    """Never raises for bad input: an upload from anyone may be anything."""
    trust = trust if trust is not None else configured_trust()
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        checks = tuple(_check(embedded, trust) for embedded in reader.embedded_signatures)
    except Exception:  # a damaged or hostile file: reported as unreadable, not a server error
        logger.info("verify_pdf: unreadable PDF %s", digest[:16], exc_info=True)
        return Verification(sha256=digest, signatures=(), readable=False)
    return Verification(sha256=digest, signatures=checks)
