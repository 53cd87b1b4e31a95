"""Fill a (separate!) PostgreSQL database with a training company's years of data.

`make bench-scale` runs this on `academy_scale`, on top of `load_demo`:

- 10 live workshops: the 2 demo workshops and 8 copies of them (Wagtail's page copy,
  each module with its own copy of its quiz, published);
- 100,000 participants (deelnemer00000@example.com ..., a confirmed email address,
  the password "bench-password"), 150,000 enrolments, module completions (a prefix
  of each workshop's modules, as participants go through them);
- 1,000,000 quiz attempts (failed attempts, then the passing one for each completed
  module) and their answers, each with the question's snapshot as the real code
  stores it (quizzes.attempts.snapshot);
- certificates for the finished enrolments; the tips practice (ratings with notes,
  plans, weekly check-ins) for some participants; weekly live sessions per workshop
  with registrations and attendance;
- bench-trainer@example.com in the Trainers group (as make_bench_data).

Rows are written with PostgreSQL COPY (psycopg 3) and INSERT ... SELECT, not the
ORM one row at a time; the secondary indexes of the big tables are dropped while
they fill and built again afterwards; the sequences are reset and the database is
vacuumed and analysed at the end. Refuses where demo data is not allowed
(production) and on any database but PostgreSQL; does nothing when the data is
there already.
"""

import copy
import json
import random
import time
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from academy.base.models import SiteSettings
from certificates import issuing, validity
from certificates.models import Certificate, new_certificate_code
from courses.models import (
    Enrolment,
    ModuleCompletion,
    ModulePage,
    Tip,
    WorkshopIndexPage,
    WorkshopPage,
)
from live_sessions.models import Registration, WorkshopSession
from practice.models import CheckIn, CheckInAnswer, PlanItem, Rating, ReminderSettings
from quizzes.attempts import snapshot
from quizzes.models import Answer, Attempt, Quiz

PASSWORD = "bench-password"  # noqa: S105 - the benchmark database's participants
EMAIL = "deelnemer{:05d}@example.com"  # as make_bench_data: benchmarks/load.py
SCALE_MARK = "scale-"  # submission prefix of the generated attempts


