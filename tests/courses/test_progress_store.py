"""The progress stored on each enrolment (courses/progress_store.py) stays equal to
a full recount by the original per-row definition (progress_data.reference_progress)
and to what the participant sees (progress_for), whatever happens in between."""

import contextlib
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses import participation, progress_store
from courses.models import Enrolment, ModuleCompletion, ModulePage, WorkshopPage
from courses.progress_data import progress_for, reference_progress
from quizzes import attempts
from quizzes.models import Attempt
from tests.factories import make_quiz, make_user, make_workshop, publish

pytestmark = pytest.mark.django_db


def stored_and_recounted():
    """[(stored, recounted)] per enrolment: (total, done, passed, percent, finished)."""
    rows = []
    for row in reference_progress(Enrolment.objects.order_by("pk")):
        stored = (
            row.modules_total,
            row.modules_done,
            row.quizzes_passed,
            row.percent,
            bool(row.finished),
        )
        recounted = (
            row.ref_total,
            row.ref_done,
            row.ref_passed,
            row.ref_percent,
            bool(
                row.ref_total
                and row.ref_done >= row.ref_total
                and row.ref_requirements_met
            ),
        )
        rows.append((row.pk, stored, recounted))
    return rows


def assert_stored_equals_recount():
    for pk, stored, recounted in stored_and_recounted():
        assert stored == recounted, pk
    # ... and what the participant sees on the dashboard and the pages.
    for enrolment in Enrolment.objects.select_related("user", "workshop"):
        seen = progress_for(enrolment.user, [enrolment.workshop])[enrolment.workshop_id]
        assert (
            enrolment.modules_total,
            enrolment.modules_done,
            enrolment.percent,
            enrolment.finished,
        ) == (seen.total, seen.done, seen.percent, seen.finished), enrolment.pk


def attend(user, workshop, attended):
    from live_sessions.models import Registration, WorkshopSession

    session = WorkshopSession.objects.filter(page=workshop).first()
    if session is None:
        start = timezone.now() - timedelta(days=2)
        session = WorkshopSession.objects.create(
            page=workshop,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            location="De Schakel, Utrecht",
            seats=100,
            registration_deadline=start - timedelta(days=1),
        )
    registration, _ = Registration.objects.get_or_create(session=session, user=user)
    registration.attended = attended
    registration.save()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_progress_equals_a_full_recount_after_anything(seed):
    generator = random.Random(seed)
    linkedin = make_workshop(modules=3)
    twitter = make_workshop(modules=2, slug="twitter-x", title="Twitter/X")
    workshops = [linkedin, twitter]
    users = [make_user(f"p{n}@example.com") for n in range(4)]
    for module in ModulePage.objects.child_of(linkedin)[:2]:
        module.quiz = make_quiz(title=f"Quiz {module.pk}")
        module.save_revision().publish()
    added = 0

    def modules():
        return list(ModulePage.objects.filter(depth=linkedin.depth + 1))

    def step():
        nonlocal added
        action = generator.choice(
            [
                "complete",
                "complete",
                "reopen",
                "pass",
                "fail",
                "enrol",
                "unpublish",
                "publish",
                "move",
                "add",
                "delete",
                "attend",
                "require",
            ]
        )
        user = generator.choice(users)
        module = generator.choice(modules())
        workshop = WorkshopPage.objects.get(pk=generator.choice(workshops).pk)
        if action == "complete" and module.live:
            participation.record_completion(user, module)
        elif action == "reopen":
            with contextlib.suppress(participation.CompletionNotAllowed):
                participation.reopen(user, module)
        elif action in ("pass", "fail") and module.quiz_id:
            answers = (
                {q.key: sorted(q.correct_keys) for q in module.quiz.question_data()}
                if action == "pass"
                else {q.key: [q.options[0].key] for q in module.quiz.question_data()}
            )
            token = f"{seed}-{generator.random()}".ljust(20, "x")
            with contextlib.suppress(attempts.AttemptNotAllowed):
                attempts.submit(user, module.quiz, answers, token)
        elif action == "enrol":
            participation.enrol(user, workshop)
        elif action == "unpublish" and module.live:
            module.unpublish()
        elif action == "publish" and not module.live:
            module.save_revision().publish()
        elif action == "move":
            target = workshop if workshop.pk != module.get_parent().pk else None
            if target is not None:
                added += 1  # a slug of its own under the new workshop
                ModulePage.objects.filter(pk=module.pk).update(slug=f"moved-{added}")
                module = ModulePage.objects.get(pk=module.pk)
                module.move(target, pos="last-child")
        elif action == "add":
            added += 1
            publish(
                workshop,
                ModulePage(title=f"Extra {added}", slug=f"extra-{seed}-{added}"),
            )
        elif action == "delete" and not ModuleCompletion.objects.filter(module=module):
            if not Attempt.objects.filter(quiz_id=module.quiz_id).exists():
                module.delete()
        elif action == "attend":
            attend(user, workshop, generator.random() < 0.6)
        elif action == "require":
            workshop.require_attendance = not workshop.require_attendance
            workshop.save_revision().publish()

    for number in range(60):
        step()
        if number % 10 == 9:
            assert_stored_equals_recount()
    assert Enrolment.objects.filter(modules_done__gt=0).exists()
    assert_stored_equals_recount()


def test_recount_all_repairs_rows_written_without_signals(participant):
    """A bulk load writes completions and attempts without signals and enrolments
    without the counters; `recount_progress` fills them in."""
    workshop = make_workshop(modules=4)
    modules = list(ModulePage.objects.child_of(workshop))
    quiz = make_quiz()
    modules[0].quiz = quiz
    modules[0].save_revision().publish()
    Enrolment.objects.bulk_create([Enrolment(user=participant, workshop=workshop)])
    ModuleCompletion.objects.bulk_create(
        ModuleCompletion(user=participant, module=module) for module in modules
    )
    Attempt.objects.bulk_create(
        [
            Attempt(
                user=participant,
                quiz=quiz,
                number=1,
                submission="bulk-1",
                points=3,
                max_points=3,
                score=100,
                pass_mark=70,
                passed=True,
            )
        ]
    )
    enrolment = Enrolment.objects.get()
    assert (enrolment.modules_done, enrolment.percent) == (0, 0)  # not counted yet

    call_command("recount_progress", stdout=open("/dev/null", "w"))  # noqa: SIM115

    enrolment.refresh_from_db()
    assert (
        enrolment.modules_total,
        enrolment.modules_done,
        enrolment.quizzes_passed,
        enrolment.percent,
        enrolment.finished,
    ) == (4, 4, 1, 100, True)
    assert_stored_equals_recount()


def test_unpublishing_a_module_recounts_the_workshop_in_fixed_queries(
    django_assert_max_num_queries,
):
    workshop = make_workshop(modules=2)
    first, second = ModulePage.objects.child_of(workshop)
    for n in range(30):
        user = make_user(f"u{n}@example.com")
        participation.record_completion(user, first)
    assert set(Enrolment.objects.values_list("percent", flat=True)) == {50}
    second.unpublish()
    assert set(Enrolment.objects.values_list("percent", "finished")) == {(100, True)}
    # A recount reads the workshop, the view restrictions and the live modules,
    # and runs one UPDATE, which writes nothing when every row is right already
    # (on PostgreSQL one more: SET LOCAL jit = off).
    with django_assert_max_num_queries(5):
        assert progress_store.recount_workshops([workshop.pk]) == 0
    Enrolment.objects.update(percent=7)
    assert progress_store.recount_workshops([workshop.pk]) == 30
    assert set(Enrolment.objects.values_list("percent", flat=True)) == {100}
