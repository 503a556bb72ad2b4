"""How long typed text may be (DOMAIN §2), checked by the forms and again by the services before
any work is done, and declared on the models as validators (not as a TextField's max_length:
that would make SQLite's migration rebuild the tables, and with them drop the audit table's
append-only trigger; the database column stays unbounded text).

A request names a document or record "as precisely as possible" (Law Art. 24(2)): 4,000
characters is about two typed A4 pages of Form 01a, far more than any precise request needs,
and keeps a single submission from holding a worker for seconds while its letters are drawn
(outside test, #17.2: 1 MB in one field stopped a SQLite site). A longer text can be attached
as a file.
"""

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

REQUEST_TEXT = 4000  # the information requested
REASON_TEXT = 2000  # reason and purpose (of the request, or of one member)
OFFICER_TEXT = 4000  # what officers and leaders type: reasons, summaries, notes, comments
MEMBERS_TEXT = 20000  # an organisation's list of members typed as lines

REQUEST_FIELDS = {
    "information_requested": REQUEST_TEXT,
    "reason_purpose": REASON_TEXT,
}


def max_length(limit: int) -> list[MaxLengthValidator]:
    """The model field's validators for a text of at most `limit` characters."""
    return [MaxLengthValidator(limit)]


def too_long(text: str, limit: int) -> str | None:
    """The message for a text over its limit, or None."""
    if len(text or "") <= limit:
        return None
    return _(
        "At most %(max)s characters (this has %(n)s): shorten it, or attach the details as a file."
    ) % {"max": f"{limit:,}".replace(",", "."), "n": f"{len(text):,}".replace(",", ".")}
