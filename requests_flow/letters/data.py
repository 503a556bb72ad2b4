"""What a letter says, as frozen values: the builders turn these into PDF bytes."""

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date

ANCHOR_PREFIX = "chu-ky-so-"


def holder_key(name: str) -> str:
    """Names compared as people read them: NFC (a name typed on a Mac arrives decomposed),
    case-insensitive (CAs often print CN in capitals: "NGUYỄN VĂN AN"), runs of blanks as one.
    Diacritics are kept: "Lê" and "Lễ" are different people."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def signature_anchor(signer_name: str) -> str:
    """The name of the PDF destination the renderer leaves at the signer's name: it says where
    the signature goes and, through a digest of the name, whose name is printed there."""
    digest = hashlib.sha256(holder_key(signer_name).encode()).hexdigest()[:16]
    return ANCHOR_PREFIX + digest


@dataclass(frozen=True, slots=True)
class Signer:
    prefix: str  # "", "TM.", "KT.", "Q.", "TL.", "TUQ."
    authority: str  # e.g. "GIÁM ĐỐC" (after the prefix)
    title: str  # e.g. "PHÓ GIÁM ĐỐC"
    name: str


@dataclass(frozen=True, slots=True)
class LetterData:
    parent_agency: str  # upper case, e.g. "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" ("" for none)
    agency: str  # upper case, e.g. "SỞ TƯ PHÁP"
    number_text: str  # "07/TB-STP"; "" until the clerk numbers it
    place: str  # "Tuyên Quang"
    issued_on: date | None  # None until the clerk issues it
    title: str  # "THÔNG BÁO"
    subject: str  # "Về việc từ chối cung cấp thông tin"
    addressee: str  # "Bà Nguyễn Thị Hoa"
    paragraphs: tuple[str, ...]
    signer: Signer
    recipients: tuple[str, ...] = field(default=("Như trên;",))
    archive: str = "Lưu: VT."
    # The public verification page and its short code, printed with a QR code at the foot of
    # page 1 (letters/qr.py); empty for documents that are not issued letters.
    verification_url: str = ""
    verification_code: str = ""
    symbol: str = ""  # "TB-STP": printed after the blank number of a draft
    # How it is drawn (set at rendering, not stored): DRAFT with the "DỰ THẢO" mark and blanks;
    # FOR_SIGNATURE with the number and date as empty fields (number_fields.py); FINAL as given.
    mode: str = "final"


DRAFT, FOR_SIGNATURE, FINAL = "draft", "for_signature", "final"
