"""Every quiz made before drafts existed was live as soon as it was saved: it stays
live, with a first revision in its history (its published version), so the history
starts with what participants see and new attempts can name their version."""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields


def publish_existing(apps, schema_editor):
    Quiz = apps.get_model("quizzes", "Quiz")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    quizzes = list(Quiz.objects.filter(latest_revision__isnull=True))
    if not quizzes:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="quizzes", model="quiz"
    )
    for quiz in quizzes:
        quiz.live = True
        quiz.has_unpublished_changes = False
        published_at = quiz.updated_at or timezone.now()
        quiz.first_published_at = quiz.first_published_at or quiz.created_at
        quiz.last_published_at = published_at
        revision = Revision.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(quiz.pk),
            created_at=published_at,
            object_str=quiz.title,
            content=get_serializable_data_for_fields(quiz),
        )
        quiz.latest_revision = revision
        quiz.live_revision = revision
        quiz.save(
            update_fields=[
                "live",
                "has_unpublished_changes",
                "first_published_at",
                "last_published_at",
                "latest_revision",
                "live_revision",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("quizzes", "0004_drafts_and_revisions"),
    ]

    # Backwards: the columns go with 0004; the revisions stay (harmless).
    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]
