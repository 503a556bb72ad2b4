"""The citizen's own requests: list, page, and the actions open to them now."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from requests_flow import limits, services, workflow
from requests_flow.choices import State
from requests_flow.services.citizen import citizen_actions_open
from requests_flow.services.errors import show_service_error
from requests_flow.uploads import UploadRejected, check_uploads

from . import services as portal_services
from .forms import MultipleFileField
from .selectors import citizen_request, citizen_requests


class SupplementForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer to what was asked"),
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=gettext_lazy("Files (PDF, JPEG or PNG)"), required=False)

    def clean_attachments(self):
        try:
            return check_uploads(self.cleaned_data.get("attachments") or [])
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from None


class WithdrawForm(forms.Form):
    # A form, not request.POST as such: Django's checks refuse a NUL character (which PostgreSQL
    # cannot store) with a message instead of a server error.
    reason = forms.CharField(required=False, max_length=limits.REASON_TEXT)


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What you ask or report"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


@login_required
def my_requests(request):
    return render(request, "portal/my_requests.html", {"requests": citizen_requests(request.user)})


def page_context(info, **extra) -> dict:
    return {
        "info": info,
        # Asked of the state machine, not rebuilt from the state here.
        "can_supplement": can_proceed(info.receive_supplement),
        "can_withdraw": can_proceed(info.withdraw),
        "statements": citizen_actions_open(info.state),
        "files_ready": info.state == State.PROVIDED,
        **extra,
    }


@login_required
def detail(request, tracking_code: str):
    info = citizen_request(citizen_requests(request.user), tracking_code=tracking_code)
    return render(
        request,
        "portal/request_detail.html",
        page_context(info, supplement_form=SupplementForm(), statement_form=StatementForm()),
    )


def _rerender(request, info, **forms_):
    context = page_context(info, supplement_form=SupplementForm(), statement_form=StatementForm())
    context.update(forms_)
    return render(request, "portal/request_detail.html", context)


@login_required
@require_POST
def supplement(request, tracking_code: str):
    info = citizen_request(citizen_requests(request.user), tracking_code=tracking_code)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            portal_services.request_supplement_online(
                request=info,
                user=request.user,
                answer=form.cleaned_data["answer"],
                files=form.cleaned_data["attachments"],
            )
        except services.ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("Thank you: your request goes back to the agency."))
            return redirect("portal:detail", tracking_code=tracking_code)
    return _rerender(request, info, supplement_form=form)


@login_required
@require_POST
def withdraw(request, tracking_code: str):
    info = citizen_request(citizen_requests(request.user), tracking_code=tracking_code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("portal:detail", tracking_code=tracking_code)
    try:
        workflow.withdraw(
            request=info, actor=request.user, reason=form.cleaned_data["reason"][:2000]
        )
    except services.ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("portal:detail", tracking_code=tracking_code)


@login_required
@require_POST
def statement(request, tracking_code: str, action: str):
    info = citizen_request(citizen_requests(request.user), tracking_code=tracking_code)
    if action not in dict(citizen_actions_open(info.state)):
        messages.error(request, _("This is not possible for this request now."))
        return redirect("portal:detail", tracking_code=tracking_code)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.request_record_citizen_event(
                request=info, actor=request.user, action=action, text=form.cleaned_data["text"]
            )
        except services.ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("Recorded. The agency has been told."))
            return redirect("portal:detail", tracking_code=tracking_code)
    return _rerender(request, info, statement_form=form, statement_action=action)
