""" "Why this date" as templates show it, and the admin's warning about unverified rule sets."""

from django.template import Context, Template

from requests_flow import services
from tests.helpers import MONDAY_2026_03_02


def test_template_tag_explains_a_stored_milestone(received, officer, head):
    at = MONDAY_2026_03_02
    request = services.request_accept(request=received, actor=officer, now=at)
    request = services.request_assign(request=request, actor=head, officer=officer, now=at)
    request = services.request_classify(request=request, actor=officer, complexity="simple", now=at)
    milestone = request.milestones.get()
    html = Template(
        "{% load tiepcan %}{% why_this_date m as lines %}<ul>{% for l in lines %}<li>{{ l }}</li>"
        "{% endfor %}</ul>"
    ).render(Context({"m": milestone}))
    assert "05/03/2026" in html  # 3 working days after Monday 2/3
    assert "03/03/2026, 04/03/2026, 05/03/2026" in html
    assert "khoản 3 Điều 30" in html
    assert "104/2016/QH13" in html


def test_admin_warns_while_an_unverified_rule_set_is_in_force(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Luật Tiếp cận thông tin (sửa đổi) 2026" in body
    assert 'class="warning"' in body


def test_admin_calendar_override_recomputes_running_requests(admin_client, received, officer, head):
    at = MONDAY_2026_03_02
    request = services.request_accept(request=received, actor=officer, now=at)
    request = services.request_assign(request=request, actor=head, officer=officer, now=at)
    request = services.request_classify(
        request=request, actor=officer, complexity="complex", now=at
    )
    response = admin_client.post(
        "/admin/requests_flow/calendaroverride/add/",
        {
            "date": "2026-03-10",
            "kind": "day_off",
            "reason": "Nghỉ đột xuất",
            "legal_basis": "Thông báo 5/TB-UBND",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert request.milestones.get(kind="provide_or_refuse").due_date.isoformat() == "2026-03-24"
    assert request.events.filter(action="deadline_recomputed").count() == 1
