"""Digital signatures on a letter (DOMAIN §7.1; Decree 30/2020/NĐ-CP Art. 8 and Annex I
§II.7-8): PDF bytes in, signed PDF bytes out. First the approver's signature, a certification
signature that allows nothing but filling form fields afterwards, made together with the empty
field of the agency's signature; then the agency's signature in that field, its appearance the
seal image over the left third of the approver's (appearance.py). PAdES baseline B-B, or B-T
when a timestamp service is configured.

The two steps can be taken by different people at different times (`approver_signer`, then the
clerk's `agency_signer`), or together (`letter_signer`; `sign_letter` for one letter). Each
opens its keys and checks their certificates once, then signs any number of letters, and
closes the keys on leaving. Passphrases and PINs are never logged or stored (signing_config.py);
a PKCS#12 key lives in this process's memory only while its signer is open. Every refusal is a
SigningRefused with a message for the person signing (signing_checks.py). Call from synchronous
code (the task worker, a command): pyHanko runs its own event loop."""

import io
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from pkcs11 import PKCS11Error
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, Signer
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import StaticStampStyle

from .appearance import NotPrinted, PdfBytesPage, Placement, placement, seal_pdf, signature_pdf
from .number_fields import Slot, add_fields_to
from .signing_checks import SigningRefused, check_certificate
from .signing_config import Party, Trust, configured_trust
from .signing_keys import PadesAttributes, open_signer

SIGNER_FIELD = "ChuKyNguoiCoThamQuyen"  # the approver's signature (Annex I §II.7)
AGENCY_FIELD = "ChuKyCoQuan"  # the agency's signature with the seal image (Annex I §II.8)

__all__ = [
    "AGENCY_FIELD",
    "SIGNER_FIELD",
    "SigningRefused",
    "agency_signer",
    "approver_signer",
    "letter_signer",
    "open_signer",
    "sign_letter",
]


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


class ApproverSigner:
    """The approver's key, open and checked: certifies letters that print their name."""

    def __init__(self, party: Party, key: Signer, trust: Trust) -> None:
        self.party, self.key, self.trust = party, key, trust

    def _where(self, pdf: bytes, reader) -> Placement:
        try:
            return placement(pdf, reader, self.party.name)
        except NotPrinted:
            raise SigningRefused(
                _(
                    "The letter does not print the approver's name “%(name)s” in its "
                    "signature block; it was not signed."
                )
                % {"name": self.party.name}
            ) from None

    def sign(self, pdf: bytes, slots: Sequence[Slot] = ()) -> bytes:
        """`slots`: the number and date fields to add with the signature (layout.render_parts),
        for the clerk to fill after it (number_fields.py)."""
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        add_fields_to(writer, list(slots))
        where = self._where(pdf, writer.prev)
        # The agency's empty field goes in with the approver's signature, which certifies the
        # letter: filling that field is then the only change the certification allows.
        fields.append_signature_field(
            writer, fields.SigFieldSpec(AGENCY_FIELD, on_page=where.page, box=where.seal_box)
        )
        return _sign_once(
            writer,
            self.key,
            field=SIGNER_FIELD,
            new_field=fields.SigFieldSpec(
                SIGNER_FIELD, on_page=where.page, box=where.signature_box
            ),
            appearance=signature_pdf(self.party.name),
            name=self.party.name,
            certify=True,
            trust=self.trust,
        )


class AgencySigner:
    """The agency's key, open and checked: signs letters the approver has signed."""

    def __init__(self, party: Party, key: Signer, trust: Trust) -> None:
        self.party, self.key, self.trust = party, key, trust

    def sign(self, pdf: bytes, *, place: str = "") -> bytes:
        """`place` is printed along the bottom of the seal (e.g. "Tuyên Quang")."""
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        if [s.field_name for s in writer.prev.embedded_signatures] != [SIGNER_FIELD]:
            raise SigningRefused(
                _(
                    "The agency signs a letter after its approver, and only once: this file "
                    "is not a letter signed by its approver alone."
                )
            )
        return _sign_once(
            writer,
            self.key,
            field=AGENCY_FIELD,
            new_field=None,
            appearance=seal_pdf(self.party.name, place),
            name=self.party.name,
            certify=False,
            trust=self.trust,
        )


@contextmanager
def _checked(party: Party, trust: Trust | None, now, sessions: dict, *, agency: bool):
    trust = trust if trust is not None else configured_trust()
    with open_signer(party.key, sessions) as key:
        check_certificate(
            key.signing_cert, _chain(key), party.name, trust, now or timezone.now(), agency=agency
        )
        key.signed_attr_prov_spec = PadesAttributes(key.signing_cert)
        yield key, trust


@contextmanager
def approver_signer(
    party: Party, *, trust: Trust | None = None, now: datetime | None = None, _sessions=None
) -> Iterator[ApproverSigner]:
    """Opens the approver's key; refuses (SigningRefused) unless its certificate names the
    approver (`party.name`, as the letter prints it), is in force at `now`, chains to a trusted
    root and is not revoked."""
    with _checked(party, trust, now, {} if _sessions is None else _sessions, agency=False) as (
        key,
        trust,
    ):
        yield ApproverSigner(party, key, trust)


@contextmanager
def agency_signer(
    party: Party, *, trust: Trust | None = None, now: datetime | None = None, _sessions=None
) -> Iterator[AgencySigner]:
    """Opens the agency's key (the clerk's step); the same checks, the certificate naming the
    agency (`party.name`) in its CN or O."""
    with _checked(party, trust, now, {} if _sessions is None else _sessions, agency=True) as (
        key,
        trust,
    ):
        yield AgencySigner(party, key, trust)


class LetterSigner:
    """Both steps at once."""

    def __init__(self, approver: ApproverSigner, agency: AgencySigner) -> None:
        self.approver, self.agency = approver, agency

    def sign(self, pdf: bytes, *, place: str = "") -> bytes:
        return self.agency.sign(self.approver.sign(pdf), place=place)


@contextmanager
def letter_signer(
    signer: Party, agency: Party, *, trust: Trust | None = None, now: datetime | None = None
) -> Iterator[LetterSigner]:
    """Both keys open and checked (one login when both are on one token or HSM)."""
    sessions: dict = {}
    with ExitStack() as stack:
        person = stack.enter_context(
            approver_signer(signer, trust=trust, now=now, _sessions=sessions)
        )
        seal = stack.enter_context(agency_signer(agency, trust=trust, now=now, _sessions=sessions))
        yield LetterSigner(person, seal)


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
