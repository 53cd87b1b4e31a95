from django.conf import settings


def content_language(request):
    """The language trainers write the course content in (for `lang` attributes)."""
    return {"CONTENT_LANGUAGE": settings.ACADEMY_CONTENT_LANGUAGE}
