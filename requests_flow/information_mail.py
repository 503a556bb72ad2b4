"""The provided information by e-mail (provision form "e-mail attachment", Law 104 Art. 30(2)):
the cover letter and the files attached when they fit under TIEPCAN_EMAIL_FILES_MAX_MB, or else
the download page, which needs the requester's sign-in or a one-time access code."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .choices import ProvisionForm
from .models import InformationRequest, Letter


def sent_by_email(request: InformationRequest) -> bool:
    return request.provision_form == ProvisionForm.EMAIL and bool(request.email)


def files_limit_bytes() -> int:
    return settings.TIEPCAN_EMAIL_FILES_MAX_MB * 1024 * 1024


def files_size(request: InformationRequest) -> int:
    """Total size of the provided files, from the storage (the rows keep no size)."""
    return sum(row.file.size for row in request.files.all())


def files_fit(request: InformationRequest) -> bool:
    return files_size(request) <= files_limit_bytes()


def _language(request: InformationRequest) -> str:
    # The requester's own language when they have an account; Vietnamese otherwise.
    user = request.requester_user
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _page_link(request: InformationRequest) -> str:
    if request.requester_user_id:
        path = reverse("portal:detail", args=[request.tracking_code])
    else:
        path = reverse("portal:access_code")
    return settings.TIEPCAN_PUBLIC_URL + path


def _body(request: InformationRequest, attached: bool, names: list[str]) -> str:
    lines = [
        _("Dear %(name)s,") % {"name": request.requester_name},
        "",
        _("%(agency)s provides the information you asked for in request %(number)s.")
        % {"agency": request.agency.name, "number": request.register_number},
    ]
    if attached:
        lines += ["", _("Attached:")] + [f"- {name}" for name in names]
    else:
        lines += [
            "",
            _(
                "The files are larger than %(size)s MB and cannot travel by e-mail. "
                "Download them from the page below (sign in, or use the one-time access code "
                "the agency gives you)."
            )
            % {"size": settings.TIEPCAN_EMAIL_FILES_MAX_MB},
        ]
    lines += ["", _("Open: %(link)s") % {"link": _page_link(request)}, "", "Tiếp Cận"]
    return "\n".join(lines)


def information_email(request: InformationRequest, letter: Letter) -> EmailMultiAlternatives:
    """The message: the cover letter always attached (it is the agency's written answer); the
    files when they fit, else the way to download them."""
    attached = files_fit(request)
    rows = list(request.files.all()) if attached else []
    with translation.override(_language(request)):
        body = _body(request, attached, [letter.number_text] + [row.name for row in rows])
        message = EmailMultiAlternatives(
            subject=_("Request %(number)s: the information you asked for")
            % {"number": request.register_number},
            body=body,
            to=[request.email],
            headers={"Message-ID": f"<information.{request.pk}.{letter.pk}@{_domain()}>"},
        )
        # The same text as HTML, its link clickable (urlize escapes the rest).
        html = format_html(
            '<html><body style="font-family: Arial, sans-serif">{}</body></html>',
            linebreaks_filter(urlize(body, autoescape=True)),
        )
        message.attach_alternative(html, "text/html")
    with letter.file.open("rb") as handle:
        message.attach(
            f"{letter.number_text.replace('/', '-')}.pdf", handle.read(), "application/pdf"
        )
    for row in rows:
        with row.file.open("rb") as handle:
            message.attach(row.name, handle.read())
    return message


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
