from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class RequestProcess(Process):
    """The viewflow process that orchestrates the human tasks of one request. It never holds the
    request's state: that is InformationRequest.state, changed only by the services."""

    request = models.OneToOneField(
        "requests_flow.InformationRequest",
        verbose_name=_("information request"),
        on_delete=models.PROTECT,
        related_name="process",
        null=True,
    )

    class Meta:
        verbose_name = _("request process")
        verbose_name_plural = _("request processes")
        permissions = [
            ("intake_request", _("Can enter requests received at the office, by post or fax")),
            ("review_request", _("Can review the validity of requests")),
            ("assign_request", _("Can assign requests to focal officers")),
            ("handle_request", _("Can handle assigned requests")),
            ("approve_decision", _("Can approve and sign decisions")),
            ("supervise_requests", _("Can watch deadlines and statistics")),
        ]

    def __str__(self) -> str:
        return str(self.request) if self.request_id else super().__str__()
