"""What is checked before a letter is signed, each refusal a sentence the signer can act on:
the certificate names the person (or agency) who signs, it is in force today, it chains to a
configured trust root, and no CRL revokes it. A signature made with a certificate that fails any
of these would not make the letter an official electronic document (DOMAIN §7.1)."""

import asyncio
from datetime import datetime

from asn1crypto import x509
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
    ValidationError,
)

from requests_flow.services.errors import ServiceError

from .data import holder_key
from .signing_config import Trust


class SigningRefused(ServiceError):
    """The letter was not signed; `message` says why, for the person signing."""


def certificate_names(cert: x509.Certificate) -> list[str]:
    """The subject's common name(s), and for an agency its organisation name."""
    subject = cert.subject.native
    names = []
    for key in ("common_name", "organization_name"):
        value = subject.get(key)
        names += value if isinstance(value, list) else [value] if value else []
    return names


def check_holder(cert: x509.Certificate, expected: str, *, agency: bool = False) -> None:
    """The person who approved the letter is the one whose certificate signs it (DOMAIN §7.1:
    the signer printed is the approver); for the agency's signature, the certificate names the
    agency (CN or O)."""
    names = certificate_names(cert)
    candidates = names if agency else names[:1]
    if holder_key(expected) in {holder_key(n) for n in candidates}:
        return
    holder = names[0] if names else "?"
    if agency:
        message = _(
            "The agency certificate belongs to “%(holder)s”, not to “%(expected)s”; the letter "
            "was not signed."
        )
    else:
        message = _(
            "The signing certificate belongs to “%(holder)s”, not to the approver "
            "“%(expected)s”; the letter was not signed."
        )
    raise SigningRefused(message % {"holder": holder, "expected": expected})


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def check_in_force(cert: x509.Certificate, holder: str, now: datetime) -> None:
    """Checked on its own, before path validation, so the message names the dates."""
    valid = cert["tbs_certificate"]["validity"]
    start, end = valid["not_before"].native, valid["not_after"].native
    if now > end:
        raise SigningRefused(
            _(
                "The certificate of “%(holder)s” expired on %(date)s; renew it with the "
                "certification authority before signing."
            )
            % {"holder": holder, "date": _day(end)}
        )
    if now < start:
        raise SigningRefused(
            _("The certificate of “%(holder)s” is valid only from %(date)s.")
            % {"holder": holder, "date": _day(start)}
        )


def validation_context(trust: Trust, moment: datetime | None = None) -> ValidationContext:
    """Soft-fail: a CRL that says "revoked" is always obeyed (for a certificate naming a CRL
    distribution point, as CA-issued ones do); a certificate whose CRL we were not given and
    may not fetch is not refused for that alone (hard-fail would refuse every certificate on a
    server without the network)."""
    return ValidationContext(
        trust_roots=list(trust.roots),
        crls=list(trust.crls),
        allow_fetching=trust.fetch_revocation,
        revocation_mode="soft-fail",
        moment=moment,
    )


def check_chain(cert: x509.Certificate, others, holder: str, trust: Trust, now) -> None:
    """The certificate chains to a configured root and is not revoked."""
    if not trust.roots:
        raise SigningRefused(
            _(
                "No trusted certification authority is configured "
                "(TIEPCAN_SIGNING_TRUST_ROOTS); letters cannot be signed."
            )
        )
    validator = CertificateValidator(
        cert, intermediate_certs=list(others), validation_context=validation_context(trust, now)
    )
    try:
        asyncio.run(validator.async_validate_usage({"non_repudiation"}))
    except RevokedError as error:
        raise SigningRefused(
            _("The certificate of “%(holder)s” was revoked on %(date)s; it cannot sign.")
            % {"holder": holder, "date": _day(error.revocation_dt)}
        ) from None
    except (ExpiredError, NotYetValidError):
        check_in_force(cert, holder, now)
        raise
    except PathBuildingError:
        raise SigningRefused(
            _(
                "The certificate of “%(holder)s” was not issued by a trusted certification "
                "authority."
            )
            % {"holder": holder}
        ) from None
    except (PathValidationError, ValidationError) as error:
        raise SigningRefused(
            _("The certificate of “%(holder)s” cannot be used to sign (%(reason)s).")
            % {"holder": holder, "reason": error}
        ) from None


def check_certificate(cert, others, expected: str, trust: Trust, now, *, agency: bool) -> None:
    check_holder(cert, expected, agency=agency)
    check_in_force(cert, expected, now)
    check_chain(cert, others, expected, trust, now)
