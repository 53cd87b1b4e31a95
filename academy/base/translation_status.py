"""Which translations are missing or out of date: for trainers keeping the course
in step in both languages (Reports → Translations). Plain functions, no request.

Every source (default-language) page and every translatable snippet (quizzes) is
checked in each other language of the site:

- "missing": there is no translation yet;
- "draft": a translation exists but was never published;
- "out of date": the source was published after the translation last was (the
  source changed: update the translation with wagtail-localize's "Sync");
- "up to date".

Two queries per kind of object (pages, each translatable snippet model), whatever
the number of pages.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models

MISSING, DRAFT, OUT_OF_DATE, UP_TO_DATE = (
    "missing",
    "draft",
    "out_of_date",
    "up_to_date",
)
STATUS_LABELS = {
    MISSING: _("missing"),
    DRAFT: _("not published"),
    OUT_OF_DATE: _("out of date"),
    UP_TO_DATE: _("up to date"),
}
NEEDS_WORK = (MISSING, DRAFT, OUT_OF_DATE)
COLUMNS = ["pk", "title", "translation_key", "locale__language_code", "live",
           "last_published_at"]  # fmt: skip


def status_of(source, translation):
    """The status of one translation (a row, or None) of one source (a row)."""
    if translation is None:
        return MISSING
    if not translation["live"]:
        return DRAFT
    changed, translated = source["last_published_at"], translation["last_published_at"]
    if changed and translated and changed > translated:
        return OUT_OF_DATE
    return UP_TO_DATE


def _rows(kind, records, languages, describe):
    by_key = {}
    for record in records:
        by_key.setdefault(record["translation_key"], {})[
            record["locale__language_code"]
        ] = record
    rows = []
    for versions in by_key.values():
        source = versions.get(settings.LANGUAGE_CODE)
        if source is None:
            continue  # written in another language first: not ours to check
        for code, name in languages:
            translation = versions.get(code)
            rows.append(
                {
                    "kind": describe(source),
                    "title": source["title"],
                    "language": name,
                    "language_code": code,
                    "status": status_of(source, translation),
                    "source_pk": source["pk"],
                    "translation_pk": translation["pk"] if translation else None,
                    "source_published_at": source["last_published_at"],
                    "translation_published_at": (
                        translation["last_published_at"] if translation else None
                    ),
                    "model": kind,
                }
            )
    return rows


def translation_rows():
    """One row per source page or snippet and other language, those that need
    work first, then in the order of the site's tree."""
    languages = [
        (code, name)
        for code, name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    pages = Page.objects.filter(depth__gt=1).order_by("path")
    records = list(pages.values(*COLUMNS, "content_type_id"))

    def page_kind(record):
        model = ContentType.objects.get_for_id(record["content_type_id"]).model_class()
        return model._meta.verbose_name if model else _("page")

    rows = _rows(Page, records, languages, page_kind)
    for model in get_snippet_models():
        if not issubclass(model, TranslatableMixin) or not any(
            field.name == "title" for field in model._meta.concrete_fields
        ):
            continue
        names = [c for c in COLUMNS if c not in ("live", "last_published_at")]
        has_live = hasattr(model, "live")
        records = [
            {"live": True, "last_published_at": None, **record}
            for record in model._default_manager.order_by("pk").values(
                *names, *(["live", "last_published_at"] if has_live else [])
            )
        ]
        rows += _rows(
            model, records, languages, lambda _r, m=model: m._meta.verbose_name
        )
    rows.sort(key=lambda row: row["status"] not in NEEDS_WORK)  # stable
    return rows


def summary(rows):
    """{status: how many} of these rows."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts
