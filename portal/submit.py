"""Submitting a request online: the form, and the receipt page (Form 02 as a page)."""

import secrets

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from requests_flow import services
from requests_flow.choices import RequesterKind
from requests_flow.services.errors import show_service_error

from . import services as portal_services
from .forms import RequestForm
from .ratelimit import ratelimit
from .selectors import citizen_request, citizen_requests, provisional_deadlines

DATA_FIELDS = (
    "requester_name",
    "requester_address",
    "id_document_type",
    "id_number",
    "phone",
    "fax",
    "email",
    "requester_kind",
    "represented_person",
    "representative_capacity",
    "organisation_name",
    "information_requested",
    "provision_form",
    "copies",
    "reason_purpose",
    "conditional_information",
)


def request_data(cleaned: dict) -> services.RequestData:
    values = {name: cleaned.get(name) or "" for name in DATA_FIELDS}
    values["copies"] = cleaned.get("copies") or 1
    values["conditional_information"] = bool(cleaned.get("conditional_information"))
    if cleaned.get("requester_kind") == RequesterKind.ORGANISATION:
        values["members"] = cleaned.get("members", ())
    return services.RequestData(**values)


@login_required
@ratelimit("submit", limit="PORTAL_SUBMIT_LIMIT")
def submit(request):
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, _is_new = portal_services.request_submit_online(
                    token=data["token"],
                    agency=data["agency"],
                    data=request_data(data),
                    user=request.user,
                    files=data["attachments"],
                )
            except services.ServiceError as exc:
                # "members" and "members.N" are about the list typed (or uploaded) in members_text.
                members = {k: "members_text" for k in getattr(exc, "errors", {}) if "members" in k}
                show_service_error(form, exc, members)
            else:
                return redirect("portal:received", tracking_code=created.tracking_code)
    else:
        initial = {
            "token": secrets.token_urlsafe(24),
            "requester_name": request.user.full_name,
            "email": request.user.email,
        }
        if request.GET.get("agency"):
            initial["agency"] = request.GET["agency"]
        form = RequestForm(initial=initial)
    # A browser cannot be given a file back: after an error the person must choose them again,
    # and is told so by name instead of finding them silently gone (issue #15.7).
    files = request.FILES
    dropped = [f.name for name in ("attachments", "members_csv") for f in files.getlist(name)]
    return render(request, "portal/submit.html", {"form": form, "dropped_files": dropped})


@login_required
def received(request, tracking_code: str):
    info = citizen_request(citizen_requests(request.user), tracking_code=tracking_code)
    return render(
        request, "portal/received.html", {"info": info, "deadlines": provisional_deadlines(info)}
    )
