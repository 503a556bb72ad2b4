"""The staff page of one request: every field, files, milestones with "why this date", the audit
trail as a timeline, the process graph and the tasks the current user may act on now."""

from django.http import Http404
from django.views.generic import TemplateView
from viewflow.workflow.status import STATUS

from audit.models import AccessEvent
from audit.services import access_record

from ..choices import State
from ..flows import InformationRequestFlow
from ..models import RequestProcess
from ..permissions import can_act, is_officer_of, may_open_file
from ..selectors import request_for_page
from ..services import access_code_issue
from .access import visible_process


def open_tasks_for(process, user) -> list[dict]:
    tasks = process.task_set.exclude(status__in=[STATUS.DONE, STATUS.CANCELED]).filter(
        flow_task_type="HUMAN"
    )
    actions = []
    for task in tasks:
        flow_task = task.flow_task
        if task.owner_id == user.pk:
            actions.append(
                {"task": task, "url": flow_task.reverse("index", args=[process.pk, task.pk])}
            )
        elif task.owner_id is None and flow_task.can_assign(user, task):
            actions.append(
                {
                    "task": task,
                    "assign": True,
                    "url": flow_task.reverse("assign", args=[process.pk, task.pk]),
                }
            )
    return actions


def followup_links(user, info) -> dict:
    """Which of the follow-up forms (complaints, correction) the user may open now; `info` comes
    with its complaints and corrections prefetched (selectors.request_for_page)."""
    awaiting = [c for c in info.complaints.all() if not c.outcome]
    open_correction = next((c for c in info.corrections.all() if c.is_open), None)
    return {
        "may_record_complaint": can_act(user, info, "complaint_record"),
        "may_record_outcome": bool(awaiting) and can_act(user, info, "complaint_outcome"),
        "may_record_correction": info.state == State.PROVIDED
        and open_correction is None
        and can_act(user, info, "correction_requested"),
        "may_answer_correction": open_correction is not None
        and can_act(user, info, "correction_answer"),
    }


class RequestDetailView(TemplateView):
    template_name = "backoffice/request_detail.html"

    def get_context_data(self, **kwargs):
        process_pk = kwargs["process_pk"]
        if not visible_process(self.request.user, process_pk):
            raise Http404
        process = RequestProcess.objects.filter(pk=process_pk).first()
        if process is None or process.request_id is None:
            raise Http404
        access_record(
            self.request,
            action=AccessEvent.Action.VIEW,
            object_kind="request",
            object_id=process.request_id,
            info_request=process.request,
        )
        context = super().get_context_data(**kwargs)
        info = request_for_page(process.request_id)
        context.update(followup_links(self.request.user, info))
        context.update(
            process=process,
            info_request=info,
            actions=open_tasks_for(process, self.request.user),
            chart_url=InformationRequestFlow.instance.reverse("process_chart", args=[process.pk]),
            may_open_documents=may_open_file(self.request.user, process.request, "attachment"),
            can_issue_code=process.request.state == State.PROVIDED
            and is_officer_of(self.request.user, process.request.agency_id),
        )
        return context


class AccessCodeView(TemplateView):
    """Issue a one-time access code for a provided request's files (Law Art. 30(2)(b)); the code
    is shown once, here, and only its hash is kept."""

    template_name = "backoffice/access_code.html"
    http_method_names = ["post"]

    def post(self, request, *args, process_pk: int, **kwargs):
        process = RequestProcess.objects.filter(pk=process_pk).select_related("request").first()
        info = process.request if process else None
        if info is None or not is_officer_of(request.user, info.agency_id):
            raise Http404
        if info.state != State.PROVIDED:
            raise Http404
        code = access_code_issue(request=info, actor=request.user)
        # The page shows the request and the new code: an officer's view of the request.
        access_record(
            request,
            action=AccessEvent.Action.VIEW,
            object_kind="access_code_issue",
            object_id=info.pk,
            info_request=info,
        )
        return self.render_to_response(
            self.get_context_data(info_request=info, code=code, process=process)
        )
