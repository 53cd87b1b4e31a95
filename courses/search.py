"""Site search over workshops, modules and tips (Wagtail search, no request objects)."""

import re

from wagtail.models import Page

from academy.base import translations

from .models import ModulePage, TipsPage, WorkshopPage

SEARCHABLE_PAGE_TYPES = (WorkshopPage, ModulePage, TipsPage)
# Search syntax characters (quotes, operators) and control characters make the
# database backends' full-text parsers fail; words are all a visitor needs.
NOT_A_WORD = re.compile(r"[^\w\s-]|_|\x00")


def clean_query(query):
    """Reduce a visitor's query to words separated by single spaces."""
    return " ".join(NOT_A_WORD.sub(" ", query).split())


def search_pages(query):
    """Live, public workshop, module and tips pages matching `query`, best first,
    in the active language (an English visitor finds the English pages, and the
    Dutch ones not translated yet)."""
    query = clean_query(query)
    if not query:
        return Page.objects.none()
    return (
        Page.objects.live()
        .public()
        .type(*SEARCHABLE_PAGE_TYPES)
        # Each page once, in the active language where it is translated (and in
        # Dutch where it is not yet).
        .filter(id__in=sorted(translations.shown_ids(Page)))
        .specific()
        .search(query)
    )
