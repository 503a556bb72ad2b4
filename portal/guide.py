"""The user guide (hướng dẫn sử dụng, issue #15): one page per role, served at /huong-dan/.

The pages' text is Vietnamese and lives in docs/huong-dan/ as template fragments (readable in the
repository, servable without a Markdown library); the screenshots they show are written into
docs/huong-dan/anh/ by tests/e2e/test_guide_screenshots.py on every browser-test run and served
as static files under /static/huong-dan/. Only the slugs below are pages: a slug is never used to
build a template path."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: Promise  # the page chrome translates; the guide's own text stays Vietnamese
    summary: Promise

    @property
    def template(self) -> str:
        return f"huong-dan/{self.slug}.html"


PAGES = [
    GuidePage("cong-dan", _("Citizens"), _("Request information, follow it, receive the answer.")),
    GuidePage(
        "can-bo-dau-moi",
        _("Focal officers"),
        _("Receive, check, handle and answer requests on time."),
    ),
    GuidePage(
        "lanh-dao",
        _("Heads of the focal unit and leaders"),
        _("Assign requests, approve and sign the answers."),
    ),
    GuidePage("van-thu", _("Clerks"), _("Numbers and the register of the letters sent.")),
    GuidePage("giam-sat", _("Supervisors"), _("Deadlines, workload, statistics and reports.")),
    GuidePage(
        "quan-tri",
        _("Administrators"),
        _("Agencies, accounts and roles, the calendar and the legal rules."),
    ),
]
BY_SLUG = {page.slug: page for page in PAGES}


@require_safe
def index(request):
    return render(request, "portal/guide.html", {"pages": PAGES, "page": None})


@require_safe
def page(request, slug: str):
    chosen = BY_SLUG.get(slug)
    if chosen is None:
        raise Http404
    return render(request, "portal/guide.html", {"pages": PAGES, "page": chosen})
