"""One gate for every back-office URL that names a process or a task (Zulip style: one access
check per object kind, used everywhere). An officer of another agency gets 404, as if the request
did not exist; a task someone else just completed gives a clear message instead of a 403."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from viewflow.middleware import SiteMiddleware
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from ..permissions import processes_visible_to


def visible_process(user, process_pk) -> bool:
    return processes_visible_to(user).filter(pk=process_pk).exists()


def task_matches_url(request, process_pk, task_pk) -> bool:
    """The URL's task is of the URL's process and of the URL's node. viewflow loads a task by its
    pk alone and checks the permission of the URL's node, not the task's: without this, another
    agency's task under one's own process id could be taken and read (outside test, #17.1)."""
    match = request.resolver_match
    node_name = match.namespaces[-1] if match and len(match.namespaces) > 1 else None
    task = Task.objects.filter(pk=task_pk, process_id=process_pk).only("flow_task").first()
    return task is not None and node_name is not None and task.flow_task.name == node_name


def finished_task_redirect(request, process_pk, task_pk):
    """A clear message instead of a 403 when the task moved on under the officer's feet."""
    task = Task.objects.filter(pk=task_pk, process_id=process_pk).select_related("owner").first()
    if task is None:
        return None
    who = task.owner.display_name if task.owner else _("another user")
    if task.status == STATUS.CANCELED:
        text = _("This task was cancelled: the request was closed or withdrawn.")
    elif task.status == STATUS.DONE:
        text = _("This task was just completed by %(who)s; nothing was changed by your action.")
    elif task.owner_id and task.owner_id != request.user.pk:
        text = _("This task was just taken by %(who)s.")
    else:
        return None
    messages.warning(request, text % {"who": who})
    return redirect(task.flow_task.flow_class.instance.reverse("process_detail", args=[process_pk]))


def scoped_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        process_pk, task_pk = kwargs.get("process_pk"), kwargs.get("task_pk")
        if process_pk is not None and not visible_process(request.user, process_pk):
            raise Http404
        if task_pk is not None and not task_matches_url(request, process_pk, task_pk):
            raise Http404  # a foreign or mismatched task: as if it did not exist
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            response = task_pk and finished_task_redirect(request, process_pk, task_pk)
            if response:
                return response
            raise

    return wrapper


def scope_patterns(patterns: list) -> list:
    """Wrap every view below `patterns` with scoped_view (in place), and return them."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            scope_patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = scoped_view(entry.callback)
    return patterns


class BackofficeSiteMiddleware(SiteMiddleware):
    """viewflow's site middleware answers anonymous users with 403; send them to sign in."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        extra = getattr(getattr(request.resolver_match, "url_name", None), "extra", {})
        if extra.get("site") and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().process_view(request, callback, callback_args, callback_kwargs)
