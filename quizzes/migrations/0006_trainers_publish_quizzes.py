"""Trainers publish and unpublish quizzes (drafts came with 0004), as they do pages.

The list in academy/base/trainers.py says so too; this grant makes it so on a
database that was migrated before."""

from django.db import migrations

CODENAME = "publish_quiz"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model="quiz")
    group, _ = Group.objects.get_or_create(name="Trainers")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can publish quiz"},
    )
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="quizzes", codename=CODENAME
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0005_existing_quizzes_are_published"),
        ("base", "0003_trainers_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
