"""The handling form reads only the chosen action's fields (issue #15.3): the page hides the other
actions' fields, so what is left in them is neither stored nor an error the officer cannot see;
without the page's script, the server does the same."""

import pytest

from requests_flow.models import Decision

from .support import Flow, do

pytestmark = pytest.mark.django_db


def test_another_actions_fields_are_ignored_not_stored_nor_errors(submit, desk):
    request = submit()
    desk.to_handling(request, "simple")
    response = do(
        desk.clients["officer"],
        request,
        Flow.handle,
        {
            "action": "provide",
            "secrecy_reviewed": "on",
            "summary": "Cung cấp bản sao quyết định.",
            "grounds": ["a"],  # refusal's
            "competent_agency": "Sở Xây dựng",  # refusal's
            "postage": "-5",  # the resolution slip's, and wrong: no error, it is not read
            "extension_days": "15",  # extension's
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    decision = Decision.objects.get(request=request)
    assert decision.kind == "provide" and decision.summary == "Cung cấp bản sao quyết định."
    assert (decision.grounds, decision.competent_agency, decision.extension_days) == ([], "", None)


def test_the_chosen_actions_own_errors_still_show(submit, desk):
    request = submit()
    desk.to_handling(request, "simple")
    response = do(
        desk.clients["officer"],
        request,
        Flow.handle,
        {"action": "extend", "extension_days": "-1", "reasons": "Cần thêm.", "summary": "x"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["extension_days"]
