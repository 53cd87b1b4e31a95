from django import template
from django.utils.translation import gettext as _

from academy.base.formats import format_duration
from courses.models import WorkshopPage

register = template.Library()


@register.simple_tag
def published_workshops():
    """Every live, public workshop with its cover and module count (fixed queries)."""
    from academy.base.translations import shown_ids

    return WorkshopPage.listing(
        WorkshopPage.objects.filter(pk__in=shown_ids(WorkshopPage))
    )


@register.simple_tag
def workshop_index_url():
    """Where the workshops are listed: the live workshop index page, whatever its
    slug, in the active language (from the content cache); the home page if none."""
    from django.utils.translation import get_language

    from academy.base.caching import cached_content
    from academy.base.translations import shown_ids
    from courses.models import WorkshopIndexPage

    def build():
        page = (
            WorkshopIndexPage.objects.live()
            .public()
            .filter(pk__in=shown_ids(WorkshopIndexPage))
            .first()
        )
        return page.url if page else ""

    return cached_content(("workshop-index-url", get_language()), build) or "/"


@register.filter
def duration(minutes):
    """Format minutes as "1 u 30 min" / "1 h 30 min" in the active language."""
    return format_duration(minutes)


@register.simple_tag
def document_label(document):
    """ "PDF file, 3 KB": what a download link says (its kind and size)."""
    from django.template.defaultfilters import filesizeformat

    from courses.handouts import FORMATS

    extension = (document.file_extension or "").lower()
    kind = FORMATS.get(extension, (extension.upper() or _("Download"), ""))[0]
    size = document.get_file_size()
    if size is None:
        return _("%(kind)s file") % {"kind": kind}
    return _("%(kind)s file, %(size)s") % {"kind": kind, "size": filesizeformat(size)}


@register.simple_tag
def present_documents(documents):
    """The documents of a download block that still exist (a deleted one is None)."""
    return [document for document in documents if document is not None]
