from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification


@login_required
def centre(request):
    """The person's notifications, newest first: what a dropped push never loses."""
    mine = Notification.objects.filter(recipient=request.user).select_related("request")
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {"page_obj": page, "unread": mine.filter(read_at__isnull=True).count()},
    )


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    # Back to the list it was sent from (the portal's, or the back office's), never elsewhere.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("notifications:centre")
