"""Trainers see registrations and take attendance."""

from django.db import migrations

CODENAMES = ["view_registration", "change_registration"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="registration"
    )
    group = Group.objects.get_or_create(name="Trainers")[0]
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} registration"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_sessions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
