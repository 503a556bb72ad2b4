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
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

INLINE_BACK = re.compile(r'onclick="window\.history\.back\(-1\);[^"]*"')
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


@register.simple_tag(takes_context=True)
def viewflow_translated(context, name: str):
    html = viewflow_template(name).render(context)
    for english, translated in translated_words().items():
        html = html.replace(english, translated)
    html = PAGE_SUMMARY.sub(translate_summary, html)
    if INLINE_BACK.search(html):  # the bulk pages live in the same namespace as the queue
        queue = reverse(f"{context['request'].resolver_match.namespace}:queue")
        html = INLINE_BACK.sub('href="%s"' % escape(queue), html)
    # The template's own output (escaped by the engine) with escaped words put in.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: rendered template, escaped words
