from django.shortcuts import render

from requests_flow.selectors import public_agencies


def home(request):
    """The public home page: the citizen's right in a few lines and the agencies that answer."""
    return render(request, "portal/home.html", {"agencies": public_agencies()})
