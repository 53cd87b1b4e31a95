"""Load the demo course content and the demo accounts.

Safe to run again: what already exists is left as it is (a trainer's edits survive),
so a second run creates nothing and changes nothing.
"""

import io
import json
import logging
import os
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from academy.base.models import HomePage, SiteSettings
from courses import handouts
from courses.models import ModulePage, Tip, TipsPage, WorkshopIndexPage, WorkshopPage
from live_sessions.models import TrainerGuidePage, WorkshopSession
from quizzes.models import Quiz

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_CONTENT = FIXTURES / "demo_content.json"
DEMO_QUIZZES = FIXTURES / "demo_quizzes.json"
DEMO_HANDOUTS = FIXTURES / "demo_handouts.json"
DEMO_TRAINER_GUIDE = FIXTURES / "demo_trainer_guide.json"
# The English demo: the same course written for an English-speaking reader, loaded
# as Wagtail translations of the Dutch pages and quizzes (same structure, block for
# block; tests/courses/test_english_demo_content.py).
ENGLISH = "en"
HANDOUTS_COLLECTION = "Hand-outs"
DEFAULT_DEMO_PASSWORD = "academy-demo-2026"  # noqa: S105 (demo only, documented)
DEMO_USERS = [
    {
        "email": "trainer@example.com",
        "full_name": "Marieke van Dijk",
        "group": "Trainers",
    },
    {"email": "participant@example.com", "full_name": "Sanne de Boer", "group": None},
]
COVER_COLOURS = {
    "linkedin": ((15, 76, 92), (43, 138, 143)),
    "twitter-x": ((29, 39, 51), (180, 65, 15)),
}


