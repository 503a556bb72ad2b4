"""viewflow 2.4 hard-codes a few English words in templates it renders for our officers ("Select
all", "GO", "Delete", "1-50 of 1000"), and its bulk-assign page has a "Back" button that works
only through an inline onclick, which our Content-Security-Policy blocks. Rather than copying
those templates into ours, our override renders viewflow's own template and puts the translated
words (and a plain link back to the queue) in their place."""

import functools
import re

from django import template
from django.template import Engine
from django.template.loaders.app_directories import Loader
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

INLINE_BACK = re.compile(r'onclick="window\.history\.back\(-1\)[^"]*"')
PAGE_SUMMARY = re.compile(r'(vf-list__pagination-summary">\s*)(\d+)-(\d+) of (\d+)')


@functools.cache
def viewflow_template(name: str):
    """viewflow's own template, found by the app-directories loader (our override is skipped)."""
    return Loader(Engine.get_default()).get_template(name)


def translated_words() -> dict[str, str]:
    select_all, go, delete = _("Select all"), _("Go"), _("Delete")
    return {
        ">Select all<": ">%s<" % escape(select_all),
        ">GO<": ">%s<" % escape(go),
        'type="submit">Delete<': 'type="submit">%s<' % escape(delete),
    }


def translate_summary(match: re.Match) -> str:
    lead, first, last, total = match.groups()
    numbers = {"first": first, "last": last, "total": total}
    return lead + escape(_("%(first)s-%(last)s of %(total)s") % numbers)


def list_url(namespace: str) -> str:
    """The list a bulk page came from: the task queue (bulk assign), else the viewset's index
    (bulk delete of catalogue entries). Both live in the bulk page's own namespace."""
    try:
        return reverse(f"{namespace}:queue")
    except NoReverseMatch:
        return reverse(f"{namespace}:index")


@register.simple_tag(takes_context=True)
def viewflow_translated(context, name: str):
    html = viewflow_template(name).render(context)
    for english, translated in translated_words().items():
        html = html.replace(english, translated)
    html = PAGE_SUMMARY.sub(translate_summary, html)
    if INLINE_BACK.search(html):
        back = list_url(context["request"].resolver_match.namespace)
        html = INLINE_BACK.sub('href="%s"' % escape(back), html)
    # The template's own output (escaped by the engine) with escaped words put in.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: rendered template, escaped words
