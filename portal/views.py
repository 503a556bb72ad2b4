from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from requests_flow.permissions import is_officer, only_supervises
from requests_flow.selectors import public_agencies


def home(request):
    """The public home page: the citizen's right in a few lines and the agencies that answer."""
    return render(request, "portal/home.html", {"agencies": public_agencies()})


@login_required
def after_login(request):
    """Officers land in the back office, citizens on their requests."""
    if only_supervises(request.user):
        return redirect("supervision:dashboard:index")
    if is_officer(request.user):
        return redirect("index")
    return redirect("portal:my_requests")
