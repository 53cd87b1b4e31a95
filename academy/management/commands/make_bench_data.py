"""Fill a (separate!) database with a realistic load for benchmarks.

Default: 5,000 participants with enrolments and completed modules, and 30,000 quiz
attempts with their answers, spread over the live workshops' quizzes: the demo
workshops when `load_demo` ran first (`make bench`), otherwise 2 workshops of 6
modules with a quiz each, made here (`make bench-reports`). Participants have a
confirmed email address, so they can log in where confirmation is mandatory.
Refuses to run where demo data is not allowed (production).
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from academy.base import translations
from academy.base.models import HomePage
from courses.models import (
    Enrolment,
    ModuleCompletion,
    ModulePage,
    WorkshopIndexPage,
    WorkshopPage,
)
from courses.progress_store import recount_all
from quizzes.attempts import snapshot
from quizzes.models import Answer, Attempt, Quiz
from quizzes.tallies import recount

QUESTIONS_PER_QUIZ = 6
OPTIONS = ("a", "b", "c", "d")


class Command(BaseCommand):
    help = "Generate participants, enrolments and quiz attempts for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=5000)
        parser.add_argument("--attempts", type=int, default=30000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, participants, attempts, seed, **options):
        if not getattr(settings, "ACADEMY_DEMO_ALLOWED", False):
            raise CommandError("Not in production.")
        if Attempt.objects.exists():
            self.stdout.write("Benchmark data already present: nothing changed.")
            return
        generator = random.Random(seed)  # noqa: S311 - test data
        with transaction.atomic():
            modules = self.demo_course() or self.course()
            users = self.participants(participants)
            self.progress(generator, users, modules)
            self.attempts(generator, users, modules, attempts)
            self.trainer()
            # Made in bulk, around the ORM: the stored progress and the statistics'
            # running counts are counted now.
            recount_all()
            recount()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(users)} participants, {Enrolment.objects.count()} enrolments, "
                f"{Attempt.objects.count()} attempts, {Answer.objects.count()} answers."
            )
        )

    def demo_course(self):
        """{workshop: [modules with a quiz]} of the live workshops, if any."""
        modules = {}
        # The Dutch sources: records are kept on them, whatever the language.
        for workshop in translations.sources(WorkshopPage.objects.live()).order_by(
            "path"
        ):
            with_quiz = list(
                ModulePage.objects.child_of(workshop)
                .live()
                .filter(quiz__isnull=False)
                .select_related("quiz")
            )
            if with_quiz:
                modules[workshop] = with_quiz
        return modules

    def course(self):
        home = translations.sources(HomePage.objects.all()).get()
        index = translations.sources(WorkshopIndexPage.objects.all()).first()
        if index is None:
            index = home.add_child(
                instance=WorkshopIndexPage(title="Workshops", slug="workshops")
            )
        modules = {}
        for w in range(2):
            workshop = index.add_child(
                instance=WorkshopPage(
                    title=f"Benchmark-workshop {w + 1}",
                    slug=f"bench-{w + 1}",
                    summary="Benchmark",
                    duration_minutes=180,
                )
            )
            modules[workshop] = []
            for m in range(6):
                quiz = Quiz.objects.create(
                    title=f"Bench quiz {w + 1}.{m + 1}",
                    pass_mark=70,
                    questions=[
                        (
                            "single",
                            {
                                "text": f"Vraag {q + 1}",
                                "options": [
                                    {
                                        "text": f"Antwoord {o}",
                                        "correct": o == "a",
                                        "feedback": "",
                                    }
                                    for o in OPTIONS
                                ],
                                "explanation": "",
                            },
                        )
                        for q in range(QUESTIONS_PER_QUIZ)
                    ],
                )
                module = workshop.add_child(
                    instance=ModulePage(
                        title=f"Module {m + 1}", slug=f"module-{m + 1}", quiz=quiz
                    )
                )
                modules[workshop].append(module)
        return modules

    def participants(self, count):
        password = make_password("bench-password")
        User = get_user_model()
        User.objects.bulk_create(
            User(
                email=f"deelnemer{n:05d}@example.com",
                full_name=f"Deelnemer {n}",
                password=password,
            )
            for n in range(count)
        )
        users = list(User.objects.filter(email__startswith="deelnemer"))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        )
        return users

    def progress(self, generator, users, modules):
        now = timezone.now()
        enrolments, completions = [], []
        for user in users:
            for workshop, workshop_modules in modules.items():
                if generator.random() < 0.25:
                    continue
                last = now - timedelta(days=generator.randint(0, 40))
                enrolments.append(
                    Enrolment(
                        user=user,
                        workshop=workshop,
                        enrolled_at=last,
                        last_activity_at=last,
                    )
                )
                done = generator.randint(0, len(workshop_modules))
                completions.extend(
                    ModuleCompletion(user=user, module=module, completed_at=last)
                    for module in workshop_modules[:done]
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        ModuleCompletion.objects.bulk_create(completions, batch_size=2000)

    def attempts(self, generator, users, modules, count):
        quizzes = [
            (module.quiz, module.quiz.question_data())
            for workshop_modules in modules.values()
            for module in workshop_modules
        ]
        snapshots = {
            question.key: snapshot(question)
            for _quiz, questions in quizzes
            for question in questions
        }
        numbers = {}
        made = 0
        while made < count:
            batch = []
            for _ in range(min(2000, count - made)):
                user = generator.choice(users)
                quiz, questions = generator.choice(quizzes)
                number = numbers.get((user.pk, quiz.pk), 0) + 1
                numbers[(user.pk, quiz.pk)] = number
                skill = generator.random()
                chosen = [
                    self.answer(generator, question, 0.35 + 0.6 * skill)
                    for question in questions
                ]
                right = sum(
                    1
                    for question, keys in zip(questions, chosen, strict=True)
                    if set(keys) == question.correct_keys
                )
                score = right * 100 // len(questions)
                batch.append(
                    (
                        Attempt(
                            user=user,
                            quiz=quiz,
                            number=number,
                            submission=f"bench-{user.pk}-{quiz.pk}-{number}",
                            points=right,
                            max_points=len(questions),
                            score=score,
                            pass_mark=quiz.pass_mark,
                            passed=score >= quiz.pass_mark,
                        ),
                        questions,
                        chosen,
                    )
                )
            Attempt.objects.bulk_create([a for a, _q, _c in batch], batch_size=2000)
            answers = [
                Answer(
                    attempt=attempt,
                    position=position,
                    question_key=question.key,
                    question=snapshots[question.key],
                    selected=keys,
                    correct=set(keys) == question.correct_keys,
                )
                for attempt, questions, chosen in batch
                for position, (question, keys) in enumerate(
                    zip(questions, chosen, strict=True)
                )
            ]
            Answer.objects.bulk_create(answers, batch_size=5000)
            made += len(batch)

    @staticmethod
    def answer(generator, question, chance_right):
        """The option keys a participant with this chance of being right picks."""
        if generator.random() < chance_right:
            return sorted(question.correct_keys)
        wrong = [option.key for option in question.options if not option.correct]
        if question.allows_several:
            return sorted({*question.correct_keys, generator.choice(wrong)})
        return [generator.choice(wrong)]

    def trainer(self):
        User = get_user_model()
        trainer, created = User.objects.get_or_create(
            email="bench-trainer@example.com", defaults={"full_name": "Bench Trainer"}
        )
        if created:
            trainer.set_password("bench-password")
            trainer.save()
            trainer.groups.add(Group.objects.get(name="Trainers"))
        EmailAddress.objects.update_or_create(
            user=trainer,
            email=trainer.email,
            defaults={"verified": True, "primary": True},
        )
