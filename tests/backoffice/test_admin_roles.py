"""Roles have one source of truth (issue #16 item 2): a role granted through Django's admin, the
way an administrator would (the agency's page, its membership rows), lets the officer see and
take a task; removing the row there takes the permission away. Before, only
services.membership_grant added the role's group, so an officer added in the admin got no
tasks and a removed one kept them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from requests_flow.flows import InformationRequestFlow as Flow
from requests_flow.models import AgencyMembership
from tests.helpers import make_user, signed_in

from .support import open_task, take

pytestmark = pytest.mark.django_db


def admin_form_data(response) -> dict:
    """What the admin's change page would post back unchanged: its fields and inline forms."""
    form, data = response.context["adminform"].form, {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for i, row in enumerate(formset.forms):
            for name in row.fields:
                value = row.instance.pk if name == "id" else row.initial.get(name)
                if value is not None:
                    data[f"{formset.prefix}-{i}-{name}"] = getattr(value, "pk", value)
    return data


def set_membership_rows(admin, agency, rows: list[tuple[int, str]], delete: set[int] = frozenset()):
    url = reverse("admin:requests_flow_agency_change", args=[agency.pk])
    data = admin_form_data(admin.get(url))
    prefix = "memberships"
    existing = int(data[f"{prefix}-INITIAL_FORMS"])
    for i in delete:
        data[f"{prefix}-{i}-DELETE"] = "on"
    for n, (user_id, role) in enumerate(rows, start=existing):
        data[f"{prefix}-{n}-user"] = user_id
        data[f"{prefix}-{n}-role"] = role
    data[f"{prefix}-TOTAL_FORMS"] = existing + len(rows)
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors or [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]


def test_a_role_granted_and_removed_in_the_admin_counts(agency, submit, django_user_model):
    superuser = django_user_model.objects.create_superuser("quantri", password="pw-quantri")
    admin = signed_in(superuser)
    newcomer = make_user(django_user_model, "moi", "Đặng Văn Mới")
    request = submit()
    task = open_task(request, Flow.review)
    officer = signed_in(newcomer)
    assert take(officer, task).status_code in (403, 404)  # no role yet

    set_membership_rows(admin, agency, [(newcomer.pk, "focal_officer")])
    assert AgencyMembership.objects.filter(user=newcomer, agency=agency).exists()
    assert not get_user_model().objects.get(pk=newcomer.pk).groups.exists()  # no group needed
    queue = officer.get(reverse("informationrequest:queue"))
    assert request.register_number in queue.content.decode()
    assert take(officer, task).status_code == 302
    task.refresh_from_db()
    assert task.owner_id == newcomer.pk

    row = list(AgencyMembership.objects.filter(agency=agency).order_by("pk")).index(
        AgencyMembership.objects.get(user=newcomer)
    )
    set_membership_rows(admin, agency, [], delete={row})
    assert not AgencyMembership.objects.filter(user=newcomer).exists()
    assert officer.get(reverse("informationrequest:queue")).status_code in (302, 403)
