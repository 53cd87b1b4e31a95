"""Site search over workshops, modules and tips (Wagtail search, no request objects)."""

from wagtail.models import Page

from .models import ModulePage, TipsPage, WorkshopPage

SEARCHABLE_PAGE_TYPES = (WorkshopPage, ModulePage, TipsPage)


def search_pages(query):
    """Live, public workshop, module and tips pages matching `query`, best first."""
    return (
        Page.objects.live()
        .public()
        .type(*SEARCHABLE_PAGE_TYPES)
        .specific()
        .search(query)
    )
