"""The access matrix for task ids (outside test, issue #17 items 1, 3 and 6): an officer of
agency B puts their own process id in a task URL with agency A's task id, for every node and
every task action; and agency A's own officer puts a task of one node under another node's URL.
Each must answer 404 (never 500, never a redirect that names another process) and change
nothing. The queue's bulk pages, shown before their confirmation, list none of A's tasks."""

import pytest
from django.urls import reverse

from tests.helpers import signed_in
from tests.portal.support import walk_in

from .actors import state_snapshot
from .routes import PATTERNS

pytestmark = pytest.mark.django_db

TASK_PATTERNS = sorted(n for n, (_r, params) in PATTERNS.items() if "task_pk" in params)


def task_url(name: str, process_pk: int, task_pk: int) -> str:
    return reverse(name, kwargs={"process_pk": process_pk, "task_pk": task_pk})


def test_every_node_and_action_covers_the_flow():
    nodes = {name.split(":")[-2] for name in TASK_PATTERNS}
    actions = {name.split(":")[-1] for name in TASK_PATTERNS}
    assert {"review", "assign", "check_deadline", "approve"} <= nodes
    assert {"index", "detail", "execute", "assign", "unassign"} <= actions


def test_a_foreign_task_under_ones_own_process_is_404_for_every_node_and_action(world, capsys):
    foreign = world.users["foreign"]
    own = walk_in(world.users["foreign"].memberships.first().agency, foreign)
    client = signed_in(foreign)
    before, cells, failures = state_snapshot(), 0, []
    for name in TASK_PATTERNS:
        for node, task in world.tasks.items():
            url = task_url(name, own.process.pk, task.pk)
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"_confirm": "1"})
                cells += 1
                if response.status_code != 404:
                    failures.append(f"{name} with A's {node} task {method}: {response.status_code}")
    with capsys.disabled():
        print(
            f"\nforeign task ids: {len(TASK_PATTERNS)} patterns x {len(world.tasks)} tasks, "
            f"{cells} cells, unexpected {len(failures)}"
        )
    assert not failures, "\n".join(failures)
    assert state_snapshot() == before


def test_a_task_under_another_nodes_url_is_404_for_its_own_agency(world):
    """The permission viewflow checks is the URL's node: a task of another node must not pass."""
    officer = signed_in(world.users["officer"])
    review, approve = world.tasks["review"], world.tasks["approve"]
    before = state_snapshot()
    for action in ("assign", "execute", "unassign", "detail"):
        name = f"informationrequest:review:{action}"
        url = task_url(name, approve.process_id, approve.pk)
        assert officer.post(url).status_code == 404, name
        assert officer.get(url).status_code == 404, name
    own = task_url("informationrequest:review:detail", review.process_id, review.pk)
    assert officer.get(own).status_code == 200
    assert state_snapshot() == before


@pytest.mark.parametrize("page", ["tasks_assign", "tasks_unassign"])
def test_the_bulk_confirmation_page_lists_no_task_of_another_agency(world, page):
    foreign = signed_in(world.users["foreign"])
    url = reverse(f"informationrequest:{page}")
    numbers = [t.process.requestprocess.request.register_number for t in world.tasks.values()]
    before = state_snapshot()
    for data in ({"select_all": "1"}, {"pk": [t.pk for t in world.tasks.values()]}):
        response = foreign.post(url, data)
        assert response.status_code == 200
        text = response.content.decode()
        shown = [n for n in numbers if n and n in text]
        assert shown == [], f"{page} {data}: shows A's {shown}"
    assert state_snapshot() == before
