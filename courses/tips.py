"""The ten golden tips in the reader's language, recorded against the source.

A participant's ratings, plan and check-ins point at the *source* tips (the default
language's); the English tips page has its own Tip rows (translations, the same
translation key). `shown_tips()` gives the source tips, in the trainer's order, with
the texts of their translation in the active language: forms and cards key their
fields by the source id and print the participant's language. The objects are for
showing only (never saved).
"""

from academy.base.translations import active_language, default_language

from .models import Tip

TEXTS = ("title", "explanation", "reflection_question", "try_this_week")


def source_tips():
    """The source tips, in the trainer's order."""
    return Tip.objects.filter(locale__language_code=default_language()).order_by(
        "sort_order", "pk"
    )


def in_language(tips, language=None):
    """`tips` (source Tip objects) with the texts of their translation in
    `language` (the active one by default); a tip not translated yet keeps its own.
    One query, none for the default language."""
    tips = list(tips)
    language = language or active_language()
    if language == default_language() or not tips:
        return tips
    translated = {
        tip.translation_key: tip
        for tip in Tip.objects.filter(
            locale__language_code=language,
            translation_key__in=[tip.translation_key for tip in tips],
        ).only("translation_key", *TEXTS)
    }
    for tip in tips:
        other = translated.get(tip.translation_key)
        if other is not None:
            for name in TEXTS:
                setattr(tip, name, getattr(other, name))
            tip.shown_language = language
    return tips


def shown_tips(language=None):
    """The source tips with their texts in `language` (the active one)."""
    return in_language(source_tips(), language)
