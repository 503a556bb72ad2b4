"""Views of the flow's human tasks. Each collects input and calls one or two services."""

import json
from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from viewflow.workflow.flow.views.mixins import TaskSuccessUrlMixin

from .. import services
from ..choices import OPEN_STATES, Channel, Role
from ..models import Letter, LetterKind, LetterStatus
from ..permissions import agencies_visible_to, may_accept_and_take, may_open_file
from ..selectors import accepted_channels, identity_for_review
from ..services.errors import show_service_error
from ..services.letter_life import DECISION_KINDS
from . import forms as f
from .base import TaskFormView


class IntakeView(TaskSuccessUrlMixin, FormView):
    """Start: an officer enters a request received at the office, by post, fax or e-mail."""

    template_name = "backoffice/start_form.html"
    form_class = f.IntakeForm

    def agencies(self):
        return agencies_visible_to(self.request.user)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["agency"] = forms.ModelChoiceField(
            label=_("Agency"), queryset=self.agencies(), initial=self.agencies().first()
        )
        # Offer only the channels the law in force today accepts; the field still takes any
        # channel, so that a forged one gets the service's message naming the law.
        accepted = accepted_channels(timezone.localdate())
        form.fields["channel"].widget.choices = [(c, Channel(c).label) for c in accepted]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task_title"] = self.request.activation.flow_task.task_title
        return context

    def form_valid(self, form):
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"agency", "channel", "written_on_behalf"}
        }
        try:
            request = services.request_receive(
                agency=form.cleaned_data["agency"],
                data=services.RequestData(**data),
                channel=form.cleaned_data["channel"],
                actor=self.request.user,
                written_on_behalf=form.cleaned_data["written_on_behalf"],
            )
        except services.ServiceError as exc:
            show_service_error(form, exc)
            return self.form_invalid(form)
        self.request.activation.process.request = request
        self.request.activation.execute()
        messages.success(
            self.request,
            _("Request %(n)s recorded in the register.") % {"n": request.register_number},
        )
        return redirect(self.get_success_url())


class ReviewView(TaskFormView):
    """The validity review: the one page that shows ID numbers in full (DOMAIN §8)."""

    form_class = f.ReviewForm
    success_text = gettext_lazy("Validity review recorded.")
    template_name = "backoffice/review_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        info = context["info_request"]
        context["identity"] = identity_for_review(info)
        context["may_open_documents"] = may_open_file(self.request.user, info, "attachment")
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["may_take"] = may_accept_and_take(self.request.user, self.info_request)
        return kwargs

    def perform(self, form, seen):
        data, user = form.cleaned_data, self.request.user
        if data["decision"] == f.ReviewForm.ACCEPT and data.get("take"):
            services.request_accept_and_take(
                request=seen, actor=user, complexity=data["complexity"]
            )
        elif data["decision"] == f.ReviewForm.ACCEPT:
            services.request_accept(request=seen, actor=user)
        elif data["decision"] == f.ReviewForm.SUPPLEMENT:
            services.request_ask_supplement(
                request=seen, actor=user, missing_items=form.missing_list()
            )
        else:
            services.request_submit_decision(
                request=seen,
                actor=user,
                kind="refuse",
                grounds=data["grounds"],
                reasons=data["reasons"],
                competent_agency=data["competent_agency"],
                published_where=data["published_where"],
            )


def officer_loads(agency_id: int) -> tuple:
    officers = (
        get_user_model()
        .objects.filter(memberships__agency_id=agency_id, memberships__role=Role.FOCAL_OFFICER)
        .distinct()
        .annotate(
            load=Count("assigned_requests", filter=Q(assigned_requests__state__in=OPEN_STATES))
        )
        .order_by("full_name")
    )
    return officers, {o.pk: o.load for o in officers}


