"""The agency's public access-to-information section (Decree 13 Art. 11; DOMAIN §9): contacts,
how to request, the forms, the catalogue of published information and the statistics."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from . import selectors_public as selectors

CATALOGUE_PAGE_SIZE = 50


def chosen_year(raw: str | None, years: list[int], current: int) -> int:
    """The year asked for when it is one the selector offers; otherwise the current year."""
    try:
        year = int(raw or "")
    except ValueError:
        return current
    return year if year in years else current


def agency_section(request, short_name: str):
    agency = selectors.public_agency(short_name)
    today = timezone.localdate()
    paginator = Paginator(selectors.published_items(agency, today), CATALOGUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    years = selectors.statistics_years(agency)
    if today.year not in years:
        years = sorted([*years, today.year], reverse=True)
    year = chosen_year(request.GET.get("year"), years, today.year)
    context = {
        "agency": agency,
        "page_obj": page,
        "items": page.object_list,
        "years": years,
        "year": year,
        "stats": selectors.request_statistics(agency, year),
    }
    if request.htmx and request.htmx.target == "statistics":
        # The year selector swaps only the statistics block (htmx), without reloading the page.
        return render(request, "portal/public/_statistics.html", context)
    return render(request, "portal/public/agency.html", context)
