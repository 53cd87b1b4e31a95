"""Quizzes made before drafts existed stay live, each with a first revision in its
history (quizzes 0004-0006), and keep their attempts."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_quiz, make_user

BEFORE_DRAFTS = [("quizzes", "0003_trainers_see_statistics")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_quizzes_of_the_previous_release_are_published_with_a_first_revision():
    quiz = make_quiz(questions=2, title="Oude quiz")
    participant = make_user("sanne@example.com")
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE_DRAFTS)
        executor.loader.build_graph()
        old_apps = executor.loader.project_state(BEFORE_DRAFTS).apps
        trainers = Group.objects.get(name="Trainers")
        assert not trainers.permissions.filter(codename="publish_quiz").exists()
        attempt = old_apps.get_model("quizzes", "Attempt").objects.create(
            user_id=participant.pk,
            quiz_id=quiz.pk,
            number=1,
            submission="form-1",
            points=2,
            max_points=2,
            score=100,
            pass_mark=70,
            passed=True,
        )

        executor.migrate(leaves)
        executor.loader.build_graph()

        from quizzes.models import Attempt, Quiz

        migrated = Quiz.objects.get(pk=quiz.pk)
        assert migrated.live and not migrated.has_unpublished_changes
        assert migrated.live_revision == migrated.latest_revision
        assert migrated.revisions.count() == 1
        version = migrated.live_revision.as_object()
        assert version.title == "Oude quiz"
        assert [q.text for q in version.question_data()] == [
            "Vraag 1",
            "Welke twee zijn juist?",
        ]
        assert Attempt.objects.get(pk=attempt.pk).quiz_id == quiz.pk
        assert trainers.permissions.filter(codename="publish_quiz").exists()
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
