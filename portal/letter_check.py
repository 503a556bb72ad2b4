"""The public verification page of issued letters (DOMAIN §7.1 point 4; issue #13 item 4).

/xac-thuc/ asks for the code printed beside the QR code; /xac-thuc/<code>/ shows what the
register says of that letter (number, date, agency, signer as printed, fingerprint, status) and
checks an uploaded copy against the register's. It shows nothing of the requester: the addressee
and the letter's body are never read here. An unknown code gets the same page as any other
wrong code, and every view is rate-limited (codes cannot be enumerated)."""

import hashlib

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_flow.letters.verification import verify_pdf
from requests_flow.models import Letter, LetterStatus
from requests_flow.upload_checks import ContentRefused, PasswordProtected, pdf_check

from .ratelimit import ratelimit


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=32)


class CopyForm(forms.Form):
    pdf = forms.FileField(label=_("PDF file of the letter"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.PORTAL_MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB."),
                params={"mb": settings.PORTAL_MAX_ATTACHMENT_BYTES // 2**20},
            )
        return upload.read()


def normalised(code: str) -> str:
    """As typed from paper: any case, with spaces or dashes between groups."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def issued_letter(code: str) -> Letter | None:
    """The issued letter with this code. A draft, or a letter signed but not yet numbered,
    already carries its code (printed for signature) but is in no register: unknown here."""
    return (
        Letter.objects.filter(
            verification_code=normalised(code),
            status=LetterStatus.ISSUED,
            rendered_at__isnull=False,  # a letter of before migration 0025 not yet drawn
        )
        .select_related("agency")
        .first()
    )


def superseded_by(letter: Letter) -> Letter | None:
    """A later letter of the same kind for the same request replaces this one (a corrected
    resolution slip, a second extension notice…): the earlier stays issued but is superseded."""
    return (
        Letter.objects.filter(
            request_id=letter.request_id, kind=letter.kind, status=LetterStatus.ISSUED
        )
        .filter(issued_at__gt=letter.issued_at)
        .order_by("issued_at", "id")
        .first()
    )


def register_entry(letter: Letter) -> dict:
    """What the page shows: only what is printed in the letter's head and signature block."""
    content = letter.content
    signer = content.get("signer", {})
    later = superseded_by(letter)
    return {
        "number": letter.number_text,
        "kind": letter.get_kind_display(),
        "issued_on": timezone.localdate(letter.issued_at),
        "agency": content.get("agency", letter.agency.name),
        "parent_agency": content.get("parent_agency", ""),
        "signer_authority": " ".join(
            part for part in (signer.get("prefix", ""), signer.get("authority", "")) if part
        ),
        "signer_title": signer.get("title", ""),
        "signer_name": signer.get("name", ""),
        "sha256": letter.sha256,
        "superseded_by": later.number_text if later else "",
    }


def differences(pdf: bytes, letter: Letter) -> list[str]:
    """What makes an uploaded copy differ from the register's; empty when it is the same."""
    if not pdf.startswith(b"%PDF-"):
        return [_("The file is not a PDF.")]
    found = []
    digest = hashlib.sha256(pdf).hexdigest()
    if digest != letter.sha256:
        found.append(
            _(
                "Its fingerprint (SHA-256) %(uploaded)s differs from the register's copy: "
                "the file is not the issued letter byte for byte."
            )
            % {"uploaded": digest}
        )
    # The checks every upload passes (object count, password, active content) before pyHanko
    # reads it: a file from anyone may be made to exhaust or exploit a parser.
    try:
        pdf_check(pdf)
    except PasswordProtected:
        return [*found, _("The file is locked with a password.")]
    except ContentRefused:
        return [*found, _("The file is damaged or contains active content: it cannot be read.")]
    return found + signature_problems(verify_pdf(pdf))


def signature_problems(check) -> list[str]:
    if not check.readable:
        return [_("The file is damaged: it cannot be read as a PDF.")]
    found = []
    for sig in check.signatures:
        who = sig.signer_name or sig.field
        if not (sig.intact and sig.valid):
            found.append(_("The digital signature of %(who)s is not valid.") % {"who": who})
        elif not sig.trusted:
            found.append(
                _("The certificate of %(who)s is not trusted or has been revoked.") % {"who": who}
            )
        if sig.modified_after:
            found.append(_("The file was modified after %(who)s signed it.") % {"who": who})
    return found


@ratelimit("letter-check", limit="PORTAL_LOOKUP_LIMIT", methods=("GET", "POST"))
def index(request):
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("portal:letter_check_code", code=normalised(form.cleaned_data["code"]))
    return render(request, "portal/letter_check.html", {"code_form": form})


@ratelimit("letter-check", limit="PORTAL_LOOKUP_LIMIT", methods=("GET", "POST"))
def code_page(request, code: str):
    letter = issued_letter(code)
    if letter is None:
        # The same page for a mistyped code and one that never existed: nothing to enumerate.
        return render(
            request,
            "portal/letter_check.html",
            {"code_form": CodeForm(initial={"code": code}), "unknown": True},
        )
    form = CopyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = {"problems": differences(form.cleaned_data["pdf"], letter)}
    return render(
        request,
        "portal/letter_check.html",
        {"entry": register_entry(letter), "copy_form": form, "result": result},
    )