def demo_password():
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo workshops, tips and accounts (idempotent)."

    def handle(self, *args, **options):
        if not getattr(settings, "ACADEMY_DEMO_ALLOWED", False):
            raise CommandError(
                "Demo content and accounts are not allowed in production."
            )
        content = json.loads(DEMO_CONTENT.read_text(encoding="utf-8"))
        self.handouts = {
            (handout["workshop_slug"], handout["module_slug"]): handout
            for handout in json.loads(DEMO_HANDOUTS.read_text(encoding="utf-8"))[
                "handouts"
            ]
        }
        self.created = []
        # Wagtail logs every page it creates and publishes; the summary below is enough.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        with transaction.atomic():
            # Home text and branding are set on the first run only: after that they
            # are the trainers' to change (or to leave empty).
            first_run = not WorkshopIndexPage.objects.exists()
            home = self.load_home(content["home"], set_intro=first_run)
            index = self.load_workshop_index(home, content["workshop_index"])
            for workshop in content["workshops"]:
                self.load_workshop(index, workshop)
            quizzes = json.loads(DEMO_QUIZZES.read_text(encoding="utf-8"))
            for quiz in quizzes["quizzes"]:
                self.load_quiz(index, quiz)
            self.load_tips(home, content["tips_page"])
            self.load_trainer_guide(home)
            Translator(self, ENGLISH).load(home)
            self.load_site_settings()
            self.load_users()
        if self.created:
            for line in self.created:
                self.stdout.write(f"  created {line}")
            self.stdout.write(
                self.style.SUCCESS(f"Demo loaded: {len(self.created)} new.")
            )
        else:
            self.stdout.write("Demo already loaded: nothing changed.")

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(f"{page._meta.verbose_name} “{page.title}”")
        return page

    def load_home(self, data, set_intro):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = self.publish(root, HomePage(title=data["title"], slug="home"))
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"root_page": home, "hostname": "localhost"},
            )
        if set_intro:
            home.title = data["title"]
            home.intro = data["intro"]
            home.save_revision().publish()
            self.created.append("home page introduction")
        return home

    def load_workshop_index(self, home, data):
        index = WorkshopIndexPage.objects.child_of(home).first()
        if index:
            return index
        return self.publish(
            home,
            WorkshopIndexPage(
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                show_in_menus=True,
            ),
        )

    def load_workshop(self, index, data):
        if WorkshopPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            return
        workshop = self.publish(
            index,
            WorkshopPage(
                **workshop_texts(data),
                duration_minutes=data["duration_minutes"],
                trainer_name=data["trainer"]["name"],
                cover_image=self.cover_image(data["slug"], data["title"]),
                sessions=demo_sessions(data["trainer"]["name"]),
            ),
        )
        for module in data["modules"]:
            self.publish(
                workshop,
                ModulePage(
                    **module_texts(module),
                    estimated_minutes=module["minutes"],
                    body=json.dumps(self.with_handout(data["slug"], module)),
                ),
            )

    def with_handout(
        self, workshop_slug, module, handouts_by_module=None, language="nl"
    ):
        """The module's body with its take-home documents after their exercise."""
        body = list(module["body"])
        handouts_by_module = handouts_by_module or self.handouts
        handout = handouts_by_module.get(
            (workshop_slug, module.get("source_slug", module["slug"]))
        )
        if handout is None:
            return body
        block = {
            "type": "download",
            "value": {
                "title": handout["title"],
                "description": handout.get("description", ""),
                "documents": [
                    document.pk
                    for document in self.handout_documents(handout, language)
                ],
            },
        }
        after = next(
            (
                n
                for n, b in enumerate(body)
                if b["type"] == "exercise"
                and b["value"]["title"] == handout.get("after_exercise")
            ),
            None,
        )
        if after is None:
            raise CommandError(
                f"handout {handout['slug']}: module {module['slug']} has no exercise "
                f"“{handout.get('after_exercise')}” to put it after"
            )
        body.insert(after + 1, block)
        return body

    def handout_documents(self, handout, language="nl"):
        """The handout's files as CMS documents in the Hand-outs collection, made
        once (a trainer may replace a document's file; it is then left alone)."""
        Document = get_document_model()
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=HANDOUTS_COLLECTION).first()
        if collection is None:
            collection = root.add_child(name=HANDOUTS_COLLECTION)
        documents = []
        formats = handout.get("formats") or []
        unknown = [fmt for fmt in formats if fmt not in handouts.FORMATS]
        if not formats or unknown:
            raise CommandError(
                f"handout {handout['slug']}: formats {formats} (known: "
                f"{', '.join(handouts.FORMATS)})"
            )
        for fmt in formats:
            title = f"{handout['title']} ({handouts.FORMATS[fmt][0]})"
            document = Document.objects.filter(title=title).first()
            if document is None:
                try:
                    content = handouts.render(handout, fmt, language)
                except (KeyError, ValueError) as error:
                    raise CommandError(
                        f"handout {handout['slug']} as {fmt}: {error!r}"
                    ) from error
                document = Document(title=title, collection=collection)
                document.file = ContentFile(
                    content, name=handouts.filename(handout, fmt)
                )
                document._set_document_file_metadata()  # size and hash, as uploads
                document.save()
                self.created.append(f"document “{title}”")
            documents.append(document)
        return documents

    def load_quiz(self, index, data):
        """Create the module's quiz once; a trainer's later choices are left alone."""
        if Quiz.objects.filter(title=data["title"]).exists():
            return
        module = (
            ModulePage.objects.descendant_of(index)
            .filter(
                slug=data["module_slug"],
                url_path__contains=f"/{data['workshop_slug']}/",
            )
            .first()
        )
        if module is None or module.quiz_id:
            return
        quiz = Quiz.objects.create(
            title=data["title"],
            introduction=data["introduction"],
            pass_mark=data["pass_mark"],
            max_attempts=data["max_attempts"],
            shuffle_questions=data["shuffle_questions"],
            shuffle_options=data["shuffle_options"],
            questions=[question_block(question) for question in data["questions"]],
        )
        quiz.save_revision().publish()  # live, with its first version in its history
        module.quiz = quiz
        module.save_revision().publish()
        self.created.append(f"quiz “{quiz.title}”")

    def cover_image(self, slug, title):
        """A generated abstract cover (no photos or logos we have no rights to)."""
        image_title = f"Omslag: {title}"
        Image = get_image_model()
        existing = Image.objects.filter(title=image_title).first()
        if existing:
            return existing
        start, end = COVER_COLOURS.get(slug, ((15, 76, 92), (180, 65, 15)))
        width, height = 1600, 900
        picture = PILImage.new("RGB", (width, height), start)
        draw = ImageDraw.Draw(picture)
        for x in range(width):
            ratio = x / width
            colour = tuple(
                int(s + (e - s) * ratio) for s, e in zip(start, end, strict=True)
            )
            draw.line([(x, 0), (x, height)], fill=colour)
        for i, radius in enumerate((520, 380, 240)):
            shade = 255 - i * 30
            draw.ellipse(
                [
                    width - radius - 80,
                    height - radius - 60,
                    width + radius - 80,
                    height + radius - 60,
                ],
                outline=(shade, shade, shade),
                width=6,
            )
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", optimize=True)
        image = Image(title=image_title)
        image.file = ImageFile(buffer, name=f"cover-{slug}.png")
        image.save()
        self.created.append(f"image “{image_title}”")
        return image

    def load_tips(self, home, data):
        if TipsPage.objects.child_of(home).exists():
            return
        page = TipsPage(
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            show_in_menus=True,
        )
        page.tips = [
            Tip(
                title=tip["title"],
                explanation=tip["explanation"],
                reflection_question=tip["reflection_question"],
                try_this_week=tip["try_this_week"],
                sort_order=position,
            )
            for position, tip in enumerate(data["tips"])
        ]
        self.publish(home, page)

    def load_trainer_guide(self, home):
        if TrainerGuidePage.objects.exists():
            return
        data = json.loads(DEMO_TRAINER_GUIDE.read_text(encoding="utf-8"))
        self.publish(
            home,
            TrainerGuidePage(
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                body=json.dumps(data["body"]),
            ),
        )

    def load_site_settings(self):
        existing = SiteSettings.objects.first()
        if existing is not None:
            # The English role came later: given to the demo's own settings once.
            if not existing.signatory_role_en and (
                existing.signatory_role == "Trainer en oprichter"
            ):
                existing.signatory_role_en = "Trainer and founder"
                existing.save(update_fields=["signatory_role_en"])
                self.created.append("site settings: the signatory's role in English")
            return
        SiteSettings.objects.create(
            organisation_name="Office Manager 2.0 Academy",
            signatory_name="Marieke van Dijk",
            signatory_role="Trainer en oprichter",
            signatory_role_en="Trainer and founder",
        )
        self.created.append("site settings")

    def load_users(self):
        User = get_user_model()
        for data in DEMO_USERS:
            if User.objects.filter(email__iexact=data["email"]).exists():
                continue
            user = User.objects.create_user(
                email=data["email"],
                password=demo_password(),
                full_name=data["full_name"],
            )
            if data["group"]:
                user.groups.add(Group.objects.get(name=data["group"]))
            # Confirmed, so the demo logins work where confirmation is mandatory.
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )
            self.created.append(f"account {data['email']}")


