"""The back-office page of one outgoing letter (DOMAIN §7.1): its step, who drafted, approved,
signed and issued it, and the form of each step the person may take now: edit the draft, approve
it, sign it (digitally with their certificate, or on the printed copy), and for the clerk: issue
it digitally, or give the paper its number and then upload its scan. Each form calls one service;
a service's refusal is shown on the form, with what was typed kept.

Who: staff of the letter's agency (requests_flow.permissions.is_officer_of); anyone else gets 404,
as if the letter did not exist. The requester never sees a draft: they get the issued letter on
the portal. The page and the PDFs show the requester's name: each opening is in the access log."""

import re
from dataclasses import dataclass, replace

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from audit.models import AccessEvent
from audit.services import access_record

from .. import services
from ..choices import Role
from ..letters.data import DRAFT
from ..letters.layout import render
from ..models import Letter, LetterStatus, Signing
from ..permissions import agency_roles, is_officer_of
from ..services.errors import show_service_error
from ..services.letter_issue import approver_key
from ..services.letter_life import EDITORS
from ..tasks import letter_data_from
from .letter_selectors import approval_tasks, in_approval

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class EditForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Body of the letter"),
        help_text=gettext_lazy("Leave one blank line between two paragraphs."),
        required=False,  # an empty body gets the service's message
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18, "class": "tc-letter-body"}),
    )

    def paragraphs(self) -> list[str]:
        return PARAGRAPH_BREAK.split(self.cleaned_data["body"].replace("\r\n", "\n"))


class ConfirmForm(forms.Form):
    """A step with nothing to type: the button is the decision."""


