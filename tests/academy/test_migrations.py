"""The release that moved certificates and live sessions out of `courses`.

A database of the previous release (`courses` at 0008, the new apps not there yet)
migrates forward with every row, content type and permission kept: the tables stay,
and the content types (with their permissions, the Trainers group's among them)
follow the models to their new apps.

The migrations are driven with MigrationExecutor, so `post_migrate` does not run:
nothing creates missing content types or syncs the Trainers group behind the
migrations' back (academy/base/trainers.py would hide a lost permission).
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import make_quiz, make_user, make_workshop

PREVIOUS_COURSES = ("courses", "0008_trainers_take_attendance")
# The previous release: `courses` before the move, the new apps not applied at all.
OLD_TARGETS = [PREVIOUS_COURSES, ("certificates", None), ("live_sessions", None)]
MOVED = {
    "certificates": ["certificate", "certificatenamechange"],
    "live_sessions": ["workshopsession", "registration"],
}
# What the old migrations (courses 0005, 0008) granted the Trainers group.
TRAINER_PERMISSIONS = {
    "certificates": ["view_certificate", "change_certificate"],
    "live_sessions": ["view_registration", "change_registration"],
}


def trainers_permission_ids(app_label, codename):
    return set(
        Permission.objects.filter(
            group__name="Trainers", content_type__app_label=app_label, codename=codename
        ).values_list("pk", flat=True)
    )


def content_type_ids(in_courses):
    """The moved models' content type ids (None: missing), in `courses` or in their
    new apps."""
    return {
        model: ContentType.objects.filter(
            app_label="courses" if in_courses else app_label, model=model
        )
        .values_list("pk", flat=True)
        .first()
        for app_label, models in MOVED.items()
        for model in models
    }


def permission_ids(content_type_ids):
    return set(
        Permission.objects.filter(content_type__in=content_type_ids).values_list(
            "pk", flat=True
        )
    )


def migrate(executor, targets):
    executor.migrate(targets)
    executor.loader.build_graph()  # reload what is applied, as Django's tests do


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_previous_release_migrates_with_every_row_and_permission():
    # Rows the historical models cannot easily make (pages, users with a password,
    # a quiz's StreamField), made with the current models while they still apply.
    workshop = make_workshop(modules=1)
    participant = make_user("sanne@example.com", full_name="Sanne de Boer")
    other = make_user("piet@example.com", full_name="Piet Jansen")
    trainer = make_user("marieke@example.com", full_name="Marieke van Dijk")
    trainer.groups.add(Group.objects.get(name="Trainers"))
    quiz = make_quiz(questions=1)

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    old_nodes = [PREVIOUS_COURSES] + [
        leaf for leaf in leaves if leaf[0] not in {"courses", *MOVED}
    ]
    try:
        # Back to the previous release (this also runs the new migrations backwards).
        migrate(executor, OLD_TARGETS)
        graph = executor.loader.graph
        # (Replaced migrations of squashes are recorded too: they are no nodes.)
        applied = set(executor.loader.applied_migrations) & set(graph.nodes)
        assert applied == {n for node in old_nodes for n in graph.forwards_plan(node)}
        assert not any(app in MOVED for app, _ in applied)

        old_content_types = content_type_ids(in_courses=True)
        assert None not in old_content_types.values(), old_content_types
        # (Models added by later releases, e.g. certificates' renewals, keep the
        # content types post_migrate made for them: Django leaves stale content
        # types to `remove_stale_contenttypes`. The moved ones must be back.)
        for app_label, models in MOVED.items():
            assert not ContentType.objects.filter(
                app_label=app_label, model__in=models
            ).exists()
        # All of their permissions (add, change, delete, view and those granted
        # below), and one given to a user rather than a group.
        old_all_permissions = permission_ids(old_content_types.values())
        assert len(old_all_permissions) == 4 * len(old_content_types)
        other.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="courses", codename="view_workshopsession"
            )
        )
        old_permissions = {
            codename: trainers_permission_ids("courses", codename)
            for codenames in TRAINER_PERMISSIONS.values()
            for codename in codenames
        }
        assert all(len(pks) == 1 for pks in old_permissions.values()), old_permissions
        trainer = get_user_model().objects.get(pk=trainer.pk)
        assert trainer.has_perm("courses.change_certificate")
        assert trainer.has_perm("courses.change_registration")

        # The previous release's rows, made with its own models.
        old_apps = executor.loader.project_state(old_nodes).apps
        now = timezone.now().replace(microsecond=0)
        certificate = old_apps.get_model("courses", "Certificate").objects.create(
            user_id=participant.pk,
            workshop_id=workshop.pk,
            code="migratie-test-code-0001",
            name="Sanne de Boer-Jansen",
            workshop_title="LinkedIn",
            duration_minutes=90,
            organisation_name="Office Manager 2.0",
            trainer_name="Marieke van Dijk",
            issued_at=now - timedelta(days=3),
        )
        name_change = old_apps.get_model(
            "courses", "CertificateNameChange"
        ).objects.create(
            certificate_id=certificate.pk,
            old_name="Sanne de Boer",
            new_name="Sanne de Boer-Jansen",
            changed_at=now - timedelta(days=1),
        )
        session = old_apps.get_model("courses", "WorkshopSession").objects.create(
            page_id=workshop.pk,
            sort_order=0,
            starts_at=now - timedelta(days=7),
            ends_at=now - timedelta(days=7) + timedelta(hours=2),
            registration_deadline=now - timedelta(days=8),
            location="Utrecht",
            seats=8,
        )
        Registration = old_apps.get_model("courses", "Registration")
        attended = Registration.objects.create(
            session_id=session.pk,
            user_id=participant.pk,
            status="registered",
            attended=True,
            checked_in_at=now - timedelta(days=7),
            sequence=2,
        )
        waiting = Registration.objects.create(
            session_id=session.pk, user_id=other.pk, status="waiting"
        )
        attempt = old_apps.get_model("quizzes", "Attempt").objects.create(
            user_id=participant.pk,
            quiz_id=quiz.pk,
            number=1,
            submission="form-1",
            points=1,
            max_points=1,
            score=100,
            pass_mark=70,
            passed=True,
        )
        answer = old_apps.get_model("quizzes", "Answer").objects.create(
            attempt_id=attempt.pk,
            position=1,
            question_key="q1",
            question={"text": "Vraag 1"},
            selected=["q1-b"],
            correct=True,
        )

        # Forward to this release.
        migrate(executor, leaves)
        assert set(executor.loader.applied_migrations) >= set(leaves)

        # Every row is still there, as it was, under the current models.
        from certificates.models import Certificate, CertificateNameChange
        from live_sessions.models import Registration, WorkshopSession
        from quizzes.models import Answer, Attempt

        moved = Certificate.objects.get(pk=certificate.pk)
        assert (moved.code, moved.name, moved.user_id, moved.workshop_id) == (
            "migratie-test-code-0001",
            "Sanne de Boer-Jansen",
            participant.pk,
            workshop.pk,
        )
        assert moved.issued_at == now - timedelta(days=3)
        assert list(moved.name_changes.values_list("pk", "old_name", "new_name")) == [
            (name_change.pk, "Sanne de Boer", "Sanne de Boer-Jansen")
        ]
        assert CertificateNameChange.objects.count() == 1
        assert list(WorkshopSession.objects.filter(page_id=workshop.pk)) == [
            WorkshopSession.objects.get(pk=session.pk, location="Utrecht", seats=8)
        ]
        assert set(
            Registration.objects.filter(session_id=session.pk).values_list(
                "pk", "user_id", "status", "attended", "sequence"
            )
        ) == {
            (attended.pk, participant.pk, "registered", True, 2),
            (waiting.pk, other.pk, "waiting", False, 0),
        }
        assert Attempt.objects.get(pk=attempt.pk).answers.get().pk == answer.pk
        assert Answer.objects.get(pk=answer.pk).selected == ["q1-b"]

        # The content types moved (the same rows: generic relations, permissions
        # and search index entries still point at them); none is left in `courses`.
        assert content_type_ids(in_courses=False) == old_content_types
        assert not any(content_type_ids(in_courses=True).values())
        assert permission_ids(old_content_types.values()) == old_all_permissions

        # The Trainers group holds the same permission rows, now in the new apps.
        for app_label, codenames in TRAINER_PERMISSIONS.items():
            for codename in codenames:
                assert (
                    trainers_permission_ids(app_label, codename)
                    == old_permissions[codename]
                ), (app_label, codename)
                assert not trainers_permission_ids("courses", codename)
        trainer = get_user_model().objects.get(pk=trainer.pk)
        assert trainer.has_perm("certificates.view_certificate")
        assert trainer.has_perm("certificates.change_certificate")
        assert trainer.has_perm("live_sessions.view_registration")
        assert trainer.has_perm("live_sessions.change_registration")
        assert not trainer.has_perm("courses.change_certificate")
        other = get_user_model().objects.get(pk=other.pk)
        assert other.has_perm("live_sessions.view_workshopsession")
    finally:
        # Leave the database fully migrated for the tests after this one. (Do not
        # clear ContentType's cache: it is still right, since the rows kept their
        # ids, and the next test's serialized_rollback needs it warm, or signal
        # handlers create content types while the snapshot is being restored.)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_content_type_the_new_code_made_early_is_folded_in_with_its_grants():
    """The new code met the database before these migrations ran (a partial
    `migrate`, a worker started early) and made `certificates.certificate` with its
    own permissions, granted to a group and a user: nobody loses a grant."""
    editors = Group.objects.create(name="Redactie")
    user = make_user("kees@example.com", full_name="Kees de Vries")
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        migrate(executor, OLD_TARGETS)
        old = ContentType.objects.get(app_label="courses", model="certificate")
        early = ContentType.objects.create(
            app_label="certificates", model="certificate"
        )
        duplicate = Permission.objects.create(
            content_type=early, codename="change_certificate", name="Can change"
        )
        only_new = Permission.objects.create(
            content_type=early, codename="export_certificate", name="Can export"
        )
        editors.permissions.add(duplicate, only_new)
        user.user_permissions.add(duplicate)
        kept = Permission.objects.get(content_type=old, codename="change_certificate")

        migrate(executor, leaves)

        moved = ContentType.objects.get(app_label="certificates", model="certificate")
        assert moved.pk == old.pk  # the old row, with its history
        assert not ContentType.objects.filter(pk=early.pk).exists()
        assert not Permission.objects.filter(pk=duplicate.pk).exists()
        assert set(editors.permissions.values_list("pk", flat=True)) == {
            kept.pk,
            only_new.pk,
        }
        assert Permission.objects.get(pk=only_new.pk).content_type_id == old.pk
        user = get_user_model().objects.get(pk=user.pk)
        assert user.has_perm("certificates.change_certificate")
        assert trainers_permission_ids("certificates", "change_certificate") == {
            kept.pk
        }
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
