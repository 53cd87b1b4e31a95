"""Small builders for tests: users and a page tree of any size."""

import io
import json

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from academy.base.models import HomePage
from courses.models import ModulePage, Tip, TipsPage, WorkshopIndexPage, WorkshopPage

PASSWORD = "correct-horse-battery-staple"


def make_user(email, password=PASSWORD, **fields):
    return get_user_model().objects.create_user(
        email=email, password=password, **fields
    )


def home_page():
    return HomePage.objects.get(locale__language_code="nl")


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_workshop_index(slug="workshops"):
    existing = WorkshopIndexPage.objects.filter(locale__language_code="nl").first()
    if existing:
        return existing
    return publish(
        home_page(), WorkshopIndexPage(title="Workshops", slug=slug, show_in_menus=True)
    )


def make_workshop(
    modules=3, slug="linkedin", title="LinkedIn", live_modules=True, cover=None
):
    workshop = publish(
        make_workshop_index(),
        WorkshopPage(
            title=title,
            slug=slug,
            summary=f"Samenvatting van {title}.",
            learning_goals='[{"type": "goal", "value": "Een sterk profiel"}]',
            audience="Managementassistenten",
            duration_minutes=90,
            trainer_name="Marieke van Dijk",
            cover_image=cover,
            trainer_photo=cover,
        ),
    )
    for number in range(1, modules + 1):
        module = ModulePage(
            title=f"Module {number} van {title}",
            slug=f"module-{number}",
            intro=f"Inleiding {number}",
            estimated_minutes=10 + number,
            body=json.dumps(
                [
                    {
                        "type": "heading",
                        "value": {"text": f"Kop {number}", "level": "h2"},
                    },
                    {"type": "paragraph", "value": f"<p>Tekst {number}</p>"},
                    {
                        "type": "tip",
                        "value": {"title": "Tip", "text": "<p>Doe het</p>"},
                    },
                    {
                        "type": "exercise",
                        "value": {
                            "title": "Opdracht",
                            "instructions": "<p>Schrijf</p>",
                        },
                    },
                    {"type": "quote", "value": {"text": "Citaat", "attribution": "Ik"}},
                ]
            ),
        )
        if live_modules:
            publish(workshop, module)
        else:
            workshop.add_child(instance=module)
    return workshop


def make_tips_page(tips=10):
    page = TipsPage(title="Tien gouden tips", slug="tips", show_in_menus=True)
    page.tips = [
        Tip(
            title=f"Tip {number}",
            explanation=f"<p>Uitleg {number}</p>",
            reflection_question=f"Vraag {number}?",
            try_this_week=f"Actie {number}",
            sort_order=number,
        )
        for number in range(1, tips + 1)
    ]
    return publish(home_page(), page)


def make_image(title="Omslag", size=(320, 180), colour=(15, 76, 92)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"{title.lower()}.png")
    image.save()
    return image


def make_quiz(questions=3, pass_mark=70, max_attempts=None, **fields):
    """A quiz of single-choice questions "q<n>" with options "q<n>-a/b/c", b right;
    plus one multiple-response question "m" (a and b right) when questions > 1."""
    from quizzes.models import Quiz

    def option(key, text, correct):
        return {
            "type": "item",
            "id": key,
            "value": {"text": text, "correct": correct, "feedback": f"Over {text}"},
        }

    blocks = []
    for number in range(1, questions + 1):
        key = f"q{number}"
        if number == 2:
            blocks.append(
                {
                    "type": "multiple",
                    "id": "m",
                    "value": {
                        "text": "Welke twee zijn juist?",
                        "options": [
                            option("m-a", "A", True),
                            option("m-b", "B", True),
                            option("m-c", "C", False),
                        ],
                        "explanation": "A en B samen.",
                    },
                }
            )
            continue
        blocks.append(
            {
                "type": "single",
                "id": key,
                "value": {
                    "text": f"Vraag {number}",
                    "options": [
                        option(f"{key}-a", f"Antwoord {number}a", False),
                        option(f"{key}-b", f"Antwoord {number}b", True),
                        option(f"{key}-c", f"Antwoord {number}c", False),
                    ],
                    "explanation": f"Uitleg {number}",
                },
            }
        )
    return Quiz.objects.create(
        title=fields.pop("title", "Quiz"),
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        shuffle_options=fields.pop("shuffle_options", False),
        questions=json.dumps(blocks),
        **fields,
    )


def right_answers(quiz):
    """POST data answering every question of a make_quiz() quiz correctly."""
    data = {}
    for question in quiz.question_data():
        name = f"q-{question.key}"
        data[name] = sorted(question.correct_keys)
    return data


def translate(page, language="en", **fields):
    """A published translation of `page` (its parents translated first, as a trainer
    does with wagtail-localize), with these fields set."""
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language)
    page = page.specific
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    parent = page.get_parent().specific
    if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
        translate(parent, language)
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation


def translate_quiz(quiz, language="en", word="English"):
    """A published translation of `quiz` (as wagtail-localize makes it: the same
    question and option keys), every text starting with `word`."""
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language)
    existing = quiz.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translation = quiz.copy_for_translation(locale)
    translation.title = f"{word} {quiz.title}"
    raw = json.loads(json.dumps(list(quiz.questions.raw_data)))
    for block in raw:
        value = block["value"]
        value["text"] = f"{word} {value['text']}"
        for option in value.get("options", []):
            option["value"]["text"] = f"{word} {option['value']['text']}"
    translation.questions = json.dumps(raw)
    translation.save()
    translation.save_revision().publish()
    return translation


def translate_tips(page, language="en", word="English"):
    """The tips page's translation, its tips (translations of the Dutch ones, the
    same translation keys) worded with `word`."""
    translation = translate(page, language, title=f"{word} tips")
    for tip in Tip.objects.filter(page=translation):
        tip.locale = translation.locale
        tip.title = f"{word} {tip.title}"
        tip.try_this_week = f"{word} {tip.try_this_week}"
        tip.save()
    translation.save_revision().publish()
    return translation
