"""The process graph (issue #15): opened in a browser it is a back-office page with a way back and
the steps as the flow names them in Vietnamese (viewflow Title-Cased them on a bare SVG page); an
<img> still gets the drawing alone, and the BPMN export is viewflow's."""

import pytest
from django.urls import reverse

from tests.helpers import signed_in

from .support import process_of

pytestmark = pytest.mark.django_db
DOCUMENT = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}  # a browser's


def test_a_requests_graph_is_a_page_with_the_menu_a_way_back_and_plain_labels(submit, staff):
    request = submit()
    pk = process_of(request).pk
    client = signed_in(staff["officer"])
    chart = reverse("informationrequest:process_chart", args=[pk])
    response = client.get(chart, **DOCUMENT)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'class="vf-page__menu' in page
    assert f'href="{reverse("informationrequest:process_detail", args=[pk])}"' in page
    assert ">Xác định thời hạn<" in page and "Xác Định Thời Hạn" not in page
    assert "tc-graph__node--new" in page  # the validity review waits in the queue

    image = client.get(chart, HTTP_ACCEPT="image/avif,image/webp,image/svg+xml,image/*,*/*;q=0.8")
    assert image["Content-Type"] == "image/svg+xml"
    assert image.content.decode().lstrip().startswith("<svg") and ">Xác định thời hạn<" in (
        image.content.decode()
    )
    assert "Accept" in image["Vary"]
    bpmn = client.get(chart + "?format=bpmn")
    assert bpmn["Content-Type"] == "application/xml"


def test_the_flows_graph_leads_back_to_the_overview(staff):
    client = signed_in(staff["officer"])
    page = client.get(reverse("informationrequest:chart"), **DOCUMENT).content.decode()
    assert f'href="{reverse("informationrequest:index")}"' in page
