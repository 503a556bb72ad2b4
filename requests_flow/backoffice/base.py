"""What every back-office task view shares: the request in context, the version the officer saw,
and service errors put back on the form (nothing typed is lost)."""

import contextlib
import copy
from datetime import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from viewflow.workflow.flow.views.mixins import TaskSuccessUrlMixin

from audit.models import AccessEvent
from audit.services import access_record

from .. import services
from ..selectors import request_for_page
from ..services.errors import show_service_error


def record_task_view(request) -> None:
    """A task's page shows the request (personal data): an officer's view, in the access log."""
    access_record(
        request,
        action=AccessEvent.Action.VIEW,
        object_kind="task",
        object_id=request.activation.task.pk,
        info_request=request.activation.process.request,
    )


class TaskFormView(TaskSuccessUrlMixin, FormView):
    template_name = "backoffice/task_form.html"
    success_text = _("Done.")
    # Service field names that a form calls differently.
    error_fields: dict[str, str] = {}

    @property
    def info_request(self):
        return self.request.activation.process.request

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The version the officer saw: a change by someone else in between is a conflict.
        form.fields["version"] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            initial=self.info_request.updated_at.isoformat(),
        )
        return form

    def seen_request(self, form):
        seen = copy.copy(self.info_request)
        version = form.cleaned_data.get("version")
        if version:
            with contextlib.suppress(ValueError):  # a tampered value: compare with the current one
                seen.updated_at = datetime.fromisoformat(version)
        return seen

    def get(self, request, *args, **kwargs):
        # The task page shows the request's personal data: an officer's view, in the access log.
        record_task_view(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["info_request"] = request_for_page(self.info_request.pk)
        context["activation"] = self.request.activation
        context["task_title"] = self.request.activation.flow_task.task_title
        return context

    def form_valid(self, form):
        try:
            # A savepoint: when a later step of the same form fails, the earlier ones (a note, a
            # file) are not kept either; the officer sees the form again with what they typed.
            with transaction.atomic():
                self.perform(form, self.seen_request(form))
        except services.ServiceError as exc:
            show_service_error(form, exc, self.error_fields)
            return self.form_invalid(form)
        self.request.activation.execute()
        messages.success(self.request, self.success_text)
        return redirect(self.get_success_url())

    def perform(self, form, request_seen) -> None:
        raise NotImplementedError
