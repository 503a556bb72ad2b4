from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
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
    return redirect("notifications:centre")