class AssignView(TaskFormView):
    form_class = f.AssignForm
    success_text = gettext_lazy("Focal officer assigned.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["officers"], kwargs["loads"] = officer_loads(self.info_request.agency_id)
        return kwargs

    def perform(self, form, seen):
        services.request_assign(
            request=seen, actor=self.request.user, officer=form.cleaned_data["officer"]
        )


class ClassifyView(TaskFormView):
    form_class = f.ClassifyForm
    success_text = gettext_lazy("Deadlines checked and stored.")

    def perform(self, form, seen):
        done = services.request_classify(
            request=seen, actor=self.request.user, complexity=form.cleaned_data["complexity"]
        )
        # Complex, by e-mail, post or fax: Form 03, the written notice of the time limit, was
        # drafted by this step; it has no number until approved, signed and issued.
        drafted = done.letters.filter(kind=LetterKind.RESOLUTION, status=LetterStatus.DRAFT)
        if drafted.exists():
            self.success_text = _(
                "Deadlines checked and stored. A resolution slip (Form 03), the written notice "
                "of the time limit, was drafted: it reaches the requester once approved, signed "
                "and issued with its number."
            )


class HandleView(TaskFormView):
    form_class = f.HandleForm
    template_name = "backoffice/handle_form.html"
    success_text = gettext_lazy("Handling recorded.")
    error_fields = {"due": "payment_due", "amount": "copy_bw_a4", "kind": "action"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["step_fields"] = json.dumps(f.HandleForm.step_fields())
        return context

    def perform(self, form, seen):
        data, user = form.cleaned_data, self.request.user
        files = [data["files"]] if data.get("files") else []  # (safe name, bytes), checked
        if data["coordination_note"] or data["secrecy_reviewed"] or files:
            seen = services.request_record_handling(
                request=seen,
                actor=user,
                coordination_note=data["coordination_note"],
                secrecy_reviewed=data["secrecy_reviewed"],
                files=files,
            )
        action = data["action"]
        if action == f.HandleForm.PAYMENT:
            self.ask_payment(seen, data)
        elif action in (f.HandleForm.PROVIDE, f.HandleForm.REFUSE, f.HandleForm.EXTEND):
            services.request_submit_decision(
                request=seen,
                actor=user,
                kind=action,
                summary=data["summary"],
                grounds=data["grounds"],
                reasons=data["reasons"],
                competent_agency=data["competent_agency"],
                published_where=data["published_where"],
                extension_days=data["extension_days"],
            )
        elif not files and not data["coordination_note"] and not data["secrecy_reviewed"]:
            raise services.InvalidInput({"coordination_note": _("Nothing to save.")})

    def ask_payment(self, seen, data):
        services.request_charge_costs(
            request=seen,
            actor=self.request.user,
            quantities={
                "copy_bw_a4": data["copy_bw_a4"] or 0,
                "copy_colour_a4": data["copy_colour_a4"] or 0,
            },
            postage=data["postage"] or 0,
            due=data["payment_due"],
        )


class PaymentView(TaskFormView):
    form_class = f.PaymentForm
    error_fields = {"paid_at": "paid_on"}
    success_text = gettext_lazy("Payment recorded.")

    def perform(self, form, seen):
        data, user = form.cleaned_data, self.request.user
        if data["action"] == f.PaymentForm.PAID:
            paid_on = data["paid_on"] or timezone.localdate()
            paid_at = timezone.make_aware(datetime.combine(paid_on, time(12)))
            services.request_confirm_payment(request=seen, actor=user, paid_at=paid_at)
        else:
            services.request_refuse_unpaid(request=seen, actor=user)


class ApproveView(TaskFormView):
    form_class = f.ApproveForm
    success_text = gettext_lazy("Decision recorded.")
    template_name = "backoffice/approve_form.html"

    def get_context_data(self, **kwargs):
        # The leader approves and signs the decision's letter with it: they see what they sign.
        context = super().get_context_data(**kwargs)
        context["decision_letters"] = list(
            Letter.objects.filter(
                request=self.info_request, kind__in=DECISION_KINDS, status=LetterStatus.DRAFT
            )
        )
        return context

    def perform(self, form, seen):
        data, user = form.cleaned_data, self.request.user
        if data["action"] == f.ApproveForm.RETURN:
            services.request_return_for_rework(request=seen, actor=user, comment=data["comment"])
            return
        services.request_approve_pending(request=seen, actor=user, comment=data["comment"])
