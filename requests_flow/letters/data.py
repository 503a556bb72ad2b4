"""What a letter says, as frozen values: the builders turn these into PDF bytes."""

from dataclasses import dataclass, field
from datetime import date


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
    number_text: str  # "07/TB-STP"
    place: str  # "Tuyên Quang"
    issued_on: date
    title: str  # "THÔNG BÁO"
    subject: str  # "Về việc từ chối cung cấp thông tin"
    addressee: str  # "Bà Nguyễn Thị Hoa"
    paragraphs: tuple[str, ...]
    signer: Signer
    recipients: tuple[str, ...] = field(default=("Như trên;",))
    archive: str = "Lưu: VT."
