from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsFlowConfig(AppConfig):
    name = "requests_flow"
    verbose_name = _("Information requests")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (cache invalidation only; no domain work in signals)
        from .letters import fonts  # noqa: F401  (registers the letter-font system check)

        label_flow_nodes_by_title()


def label_flow_nodes_by_title() -> None:
    """viewflow 2.4 prints a flow node by its Python name ("Review") wherever a template shows
    {{ task.flow_task }} (the bulk-assign page, process pages); our nodes carry a translated
    title (.Annotation(title=...)), which viewflow itself defaults to that same name. Printing
    the title keeps English code names off Vietnamese pages."""
    from viewflow.workflow.base import Node

    Node.__str__ = lambda node: str(node.task_title)
