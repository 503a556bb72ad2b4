from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsFlowConfig(AppConfig):
    name = "requests_flow"
    verbose_name = _("Information requests")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (cache invalidation only; no domain work in signals)
