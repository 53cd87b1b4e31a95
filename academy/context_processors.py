from django.utils.translation import get_language


def content_language(request):
    """The language of the course content shown (for `lang` attributes): the
    active language, as each page and quiz is shown in its translation (a page
    not translated yet says so itself: templates use the page's locale)."""
    return {"CONTENT_LANGUAGE": (get_language() or "nl").split("-")[0]}
