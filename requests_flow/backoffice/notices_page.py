"""The person's notifications inside the back office (issue #15): its "Notifications" link opened
the portal's page, without the back office's menu, and some items were not links. Same rows as
the portal's page (notifications.views.centre); each item links to its request as of now."""

from django.core.paginator import Paginator
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import Application

from notifications.models import Notification

from ..notices import target
from ..permissions import is_officer


class NoticesView(TemplateView):
    template_name = "backoffice/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = Notification.objects.filter(recipient=self.request.user).select_related(
            "request__process"
        )
        page = Paginator(mine, 50).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            items=[(n, target(n)) for n in page],
            unread=mine.filter(read_at__isnull=True).count(),
        )
        return context


class NoticesApplication(Application):
    """The menu entry and page; officers only, as the rest of the back office."""

    title = _("Notifications")
    icon = "notifications"
    app_name = "notices"
    base_template_name = "backoffice/base_page.html"
    menu_template_name = None  # one page, no sub-menu
    index_path = path("", NoticesView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return is_officer(user)
