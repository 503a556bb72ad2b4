"""The agency gate on every back-office URL: an officer of another agency meets 404 on every URL
naming agency A's process or task (as if the request did not exist), sees none of A's requests
on the other pages, can take none of A's tasks, and changes nothing; an anonymous visitor is
sent to sign in.

The URLs are read from the resolver, so a URL added to the back office is checked too."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from viewflow.workflow.models import Task

from requests_flow.models import InformationRequest, RequestEvent
from tests.helpers import signed_in

from .support import NS, TO_STATE, Flow, advance, intake_form, open_task, tasks_by_node

pytestmark = pytest.mark.django_db


def backoffice_patterns() -> list[tuple[str, set[str]]]:
    """(URL name, its parameters) of every back-office URL."""
    found = []

    def walk(patterns, names, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = [entry.namespace] if entry.namespace else []
                walk(entry.url_patterns, names + namespace, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and prefix.startswith("backoffice/"):
                params = set(entry.pattern.regex.groupindex)
                name = ":".join([*names, entry.name]) if entry.name else None
                found.append((name, params))

    walk(get_resolver().url_patterns, [], "")
    return found


ALL = backoffice_patterns()
PATTERNS = [(name, params) for name, params in ALL if "process_pk" in params]
OTHERS = [name for name, params in ALL if not params]
# Pages for administrators only (no agency's data): any officer gets 403 there.
ADMINISTRATORS_ONLY = {"supervision:dashboard:calendar_confirm"}


def test_the_enumeration_finds_the_task_urls():
    assert all(name for name, _params in ALL), "a back-office URL without a name is not checked"
    names = {name for name, _params in PATTERNS}
    assert f"{NS}:process_detail" in names
    assert {f"{NS}:inbox", f"{NS}:queue", f"{NS}:tasks_assign"} <= set(OTHERS)
    for node in ("review", "assign", "check_deadline", "handle", "await_payment", "approve"):
        assert f"{NS}:{node}:execute" in names and f"{NS}:{node}:assign" in names


@pytest.fixture
def agency_a(submit, staff, agency):
    """Requests of agency A in every state, one entered at the office through the intake page:
    together they hold a task of every node of the flow. Returns {node name: a task}, open
    tasks preferred (where an action would have an effect)."""
    for names in TO_STATE.values():
        advance(submit(), staff, *names)
    intake = signed_in(staff["officer"])
    response = intake.post(reverse(f"{NS}:start_intake:execute"), intake_form(agency))
    assert response.status_code == 302
    return tasks_by_node(agency)


def urls_for(by_node) -> list[str]:
    """A concrete URL of every back-office pattern, for agency A's process and tasks."""
    urls = []
    for name, params in PATTERNS:
        node = name.split(":")[-2] if "task_pk" in params else None
        if node is None:
            task = next(iter(by_node.values()))
            urls.append(reverse(name, kwargs={"process_pk": task.process_id}))
            continue
        assert node in by_node, f"no task of node {node!r} in the fixture: add one for {name}"
        task = by_node[node]
        urls.append(reverse(name, kwargs={"process_pk": task.process_id, "task_pk": task.pk}))
    return urls


def snapshot() -> dict:
    return {
        "requests": list(InformationRequest.objects.order_by("pk").values_list("pk", "state")),
        "updated": list(InformationRequest.objects.order_by("pk").values_list("updated_at")),
        "events": RequestEvent.objects.count(),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id")),
    }


POSTED = {"decision": "accept", "action": "approve", "_cancel_process": "1", "_confirm": "1"}


def test_foreign_officer_gets_404_everywhere_and_changes_nothing(agency_a, bo_foreign):
    client = signed_in(bo_foreign)
    before = snapshot()
    urls = urls_for(agency_a)
    assert len(urls) == len(PATTERNS) > 50
    for address in urls:
        assert client.get(address).status_code == 404, address
        assert client.post(address, POSTED).status_code == 404, address
    assert snapshot() == before


def test_anonymous_is_sent_to_sign_in(agency_a, client):
    before = snapshot()
    for address in urls_for(agency_a) + [reverse(name) for name in OTHERS]:
        for response in (client.get(address), client.post(address, POSTED)):
            assert response.status_code == 302, address
            assert response["Location"].startswith("/accounts/login/?next="), address
    assert snapshot() == before


def registered(page: str, requests) -> list[str]:
    """The register numbers of `requests` that appear on the page."""
    pattern = r"(?<![\d/]){}(?![\d])"
    return [
        r.register_number
        for r in requests
        if re.search(pattern.format(re.escape(r.register_number)), page)
    ]


@pytest.mark.parametrize("name", OTHERS)
def test_other_pages_show_and_change_nothing_of_another_agency(agency_a, bo_foreign, name):
    """Every back-office URL without a process: the page shows none of A's requests, and
    posting A's task numbers to it (the queue's bulk take, for one) changes nothing."""
    a_requests = list(InformationRequest.objects.all())
    client = signed_in(bo_foreign)
    before = snapshot()
    page = client.get(reverse(name), follow=True)
    assert page.status_code == (403 if name in ADMINISTRATORS_ONLY else 200), name
    assert registered(page.content.decode(), a_requests) == []
    task_pks = [task.pk for task in Task.objects.all()]
    response = client.post(reverse(name), {**POSTED, "pk": task_pks})
    assert response.status_code in (200, 302, 403, 405), response.status_code
    assert snapshot() == before


def test_the_agencys_own_officer_may_take_from_the_queue(submit, bo_officer):
    """The bulk take still works inside the agency."""
    task = open_task(submit(), Flow.review)
    response = signed_in(bo_officer).post(
        reverse(f"{NS}:tasks_assign"), {"pk": [task.pk], "_confirm": "1"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == bo_officer
