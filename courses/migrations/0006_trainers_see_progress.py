"""Trainers see participants' enrolments and progress (the progress report)."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="enrolment"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_enrolment",
        defaults={"name": "Can view enrolment"},
    )
    Group.objects.get_or_create(name="Trainers")[0].permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_trainers_manage_certificates")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