def question_block(question):
    """A demo question (JSON) as a (block type, value) pair for Quiz.questions."""
    if question["type"] == "true_false":
        true, false = question["options"]
        return (
            "true_false",
            {
                "text": question["text"],
                "correct_answer": "true" if true["correct"] else "false",
                "feedback_true": true["feedback"],
                "feedback_false": false["feedback"],
                "explanation": question["explanation"],
            },
        )
    return (
        question["type"],
        {
            "text": question["text"],
            "options": [
                {
                    "text": option["text"],
                    "correct": option["correct"],
                    "feedback": option["feedback"],
                }
                for option in question["options"]
            ],
            "explanation": question["explanation"],
        },
    )


def demo_sessions(trainer):
    """Two upcoming sessions: one in a room, one online."""
    today = timezone.localtime().replace(second=0, microsecond=0)
    # The room session is the half day of the trainer's guide: 09.00 to 12.30.
    room = (today + timedelta(days=14)).replace(hour=9, minute=0)
    online = (today + timedelta(days=21)).replace(hour=13, minute=30)
    return [
        WorkshopSession(
            starts_at=room,
            ends_at=room + timedelta(hours=3, minutes=30),
            location="Vergadercentrum De Schakel, Stationsplein 12, Utrecht",
            trainer_name=trainer,
            seats=12,
            registration_deadline=room - timedelta(days=2),
        ),
        WorkshopSession(
            starts_at=online,
            ends_at=online + timedelta(hours=2, minutes=30),
            meeting_link="https://meet.example.com/office-manager-academy",
            trainer_name=trainer,
            seats=20,
            registration_deadline=online - timedelta(days=1),
        ),
    ]


