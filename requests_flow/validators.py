"""Shape checks for identity document numbers (DOMAIN §2). Shape only: we cannot verify identity."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import IdDocumentType

# [0-9], not \d: \d also matches Arabic-Indic, full-width or Devanagari digits, which no
# Vietnamese document carries (and which would never match the last four digits at lookup).
_PATTERNS = {
    # 12-digit citizen identity card (CCCD; also the new "thẻ căn cước").
    IdDocumentType.CCCD: re.compile(r"[0-9]{12}"),
    # The old identity card had 9 digits, its last version 12.
    IdDocumentType.CMND: re.compile(r"[0-9]{9}|[0-9]{12}"),
    # Vietnamese passports are one letter and 7 digits; foreign ones vary: 6-9 letters or digits.
    IdDocumentType.PASSPORT: re.compile(r"[A-Z0-9]{6,9}"),
}


def normalise_id_number(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def validate_id_number(doc_type: str, number: str) -> str:
    """Return the normalised number or raise ValidationError with a Vietnamese message."""
    value = normalise_id_number(number)
    if not value:
        raise ValidationError(_("Enter the number of the identity document."), code="required")
    pattern = _PATTERNS.get(doc_type)
    if pattern is None:
        raise ValidationError(_("Choose the type of identity document."), code="doc_type")
    if not pattern.fullmatch(value):
        messages = {
            IdDocumentType.CCCD: _("A citizen identity card number has exactly 12 digits."),
            IdDocumentType.CMND: _("An old identity card number has 9 or 12 digits."),
            IdDocumentType.PASSPORT: _("A passport number has 6 to 9 letters or digits."),
        }
        raise ValidationError(messages[doc_type], code="id_shape")
    return value


def mask_id_number(number: str) -> str:
    """Show only the last two characters: the last four are the portal's lookup secret."""
    value = normalise_id_number(number)
    if len(value) <= 2:
        return "•" * len(value)
    return "•" * (len(value) - 2) + value[-2:]
