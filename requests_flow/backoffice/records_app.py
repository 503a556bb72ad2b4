"""The back-office menu entry "Register and report": the request register (Decree 13 Art. 10),
the outgoing register (Decree 30 Art. 15) beside it, and the Decree 13 Art. 12 report.

Its own module because it joins two view modules (register_views, outgoing_views), the second of
which reuses the first's helpers."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application
from viewflow.utils import Icon

from .outgoing_views import OutgoingRegisterViewset
from .register_views import RegisterViewset, ReportViewset, may_read


class RegisterApplication(Application):
    """The back-office menu entry of the registers and the report."""

    title = _("Register and report")
    icon = Icon("menu_book")
    app_name = "records"
    base_template_name = "backoffice/base_page.html"
    viewsets = [RegisterViewset(), OutgoingRegisterViewset(), ReportViewset()]

    def has_view_permission(self, user, obj=None):
        return may_read(user)