class Command(BaseCommand):
    help = "Build the 100,000-participant benchmark database (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--enrolments", type=int, default=150_000)
        parser.add_argument("--attempts", type=int, default=1_000_000)
        parser.add_argument("--workshops", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, participants, enrolments, attempts, workshops, seed, **o):
        if not getattr(settings, "ACADEMY_DEMO_ALLOWED", False):
            raise CommandError("Not in production.")
        if connection.vendor != "postgresql":
            raise CommandError("make_scale_data needs PostgreSQL (it uses COPY).")
        User = get_user_model()
        if User.objects.filter(email=EMAIL.format(participants - 1)).exists():
            if Answer.objects.filter(attempt__submission__startswith=SCALE_MARK)[:1]:
                self.stdout.write("Scale data already present: nothing changed.")
                return
            raise CommandError(
                "A previous build stopped half-way: drop this database and run again."
            )
        if User.objects.filter(email__startswith="deelnemer").exists():
            raise CommandError(
                "This database has other benchmark participants (make_bench_data): "
                "use a database of its own."
            )
        self.started = time.monotonic()
        self.generator = random.Random(seed)  # noqa: S311 - test data
        self.now = timezone.now()
        call_command("load_demo", stdout=self.stdout if o["verbosity"] > 1 else None)
        with transaction.atomic():
            self.outline = self.build_workshops(workshops)
        self.step("workshops")
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")  # a rebuildable database
        self.raw = connection.connection  # psycopg 3, autocommit like Django's
        self.users = self.build_participants(participants)
        self.build_trainer()
        self.step("participants")
        plan = self.build_enrolments(enrolments)
        self.step("enrolments and completions")
        first_attempt = self.build_attempts(plan, attempts)
        self.step("attempts")
        self.build_answers(first_attempt)
        self.step("answers")
        self.build_certificates(plan)
        self.build_practice()
        self.build_sessions(plan)
        self.step("certificates, tips practice, live sessions")
        self.reset_sequences()
        after_bulk_load()
        self.step("derived data (after_bulk_load)")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.step("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(self.summary()))

    # --- Helpers ---------------------------------------------------------------

    def step(self, what):
        self.stdout.write(f"  {what}: {time.monotonic() - self.started:.0f} s")

    def copy(self, model, columns, rows):
        """COPY `rows` (tuples in the order of `columns`, field names) into the
        model's table; only the listed columns, so columns other migrations add
        take their database defaults."""
        table = model._meta.db_table
        names = ", ".join(
            connection.ops.quote_name(model._meta.get_field(c).column) for c in columns
        )
        statement = f"COPY {table} ({names}) FROM STDIN"
        with self.raw.cursor() as cursor, cursor.copy(statement) as out:
            for row in rows:
                out.write_row(row)

    def next_id(self, model):
        with self.raw.cursor() as cursor:
            table = model._meta.db_table
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
            return cursor.fetchone()[0]

    def sql(self, statement, params=None):
        with self.raw.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.rowcount

    def secondary_indexes(self, model):
        """(name, definition) of the model's indexes that no constraint needs."""
        with self.raw.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.tablename = %s AND i.schemaname = current_schema()
                AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint c
                    JOIN pg_class x ON x.oid = c.conindid
                    WHERE x.relname = i.indexname
                )
                """,
                [model._meta.db_table],
            )
            return cursor.fetchall()

    def without_indexes(self, model, fill):
        """Run fill() with the model's secondary indexes dropped, then build them
        again (much faster than keeping them up to date row by row)."""
        indexes = self.secondary_indexes(model)
        for name, _definition in indexes:
            self.sql(f'DROP INDEX "{name}"')
        try:
            return fill()
        finally:
            self.step(f"{model._meta.db_table} filled")
            self.sql("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                self.sql(definition)

    # --- Content ---------------------------------------------------------------

    def build_workshops(self, count):
        """{workshop: [(module, quiz, questions)]} of `count` live workshops: the
        demo workshops, and copies of them (each module with its own new quiz)."""
        # The Dutch course (the source): records point at it in every language.
        index = WorkshopIndexPage.objects.get(
            locale__language_code=settings.LANGUAGE_CODE
        )
        originals = list(WorkshopPage.objects.child_of(index).live().order_by("path"))
        if not originals:
            raise CommandError("No demo workshops: run load_demo first.")
        number = 1
        while WorkshopPage.objects.child_of(index).live().count() < count:
            source = originals[(number - 1) % len(originals)]
            number += 1
            slug = f"{source.slug}-{number}"
            if WorkshopPage.objects.filter(slug=slug).exists():
                continue
            workshop = source.copy(
                recursive=True,
                to=index,
                update_attrs={"title": f"{source.title} ({number})", "slug": slug},
                keep_live=True,
            )
            for module in ModulePage.objects.child_of(workshop).filter(
                quiz__isnull=False
            ):
                module.quiz = self.copy_quiz(module.quiz, number)
                module.save_revision().publish()
        workshops = list(WorkshopPage.objects.child_of(index).live().order_by("path"))
        return {
            workshop: [
                (module, module.quiz, module.quiz.question_data())
                for module in ModulePage.objects.child_of(workshop)
                .live()
                .select_related("quiz")
                .order_by("path")
            ]
            for workshop in workshops[:count]
        }

    @staticmethod
    def copy_quiz(quiz, number):
        """A published copy of `quiz` whose questions and options have new ids
        (question keys are unique across quizzes, as when a trainer writes one)."""
        blocks = copy.deepcopy(list(quiz.questions.raw_data))
        for block in blocks:
            block["id"] = str(uuid.uuid4())
            for option in block["value"].get("options", []) or []:
                if isinstance(option, dict) and "id" in option:
                    option["id"] = str(uuid.uuid4())
        new = Quiz.objects.create(
            title=f"{quiz.title} ({number})",
            introduction=quiz.introduction,
            pass_mark=quiz.pass_mark,
            max_attempts=quiz.max_attempts,
            shuffle_questions=quiz.shuffle_questions,
            shuffle_options=quiz.shuffle_options,
            questions=json.dumps(blocks),
        )
        new.save_revision().publish()
        return Quiz.objects.get(pk=new.pk)

    # --- People ----------------------------------------------------------------

    def build_participants(self, count):
        User = get_user_model()
        table = User._meta.db_table
        self.sql(
            f"""
            INSERT INTO {table}
                (password, is_superuser, email, full_name, is_staff, is_active,
                 date_joined, language)
            SELECT %s, false, 'deelnemer' || lpad(n::text, 5, '0') || '@example.com',
                   'Deelnemer ' || n, false, true,
                   now() - (n %% 1000) * interval '1 day',
                   -- one participant in ten reads English
                   CASE WHEN n %% 10 = 0 THEN 'en' ELSE 'nl' END
            FROM generate_series(0, %s) AS n
            """,  # noqa: S608 - our own table name
            [make_password(PASSWORD), count - 1],
        )
        self.sql(
            f"""
            INSERT INTO {EmailAddress._meta.db_table}
                (user_id, email, verified, "primary")
            SELECT id, email, true, true FROM {table}
            WHERE email LIKE 'deelnemer%%@example.com'
            """  # noqa: S608
        )
        users = dict(
            User.objects.filter(email__startswith="deelnemer").values_list(
                "email", "pk"
            )
        )
        return [users[EMAIL.format(n)] for n in range(count)]

    def build_trainer(self):
        User = get_user_model()
        trainer, created = User.objects.get_or_create(
            email="bench-trainer@example.com", defaults={"full_name": "Bench Trainer"}
        )
        if created:
            trainer.set_password(PASSWORD)
            trainer.save()
            trainer.groups.add(Group.objects.get(name="Trainers"))
        EmailAddress.objects.update_or_create(
            user=trainer,
            email=trainer.email,
            defaults={"verified": True, "primary": True},
        )

    # --- Progress --------------------------------------------------------------

    def build_enrolments(self, count):
        """Enrolments and module completions; returns the plan of each enrolment:
        (user, workshop, enrolled_at, last_activity_at, modules done)."""
        g = self.generator
        workshops = list(self.outline)
        users = self.users
        extra = max(0, count - len(users))  # participants in a second workshop
        plan = []
        for i, user in enumerate(users):
            # Spread evenly: (i * extra) // n steps up at `extra` of the n users.
            two = (i * extra) // len(users) != ((i + 1) * extra) // len(users)
            chosen = g.sample(workshops, 2 if two else 1)
            if two and g.random() < 0.05:
                chosen = workshops[:2]  # like the dashboard's "2 workshops" user
            for workshop in chosen:
                modules = self.outline[workshop]
                enrolled = self.now - timedelta(minutes=g.randint(60, 900 * 24 * 60))
                span = (self.now - enrolled).total_seconds()
                last = enrolled + timedelta(seconds=span * g.random() ** 2)
                roll = g.random()
                if roll < 0.15:
                    done = 0
                elif roll < 0.45:
                    done = len(modules)
                else:
                    done = g.randint(1, max(1, len(modules) - 1))
                plan.append((user, workshop, enrolled, last, done))
        plan = plan[:count]
        self.copy(
            Enrolment,
            ["user", "workshop", "enrolled_at", "last_activity_at"],
            ((u, w.pk, e, last) for u, w, e, last, _done in plan),
        )
        self.without_indexes(
            ModuleCompletion,
            lambda: self.copy(
                ModuleCompletion,
                ["user", "module", "completed_at"],
                (
                    (user, module.pk, last)
                    for user, workshop, _e, last, done in plan
                    for module, _q, _qs in self.outline[workshop][:done]
                ),
            ),
        )
        return plan

    def build_attempts(self, plan, count):
        """Each completed module's quiz: failed attempts, then the passing one; the
        module after the last completed one: failed attempts only. The failures
        are spread so that there are `count` attempts in all."""
        g = self.generator
        pairs = []  # [user, quiz, questions, enrolled, last, passed?]
        for user, workshop, enrolled, last, done in plan:
            modules = self.outline[workshop]
            for position, (_module, quiz, questions) in enumerate(modules):
                if quiz is None or not questions:
                    continue
                if position < done:
                    pairs.append([user, quiz, questions, enrolled, last, True, 0])
                elif position == done and g.random() < 0.6:
                    pairs.append([user, quiz, questions, enrolled, last, False, 1])
                    break
        base = sum(pair[6] + pair[5] for pair in pairs)
        for _ in range(max(0, count - base)):
            g.choice(pairs)[6] += 1
        first = self.next_id(Attempt)
        self.attempt_count = 0

        def rows():
            attempt_id = first
            for user, quiz, questions, enrolled, last, passed, failures in pairs:
                n = len(questions)
                needed = next(p for p in range(n + 1) if p * 100 // n >= quiz.pass_mark)
                tries = failures + (1 if passed else 0)
                span = (last - enrolled).total_seconds()
                for number in range(1, tries + 1):
                    if passed and number == tries:
                        points = g.randint(needed, n)
                    else:
                        points = min(
                            needed - 1, max(0, n - 1 - int(g.expovariate(0.7)))
                        )
                    score = points * 100 // n
                    yield (
                        attempt_id, user, quiz.pk, quiz.live_revision_id, number,
                        f"{SCALE_MARK}{attempt_id}",
                        enrolled + timedelta(seconds=span * number / tries),
                        points, n, score, quiz.pass_mark, score >= quiz.pass_mark,
                    )  # fmt: skip
                    attempt_id += 1
                    self.attempt_count += 1

        self.without_indexes(
            Attempt,
            lambda: self.copy(
                Attempt,
                [
                    "id", "user", "quiz", "revision", "number", "submission",
                    "submitted_at", "points", "max_points", "score", "pass_mark",
                    "passed",
                ],
                rows(),
            ),
        )  # fmt: skip
        return first

    def build_answers(self, first_attempt):
        """Every generated attempt's answers, in SQL: the attempt's `points`
        questions are right (which ones rotates with the attempt), each answer with
        its question's snapshot, as quizzes.attempts stores them."""
        self.sql(
            """
            CREATE TEMPORARY TABLE scale_questions (
                quiz_id integer, position smallint, question_key varchar(64),
                count smallint, snapshot jsonb, right_keys jsonb, wrong_keys jsonb
            )
            """
        )
        rows = []
        for modules in self.outline.values():
            for _module, quiz, questions in modules:
                for position, question in enumerate(questions):
                    right = sorted(question.correct_keys)
                    wrong = [o.key for o in question.options if not o.correct][:1]
                    if question.allows_several:
                        wrong = sorted({*right, *wrong})
                    rows.append(
                        (
                            quiz.pk, position, question.key, len(questions),
                            json.dumps(snapshot(question)), json.dumps(right),
                            json.dumps(wrong),
                        )
                    )  # fmt: skip
        statement = "COPY scale_questions FROM STDIN"
        with self.raw.cursor() as cursor, cursor.copy(statement) as out:
            for row in rows:
                out.write_row(row)
        table = Answer._meta.db_table
        attempts = Attempt._meta.db_table
        batch = 100_000

        def fill():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT max(id) FROM {attempts}")  # noqa: S608
                last = cursor.fetchone()[0] or 0
            for start in range(first_attempt, last + 1, batch):
                self.sql(
                    f"""
                    INSERT INTO {table}
                        (attempt_id, position, question_key, question, selected,
                         correct)
                    SELECT a.id, q.position, q.question_key, q.snapshot,
                           CASE WHEN c.ok THEN q.right_keys ELSE q.wrong_keys END,
                           c.ok
                    FROM {attempts} a
                    JOIN scale_questions q ON q.quiz_id = a.quiz_id
                    CROSS JOIN LATERAL (
                        SELECT (q.position + a.id) %% q.count < a.points AS ok
                    ) c
                    WHERE a.id >= %s AND a.id < %s
                    """,  # noqa: S608
                    [start, start + batch],
                )

        self.without_indexes(Answer, fill)
        self.sql("DROP TABLE scale_questions")

    # --- Certificates, tips, sessions ------------------------------------------

    def build_certificates(self, plan):
        branding = SiteSettings.objects.first() or SiteSettings()
        names = dict(
            get_user_model()
            .objects.filter(pk__in=self.users)
            .values_list("pk", "full_name")
        )
        codes = set()
        titles = {
            workshop.pk: json.dumps(issuing.translated_texts(workshop, branding))
            for workshop in self.outline
        }

        def code():
            while True:
                value = new_certificate_code()
                if value not in codes:
                    codes.add(value)
                    return value

        self.copy(
            Certificate,
            [
                "user", "workshop", "code", "name", "workshop_title",
                "translated", "duration_minutes", "organisation_name",
                "trainer_name", "signatory_name", "signatory_role", "issued_at",
                "is_revoked", "revocation_reason", "credential_id", "valid_from",
                "valid_until",
            ],
            (
                (
                    user, workshop.pk, code(), names[user], workshop.title,
                    titles[workshop.pk], workshop.duration_minutes,
                    branding.organisation_name, workshop.trainer_name,
                    branding.signatory_name, branding.signatory_role, last, False,
                    "", uuid.uuid4(), last,
                    validity.expires(last, workshop.certificate_valid_months),
                )
                for user, workshop, _enrolled, last, done in plan
                if done and done == len(self.outline[workshop])
            ),
        )  # fmt: skip

    def build_practice(self):
        """A sixth of the participants practise the tips: they rate them (some
        with a private note, some again later), plan up to three and check in
        weekly on their plan."""
        g = self.generator
        tips = list(
            Tip.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("sort_order")
            .values_list("pk", flat=True)
        )
        if not tips:
            return
        practising = self.users[::6]
        ratings, plans, reminders, check_ins = [], [], [], []
        for user in practising:
            start = self.now - timedelta(days=g.randint(14, 700))
            for tip in tips:
                ratings.append((user, tip, g.randint(1, 5), self.note(g), start))
                if g.random() < 0.3:
                    later = start + timedelta(days=g.randint(7, 60))
                    ratings.append((user, tip, g.randint(2, 5), "", later))
            planned = g.sample(tips, g.randint(0, 3))
            for tip in planned:
                plans.append(
                    (user, tip, f"Deze week: {g.randint(1, 9)}x oefenen", start)
                )
            reminders.append((user, g.random() < 0.1))
            monday = (start - timedelta(days=start.weekday())).date()
            if planned:
                for week in range(g.randint(0, 8)):
                    check_ins.append(
                        (user, monday + timedelta(weeks=week + 1), planned)
                    )
        self.copy(Rating, ["user", "tip", "rating", "note", "rated_at"], ratings)
        self.copy(PlanItem, ["user", "tip", "action", "created_at"], plans)
        self.copy(ReminderSettings, ["user", "unsubscribed"], reminders)
        first = self.next_id(CheckIn)
        self.copy(
            CheckIn,
            ["id", "user", "week", "created_at"],
            (
                (first + i, user, week, self.now)
                for i, (user, week, _planned) in enumerate(check_ins)
            ),
        )
        self.copy(
            CheckInAnswer,
            ["check_in", "tip", "did_it", "reflection"],
            (
                (first + i, tip, g.random() < 0.6, "")
                for i, (_user, _week, planned) in enumerate(check_ins)
                for tip in planned
            ),
        )
        self.practice_counts = (len(ratings), len(plans), len(check_ins))

    @staticmethod
    def note(g):
        if g.random() < 0.2:
            return "Lukt steeds beter; volgende keer eerder beginnen."
        return ""

    def build_sessions(self, plan):
        """Each workshop: a session a week for the last two years (with
        registrations, most of them attended) and four to come; then a new
        published revision, so the editor shows the sessions that exist."""
        g = self.generator
        by_workshop = {}
        for user, workshop, *_rest in plan:
            by_workshop.setdefault(workshop.pk, []).append(user)
        sessions = []
        for workshop in self.outline:
            for week in range(-104, 4):
                starts = (self.now + timedelta(weeks=week)).replace(
                    hour=9, minute=30, second=0, microsecond=0
                )
                sessions.append(
                    WorkshopSession(
                        page=workshop,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=3),
                        location="Vergadercentrum De Schakel, Utrecht",
                        trainer_name=workshop.trainer_name,
                        seats=16,
                        registration_deadline=starts - timedelta(days=2),
                        sort_order=week + 200,
                    )
                )
        WorkshopSession.objects.bulk_create(sessions, batch_size=1000)
        registrations = []
        for session in sessions:
            people = by_workshop.get(session.page_id, [])
            past = session.starts_at < self.now
            for user in g.sample(people, min(len(people), g.randint(6, 18))):
                status = Registration.Status.REGISTERED
                if g.random() < 0.08:
                    status = Registration.Status.CANCELLED
                attended = past and status == "registered" and g.random() < 0.9
                created = session.starts_at - timedelta(days=g.randint(3, 40))
                registrations.append(
                    (session.pk, user, status, created, created, attended,
                     session.starts_at if attended else None, 0)
                )  # fmt: skip
        self.copy(
            Registration,
            ["session", "user", "status", "created_at", "changed_at", "attended",
             "checked_in_at", "sequence"],
            registrations,
        )  # fmt: skip
        with transaction.atomic():
            for workshop in self.outline:
                WorkshopPage.objects.get(pk=workshop.pk).save_revision().publish()

    # --- The end ---------------------------------------------------------------

    def reset_sequences(self):
        models = [
            get_user_model(), EmailAddress, Enrolment, ModuleCompletion, Attempt,
            Answer, Certificate, Rating, PlanItem, ReminderSettings, CheckIn,
            CheckInAnswer, WorkshopSession, Registration,
        ]  # fmt: skip
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    def summary(self):
        counts = {
            "participants": len(self.users),
            "workshops": len(self.outline),
            "enrolments": Enrolment.objects.count(),
            "module completions": ModuleCompletion.objects.count(),
            "attempts": Attempt.objects.count(),
            "answers": Answer.objects.count(),
            "certificates": Certificate.objects.count(),
            "tip ratings": Rating.objects.count(),
            "plan items": PlanItem.objects.count(),
            "check-ins": CheckIn.objects.count(),
            "sessions": WorkshopSession.objects.count(),
            "registrations": Registration.objects.count(),
        }
        return (
            ", ".join(f"{n:,} {what}" for what, n in counts.items())
            + f". Built in {time.monotonic() - self.started:.0f} s."
        )


def after_bulk_load():
    """Rebuild the data that is derived from the rows written above.

    COPY and INSERT ... SELECT bypass the application's code and signals, so
    anything the application keeps up to date as it goes (stored progress counters
    on enrolments, running aggregates of the quiz statistics, ...) is recounted
    here from the rows, by the recount function of the app that owns it. Called
    once, after every table is filled and before VACUUM ANALYZE.
    """
    from courses.progress_store import recount_all
    from quizzes import tallies

    recount_all()  # each enrolment's stored progress (modules done, percent, ...)
    tallies.recount()  # the quiz statistics' running counts