class Translator:
    """The English demo as Wagtail translations of the Dutch pages, quizzes and
    tips (the way a trainer makes them with wagtail-localize): each translation has
    its source's translation key and keeps its stream block ids, so question and
    option keys are the same in both languages and everything a participant does
    counts for the one course. A page or quiz that has a translation already is
    left alone (a trainer's edits survive)."""

    def __init__(self, command, language):
        self.command = command
        self.language = language
        self.locale, _created = Locale.objects.get_or_create(language_code=language)
        self.folder = FIXTURES / language

    def read(self, name):
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    def load(self, home):
        content = self.read("demo_content.json")
        quizzes = {
            (quiz["workshop_slug"], quiz["module_slug"]): quiz
            for quiz in self.read("demo_quizzes.json")["quizzes"]
        }
        self.handouts = {
            (handout["workshop_slug"], handout["module_slug"]): handout
            for handout in self.read("demo_handouts.json")["handouts"]
        }
        dutch = json.loads(DEMO_CONTENT.read_text(encoding="utf-8"))
        self.page(home, title=content["home"]["title"], intro=content["home"]["intro"])
        index = WorkshopIndexPage.objects.child_of(home).first()
        data = content["workshop_index"]
        self.page(index, title=data["title"], slug=data["slug"], intro=data["intro"])
        for source_data, data in zip(
            dutch["workshops"], content["workshops"], strict=True
        ):
            workshop = (
                WorkshopPage.objects.child_of(index).filter(slug=data["slug"]).first()
            )
            if workshop is None:
                continue
            self.page(workshop, **workshop_texts(data))
            for source_module, module in zip(
                source_data["modules"], data["modules"], strict=True
            ):
                page = (
                    ModulePage.objects.child_of(workshop)
                    .filter(slug=source_module["slug"])
                    .first()
                )
                if page is None:
                    continue
                quiz = self.quiz(
                    page.quiz, quizzes.get((data["slug"], source_module["slug"]))
                )
                body = self.command.with_handout(
                    data["slug"],
                    {**module, "source_slug": source_module["slug"]},
                    self.handouts,
                    self.language,
                )
                self.page(
                    page,
                    **module_texts(module),
                    body=json.dumps(same_ids(page.body.raw_data, body)),
                    quiz=quiz,
                )
        self.tips(TipsPage.objects.child_of(home).first(), content["tips_page"])
        guide = TrainerGuidePage.objects.child_of(home).first()
        if guide is not None:
            data = self.read("demo_trainer_guide.json")
            self.page(
                guide,
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                body=json.dumps(same_ids(guide.body.raw_data, data["body"])),
            )

    def page(self, source, **fields):
        """The source's translation, made from it with these fields, published."""
        if source is None:
            return None
        existing = source.get_translation_or_none(self.locale)
        if existing is not None:
            existing = existing.specific
            existing.created = False
            return existing
        translation = source.copy_for_translation(self.locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save()
        translation.created = True
        self.publish(translation)
        return translation

    def publish(self, translation):
        translation.save_revision().publish()
        self.command.created.append(
            f"{translation._meta.verbose_name} “{translation.title}” ({self.language})"
        )

    def quiz(self, source, data):
        """The quiz's translation: the source's questions with the English words,
        block ids (question and option keys) kept."""
        if source is None or data is None:
            return None
        existing = source.get_translation_or_none(self.locale)
        if existing is not None:
            return existing
        translation = source.copy_for_translation(self.locale)
        translation.title = data["title"]
        translation.introduction = data["introduction"]
        raw = json.loads(json.dumps(list(source.questions.raw_data)))
        for block, question in zip(raw, data["questions"], strict=True):
            value = block["value"]
            value["text"] = question["text"]
            value["explanation"] = question["explanation"]
            if block["type"] == "true_false":
                true, false = question["options"]
                value["feedback_true"] = true["feedback"]
                value["feedback_false"] = false["feedback"]
                continue
            for option, words in zip(
                value["options"], question["options"], strict=True
            ):
                target = option.get("value", option)
                target["text"] = words["text"]
                target["feedback"] = words["feedback"]
        translation.questions = json.dumps(raw)
        translation.save()
        translation.save_revision().publish()
        self.command.created.append(f"quiz “{translation.title}” ({self.language})")
        return translation

    def tips(self, source, data):
        if source is None or source.get_translation_or_none(self.locale):
            return
        translation = self.page(
            source, title=data["title"], slug=data["slug"], intro=data["intro"]
        )
        words = data["tips"]
        for tip in Tip.objects.filter(page=translation).order_by("sort_order"):
            if tip.sort_order >= len(words):
                continue
            text = words[tip.sort_order]
            tip.locale = self.locale
            tip.title = text["title"]
            tip.explanation = text["explanation"]
            tip.reflection_question = text["reflection_question"]
            tip.try_this_week = text["try_this_week"]
            tip.save()
        translation.save_revision().publish()


def workshop_texts(data):
    """The fields of a workshop page that are words (a translation has its own)."""
    return {
        "title": data["title"],
        "slug": data["slug"],
        "summary": data["summary"],
        "search_description": data["summary"],
        "learning_goals": json.dumps(
            [{"type": "goal", "value": goal} for goal in data["learning_goals"]]
        ),
        "audience": data["audience"],
        "trainer_bio": data["trainer"]["bio"],
    }


def module_texts(module):
    """The fields of a module page that are words (the body apart)."""
    return {
        "title": module["title"],
        "slug": module["slug"],
        "intro": module["intro"],
        "search_description": module["intro"],
    }


def same_ids(source_raw, blocks):
    """`blocks` (a stream's new value) with the ids of the source's blocks where the
    type is the same at the same place: a translation's blocks stay linked to their
    source's."""
    source_raw = list(source_raw)
    result = []
    for position, block in enumerate(blocks):
        block = dict(block)
        if position < len(source_raw) and source_raw[position]["type"] == block["type"]:
            block["id"] = source_raw[position]["id"]
        result.append(block)
    return result
