"""Files leave only through these views, never from a public media path; who may open which file
is requests_flow.permissions.may_open_file (one rule), and every opening is in the access log."""

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AccessEvent
from audit.services import access_record, remember_code_grant
from requests_flow import services
from requests_flow.models import Letter, LetterStatus, RequestAttachment, ResponseFile
from requests_flow.permissions import may_open_file

from .ratelimit import ratelimit
from .selectors import citizen_request

SESSION_KEY = "tiepcan_code_grants"
LOOKUP_KEY = "tiepcan_lookup_grants"  # requests found on /tra-cuu/ in this session


def remember_lookup(session, info) -> None:
    session[LOOKUP_KEY] = sorted({*session.get(LOOKUP_KEY, []), info.pk})


def _may_open(request, info, kind: str) -> bool:
    session = request.session
    return may_open_file(
        request.user, info, kind, session.get(SESSION_KEY, []), session.get(LOOKUP_KEY, [])
    )


def _send(http_request, row, name: str, kind: str):
    """The file, once its download is in the access log."""
    access_record(
        http_request,
        action=AccessEvent.Action.DOWNLOAD,
        object_kind=kind,
        object_id=row.pk,
        info_request=row.request,
    )
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def provided_file(request, file_id: int):
    row = get_object_or_404(ResponseFile.objects.select_related("request"), pk=file_id)
    if not _may_open(request, row.request, "response_file"):
        raise Http404
    return _send(request, row, row.name, "response_file")


def attachment(request, attachment_id: int):
    row = get_object_or_404(RequestAttachment.objects.select_related("request"), pk=attachment_id)
    if not _may_open(request, row.request, "attachment") or not row.file:
        raise Http404  # no file: erased after the retention period
    return _send(request, row, row.name, "attachment")


def letter(request, letter_id: int):
    """An issued letter with its file, and nothing else: a draft, or a letter waiting for its
    signature or number, is the agency's working paper (DOMAIN §7.1), never the requester's,
    whoever asks for it here (showing drafts to the agency is the back office's business)."""
    issued = Letter.objects.filter(status=LetterStatus.ISSUED).select_related("request")
    row = get_object_or_404(issued, pk=letter_id)
    if not _may_open(request, row.request, "letter") or not row.file:
        raise Http404
    return _send(request, row, f"{row.number_text.replace('/', '-')}.pdf", "letter")


class AccessCodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("One-time access code"), max_length=20)


@ratelimit("access_code", limit="PORTAL_LOOKUP_LIMIT")
def access_code(request):
    form = AccessCodeForm(request.POST or None)
    info = None
    if request.method == "POST" and form.is_valid():
        code = services.access_code_use(form.cleaned_data["code"])
        if code is None:
            form.add_error("code", _("This code is unknown, already used or expired."))
        else:
            opened = code.request
            grants = request.session.get(SESSION_KEY, [])
            request.session[SESSION_KEY] = [*grants, opened.pk]
            remember_code_grant(request, opened, code.pk)
            info = citizen_request(type(opened).objects.all(), pk=opened.pk)
            access_record(
                request,
                action=AccessEvent.Action.VIEW,
                object_kind="request",
                object_id=opened.pk,
                info_request=opened,
            )
    return render(request, "portal/access_code.html", {"form": form, "info": info})
