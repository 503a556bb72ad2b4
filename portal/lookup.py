"""Looking a request up without an account: the tracking code and the last four digits of the
identity number. Rate-limited; shows only that request, and nothing of its personal data."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests_flow.models import InformationRequest
from requests_flow.validators import normalise_id_number

from .downloads import remember_lookup
from .ratelimit import ratelimit
from .selectors import citizen_request


class LookupForm(forms.Form):
    tracking_code = forms.CharField(label=gettext_lazy("Tracking code"), max_length=16)
    id_last4 = forms.CharField(
        label=gettext_lazy("Last four characters of your identity document number"),
        min_length=4,
        max_length=4,
    )


@ratelimit("lookup", limit="PORTAL_LOOKUP_LIMIT")
def lookup(request):
    form = LookupForm(request.POST or None)
    info = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["tracking_code"].strip().upper()
        last4 = normalise_id_number(form.cleaned_data["id_last4"])
        # An anonymised request is not found at all: its erased number normalised to "" and
        # matched "----" (outside test, #17.11). Four real characters are needed on both sides.
        candidate = InformationRequest.objects.filter(
            tracking_code=code, anonymised_at__isnull=True
        ).first()
        stored = normalise_id_number(candidate.id_number)[-4:] if candidate else ""
        # The same answer whether the code or the digits are wrong: nothing to guess from.
        if len(last4) == 4 and stored == last4:
            info = citizen_request(InformationRequest.objects.all(), pk=candidate.pk)
            remember_lookup(request.session, info)  # its letters' links work (issue #15.6)
        else:
            form.add_error(None, _("No request matches this tracking code and these digits."))
    return render(request, "portal/lookup.html", {"form": form, "info": info})
