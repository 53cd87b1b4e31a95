"""One course, two languages: which object is the source of a translation, and
which translation to show.

Trainers write the course in Dutch (the default locale) and translate pages, quizzes
and tips with wagtail-localize. Everything a participant does is recorded against
the *source* (the default-locale object): an enrolment, a completion, an attempt, a
certificate. So a participant who switches language keeps everything, and quiz
statistics combine both languages (question and option keys are the same in a
translation: wagtail-localize keeps the stream block ids).

The translation map is small (one entry per translated page, quiz or tip) and lives
in the content cache, so resolving an id costs no query once it is built. It
imports no app: models are named by their label.
"""

from django.apps import apps
from django.conf import settings
from django.utils.translation import get_language

from . import caching


def default_language():
    return settings.LANGUAGE_CODE


def active_language():
    """The active language, reduced to one of the site's languages."""
    language = (get_language() or default_language()).split("-")[0]
    offered = {code for code, _name in settings.LANGUAGES}
    return language if language in offered else default_language()


def _build_map(label):
    """{"source": {pk: source pk}, "translations": {source pk: {language: pk}},
    "language": {pk: language}} for one translatable model (by label); the
    translations are the live ones (and the source, live or not)."""
    from wagtail.models import Locale

    model = apps.get_model(label)
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    has_live = any(field.name == "live" for field in model._meta.concrete_fields)
    columns = ["pk", "translation_key", "locale"] + (["live"] if has_live else [])
    rows = [
        (row[0], row[1], row[2], row[3] if has_live else True)
        for row in model._default_manager.values_list(*columns)
    ]
    default_ids = [pk for pk, code in languages.items() if code == default_language()]
    sources = {
        key: pk for pk, key, locale, _live in rows if locale in default_ids
    }  # translation key -> source pk
    source, translations, language = {}, {}, {}
    for pk, key, locale, live in rows:
        src = sources.get(key, pk)  # a page without a Dutch source is its own
        source[pk] = src
        code = languages.get(locale, default_language())
        language[pk] = code
        versions = translations.setdefault(src, {})
        if live or pk == src:  # a translation not published yet is not shown
            versions[code] = pk
    return {"source": source, "translations": translations, "language": language}


def translation_map(label):
    return caching.cached_content(("translation-map", label), lambda: _build_map(label))


def _label(obj_or_model):
    """Pages share one map (their ids are unique across page types: one query)."""
    from wagtail.models import Page

    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    if issubclass(model, Page):
        return "wagtailcore.Page"
    return model._meta.label


def source_id(model, pk):
    """The primary key of the source (default-language) object of `pk`."""
    if pk is None:
        return None
    return translation_map(_label(model))["source"].get(pk, pk)


def translation_id(model, pk, language=None):
    """The primary key of `pk`'s translation in `language` (the active language by
    default), or of its source when there is none."""
    if pk is None:
        return None
    data = translation_map(_label(model))
    src = data["source"].get(pk, pk)
    versions = data["translations"].get(src, {})
    return versions.get(language or active_language(), src)


def language_of(model, pk):
    return translation_map(_label(model))["language"].get(pk, default_language())


def source_of(obj):
    """The source object of `obj` (itself when it is the source)."""
    if obj is None:
        return None
    pk = source_id(type(obj), obj.pk)
    if pk == obj.pk:
        return obj
    return _get(type(obj), pk) or obj


def in_language(obj, language=None):
    """`obj` as shown in `language` (the active one by default): its live
    translation, or `obj` itself when there is none."""
    if obj is None:
        return None
    pk = translation_id(type(obj), obj.pk, language)
    if pk == obj.pk:
        return obj
    other = _get(type(obj), pk)
    if other is None or not getattr(other, "live", True):
        return obj
    return other


def _get(model, pk):
    """One object by primary key, from the content cache."""
    label = _label(model)

    def load():
        found = model._default_manager.filter(pk=pk).first()
        if found is not None and hasattr(found, "specific"):
            found = found.specific
            if hasattr(found, "prepare_for_cache"):
                found.prepare_for_cache()
        return found

    return caching.cached_content(("translation-object", label, pk), load)


def shown_ids(model, language=None):
    """The primary keys shown in `language` (the active one by default): each
    object's translation in it, or the object itself when it has none. Filter a
    listing or a search with it so it shows every page once, in one language."""
    data = translation_map(_label(model))
    language = language or active_language()
    return {
        versions.get(language, versions.get(default_language(), src))
        for src, versions in data["translations"].items()
    }


def sources(queryset):
    """Only the source objects (the default language's) of a translatable model:
    what reports, pickers and records list (records are kept on the source)."""
    return queryset.filter(locale__language_code=default_language())


def shown_title(model, pk, title):
    """The title of `pk` as shown in the active language: its live translation's,
    or `title` (the source's, already at hand) when there is none; no query once
    the translation is cached."""
    shown = translation_id(model, pk)
    if shown == pk or shown is None:
        return title
    other = _get(model, shown)
    return other.title if other is not None else title
