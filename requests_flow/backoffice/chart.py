"""The process graph (issue #15): viewflow's chart view answered a bare SVG page, its labels
Title-Cased by viewflow's template ("Xác Định Thời Hạn") and no way back. Opened in the browser,
it is now a back-office page (menu, back link) with the graph drawn inline from our own template,
labels as the flow's annotations write them; as an image (the process overview's pop-up) it is
the same drawing alone; the BPMN export stays viewflow's."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from viewflow.workflow import chart
from viewflow.workflow.flow.views import FlowChartView

from ..selectors import request_for_page


class ProcessChartView(FlowChartView):
    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "bpmn":
            return super().get(request, *args, **kwargs)
        process_pk = kwargs.get("process_pk")
        grid = chart.calc_layout_data(self.flow_class)
        if process_pk is not None:
            chart.calc_cell_status(self.flow_class, grid, process_pk)
        graph = {
            "grid": grid,
            "cells": grid.cells,
            "edges": grid.edges,
            "title": _("Process graph"),
        }
        # A browser opening the link (or Turbo's fetch of it) accepts HTML; an <img> asks for an
        # image and does not.
        if "text/html" not in request.headers.get("Accept", ""):
            svg = render_to_string("backoffice/process_graph.svg", graph, request=request)
            response = HttpResponse(svg, content_type="image/svg+xml")
        else:
            response = render(request, "backoffice/process_chart.html", self.page(graph, kwargs))
        patch_vary_headers(response, ["Accept"])
        return response

    def page(self, graph: dict, kwargs: dict) -> dict:
        process_pk = kwargs.get("process_pk")
        if process_pk is None:
            return {**graph, "back": self.flow_class.instance.reverse("index"), "info": None}
        process = get_object_or_404(self.flow_class.process_class, pk=process_pk)
        return {
            **graph,
            "back": self.flow_class.instance.reverse("process_detail", args=[process_pk]),
            "info": request_for_page(process.request_id),
        }