class NumberForm(forms.Form):
    external_number = forms.CharField(
        label=gettext_lazy("Number in the agency's own register (optional)"),
        help_text=gettext_lazy(
            "Leave it empty to give the next number of this year's outgoing register."
        ),
        required=False,
        max_length=50,
    )


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=gettext_lazy("Scan of the signed, numbered and sealed letter (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


@dataclass(frozen=True)
class Step:
    form_class: type[forms.Form]
    button: str
    done: str


STEPS = {
    "edit": Step(EditForm, gettext_lazy("Save the draft"), gettext_lazy("Draft saved.")),
    "approve": Step(
        ConfirmForm,
        gettext_lazy("Approve this letter"),
        gettext_lazy("Letter approved: you are its signer."),
    ),
    "sign_digital": Step(
        ConfirmForm,
        gettext_lazy("Sign with my digital certificate"),
        gettext_lazy("Letter signed digitally: it goes to the clerk."),
    ),
    "sign_paper": Step(
        ConfirmForm,
        gettext_lazy("I signed the printed copy"),
        gettext_lazy("Signature on paper recorded: the clerk numbers, seals and scans it."),
    ),
    "issue_digital": Step(
        NumberForm,
        gettext_lazy("Number and issue with the agency's signature"),
        gettext_lazy("Letter issued."),
    ),
    "register_paper": Step(
        NumberForm,
        gettext_lazy("Give the number"),
        gettext_lazy("Number given: write it and the date on the signed paper, seal and scan it."),
    ),
    "scan": Step(
        ScanForm, gettext_lazy("Upload the scan and issue"), gettext_lazy("Letter issued.")
    ),
}


def perform(step: str, letter: Letter, user, form) -> Letter:
    """Call the service of `step`; its errors go back to the form."""
    data = form.cleaned_data
    if step == "edit":
        return services.letter_edit(letter=letter, actor=user, paragraphs=form.paragraphs())
    if step == "approve":
        return services.letter_approve(letter=letter, actor=user)
    if step == "sign_digital":
        return services.letter_sign_digital(letter=letter, actor=user)
    if step == "sign_paper":
        return services.letter_sign_paper(letter=letter, actor=user)
    if step == "issue_digital":
        number = data["external_number"]
        return services.letter_issue_digital(letter=letter, actor=user, external_number=number)
    if step == "register_paper":
        number = data["external_number"]
        return services.letter_register_paper(letter=letter, actor=user, external_number=number)
    return services.letter_attach_scan(letter=letter, actor=user, scan=data["scan"])


def offered(user, letter: Letter) -> list[str]:
    """The steps the page offers the user now (the services decide again when they act)."""
    roles, status = agency_roles(user, letter.agency_id), letter.status
    steps = []
    if status == LetterStatus.DRAFT:
        if roles & EDITORS:
            steps.append("edit")
        if not in_approval(letter) and services.may_approve(user, letter):
            steps.append("approve")
    elif status == LetterStatus.APPROVED and letter.approved_by_id == user.pk:
        if approver_key(user) is not None:
            steps.append("sign_digital")
        steps.append("sign_paper")
    elif Role.CLERK in roles and status == LetterStatus.SIGNED:
        steps.append("issue_digital" if letter.signing == Signing.DIGITAL else "register_paper")
    elif Role.CLERK in roles and status == LetterStatus.NUMBERED:
        steps.append("scan")
    return steps


def letter_for(user, letter_id: int) -> Letter:
    """The letter for a member of its agency's staff, else 404 (never says it exists)."""
    letter = (
        Letter.objects.select_related(
            "request__process", "agency", "drafted_by", "approved_by", "issued_by"
        )
        .filter(pk=letter_id)
        .first()
    )
    if letter is None or not is_officer_of(user, letter.agency_id):
        raise Http404
    return letter


def initial_for(step: str, letter: Letter) -> dict:
    if step == "edit":
        return {"body": "\n\n".join(letter.content.get("paragraphs", []))}
    return {}


class LetterView(TemplateView):
    template_name = "backoffice/letter.html"

    def dispatch(self, request, *args, letter_id: int, **kwargs):
        self.letter = letter_for(request.user, letter_id)
        return super().dispatch(request, *args, **kwargs)

    def forms_for(self, bound: tuple[str, forms.Form] | None = None) -> tuple[list, list]:
        """The forms of the steps offered (the one posted, bound, with its errors), and the
        errors of a posted step the page does not offer (someone acted first, or a forged post)."""
        found, steps = [], offered(self.request.user, self.letter)
        for step in steps:
            form = STEPS[step].form_class(prefix=step, initial=initial_for(step, self.letter))
            if bound and bound[0] == step:
                form = bound[1]
            found.append({"step": step, "form": form, "button": STEPS[step].button})
        stray = []
        if bound and bound[0] not in steps:
            stray = [error for errors in bound[1].errors.values() for error in errors]
        return found, stray

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        letter, user = self.letter, self.request.user
        access_record(
            self.request,
            action=AccessEvent.Action.VIEW,
            object_kind="letter",
            object_id=letter.pk,
            info_request=letter.request,
        )
        process = getattr(letter.request, "process", None)
        waiting_task = ""
        steps, stray_errors = self.forms_for(bound)
        if in_approval(letter) and services.may_approve(user, letter):
            waiting_task = approval_tasks([letter]).get(letter.request_id, "")
        context.update(
            letter=letter,
            info_request=letter.request,
            request_url=reverse("informationrequest:process_detail", args=[process.pk])
            if process
            else "",
            # Read-only when the page has no edit form (the form holds the body otherwise).
            paragraphs=[]
            if any(s["step"] == "edit" for s in steps)
            else letter.content.get("paragraphs", []),
            steps=steps,
            stray_errors=stray_errors,
            in_approval=in_approval(letter),
            approval_task_url=waiting_task,
            signer_without_key=letter.status == LetterStatus.APPROVED
            and letter.approved_by_id == user.pk
            and approver_key(user) is None,
            may_preview=letter.status != LetterStatus.ISSUED,
            may_print=letter.status
            in (LetterStatus.APPROVED, LetterStatus.SIGNED, LetterStatus.NUMBERED),
        )
        return context

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step", "")
        if step not in STEPS:
            messages.error(request, _("Choose one of the actions on this page."))
            return self.render_to_response(self.get_context_data())
        form = STEPS[step].form_class(request.POST, request.FILES, prefix=step)
        if form.is_valid():
            try:
                perform(step, self.letter, request.user, form)
            except services.ServiceError as exc:
                show_service_error(form, exc)
            else:
                messages.success(request, STEPS[step].done)
                return redirect("letters:letter", letter_id=self.letter.pk)
        return self.render_to_response(self.get_context_data(bound=(step, form)))


class LetterPdfView(View):
    """The letter as a PDF for its agency's staff: `kind` "draft" (drawn now with the "DỰ THẢO"
    mark and blanks, before it is issued), "printable" (as it is signed on paper, once approved)
    or "file" (the signed or issued file)."""

    kind = "draft"

    def get(self, request, letter_id: int):
        letter = letter_for(request.user, letter_id)
        content, name = self.pdf(letter)
        access_record(
            request,
            action=AccessEvent.Action.DOWNLOAD,
            object_kind=f"letter_{self.kind}",
            object_id=letter.pk,
            info_request=letter.request,
        )
        response = HttpResponse(content, content_type="application/pdf")
        inline = self.kind == "draft"  # a preview opens in the browser
        response["Content-Disposition"] = content_disposition_header(not inline, name)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def pdf(self, letter: Letter) -> tuple[bytes, str]:
        stem = f"{letter.kind}-{letter.pk}"
        if self.kind == "draft" and letter.status != LetterStatus.ISSUED:
            data = replace(letter_data_from(letter.content), mode=DRAFT)
            return render(data), f"du-thao-{stem}.pdf"
        printing = (LetterStatus.APPROVED, LetterStatus.SIGNED, LetterStatus.NUMBERED)
        if self.kind == "printable" and letter.status in printing:
            return services.letter_printable(letter), f"ban-in-de-ky-{stem}.pdf"
        if self.kind == "file" and letter.file:
            with letter.file.open("rb") as stored:
                number = letter.number_text.replace("/", "-") or stem
                return stored.read(), f"{number}.pdf"
        raise Http404
