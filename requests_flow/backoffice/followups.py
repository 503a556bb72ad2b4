"""The officer's pages for what follows a request: record a complaint or lawsuit and its outcome
(Law 104 Art. 14), record a request for correction brought to the office and answer it (Art. 32).
Each page asks the one gate (permissions.request_for) and writes through a service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from ..choices import State
from ..models import RequestProcess
from ..permissions import request_for
from ..services import (
    ServiceError,
    complaint_record,
    complaint_record_outcome,
    correction_answer,
    correction_request,
)
from ..services.errors import show_service_error
from .followup_forms import (
    ComplaintForm,
    ComplaintOutcomeForm,
    CorrectionAnswerForm,
    CorrectionRequestForm,
)


class FollowupView(FormView):
    """One form about one request: `action` is the registry's name the gate checks."""

    template_name = "backoffice/followup_form.html"
    action = ""
    title = ""
    done = ""

    def dispatch(self, request, *args, process_pk: int, **kwargs):
        process = RequestProcess.objects.filter(pk=process_pk).first()
        if process is None or process.request_id is None:
            raise Http404
        self.process = process
        self.info = request_for(request.user, process.request_id, self.action)
        if not self.available():
            raise Http404  # nothing of the kind to act on in this request now
        return super().dispatch(request, *args, **kwargs)

    def available(self) -> bool:
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            process=self.process, info_request=self.info, title=self.title, **kwargs
        )

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, str(self.done))
        return redirect("informationrequest:process_detail", self.process.pk)

    def save(self, data: dict) -> None:
        raise NotImplementedError


class ComplaintRecordView(FollowupView):
    form_class = ComplaintForm
    action = "complaint_record"
    title = _("Record a complaint or lawsuit")
    done = _("The complaint or lawsuit was recorded.")

    def save(self, data):
        complaint_record(
            request=self.info,
            actor=self.request.user,
            kind=data["kind"],
            filed_on=data["filed_on"],
            summary=data["summary"],
        )


class ComplaintOutcomeView(FollowupView):
    form_class = ComplaintOutcomeForm
    action = "complaint_outcome"
    title = _("Record the outcome of a complaint or lawsuit")
    done = _("The outcome was recorded.")

    def get_form_kwargs(self):
        self.awaiting = list(self.info.complaints.filter(outcome=""))
        return {**super().get_form_kwargs(), "complaints": self.awaiting}

    def available(self) -> bool:
        return self.info.complaints.filter(outcome="").exists()

    def save(self, data):
        complaint = next(c for c in self.awaiting if c.pk == data["complaint"])
        complaint_record_outcome(
            complaint=complaint,
            actor=self.request.user,
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            note=data["note"],
        )


class CorrectionRequestView(FollowupView):
    """A request for correction the requester brought to the office, by post or by e-mail."""

    form_class = CorrectionRequestForm
    action = "correction_requested"
    title = _("Record a request for correction of the information provided")
    done = _("The request for correction was recorded; its deadline is on the request's page.")

    def available(self) -> bool:
        return self.info.state == State.PROVIDED

    def save(self, data):
        correction_request(request=self.info, actor=self.request.user, text=data["text"])


class CorrectionAnswerView(FollowupView):
    form_class = CorrectionAnswerForm
    action = "correction_answer"
    title = _("Answer the request for correction")
    done = _("The answer was recorded and its letter issued.")

    def available(self) -> bool:
        self.correction = (
            self.info.corrections.filter(answered_at__isnull=True)
            .select_related("milestone")
            .first()
        )
        return self.correction is not None

    def get_context_data(self, **kwargs):
        return super().get_context_data(correction=self.correction, **kwargs)

    def save(self, data):
        correction_answer(
            correction=self.correction,
            actor=self.request.user,
            answer=data["answer"],
            text=data["text"],
            files=data["files"],
        )
