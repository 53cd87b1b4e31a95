"""Trainers see quiz attempts (the statistics reports)."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="quizzes", model="attempt"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_attempt",
        defaults={"name": "Can view quiz attempt"},
    )
    Group.objects.get_or_create(name="Trainers")[0].permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0002_trainers_may_edit_quizzes")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
