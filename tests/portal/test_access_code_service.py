"""requests_flow.services.access_code_issue, called directly (the back-office view refuses
earlier with a 404): only an officer of the request's agency issues a code, and each issue
leaves an audit row that does not hold the code."""

import pytest
from django.core.exceptions import PermissionDenied

from requests_flow import services
from requests_flow.models import AccessCode, RequestEvent

from .support import to_state, walk_in

pytestmark = pytest.mark.django_db


def test_an_officer_of_another_agency_is_refused(agency, staff, foreign_officer):
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    events = RequestEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.access_code_issue(request=info, actor=foreign_officer)
    assert not AccessCode.objects.exists()
    assert RequestEvent.objects.count() == events


def test_an_issue_leaves_an_audit_row_without_the_code(agency, staff):
    info = to_state(walk_in(agency, staff["officer"]), staff, "provided")
    code = services.access_code_issue(request=info, actor=staff["officer"])
    row = RequestEvent.objects.filter(request=info).order_by("-seq").first()
    assert (row.action, row.actor, row.from_state, row.to_state) == (
        "issue_access_code",
        staff["officer"],
        "provided",
        "provided",
    )
    stored = f"{row.reason} {row.note} {row.legal_basis} {row.data}"
    assert code not in stored and code.lower() not in stored
    assert AccessCode.objects.get(request=info).code_hash == AccessCode.hash(code)
    assert services.access_code_use(code).request_id == info.pk
