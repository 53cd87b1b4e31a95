"""Trainers see issued certificates and may revoke or reinstate them."""

from django.db import migrations

CODENAMES = ["view_certificate", "change_certificate"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="certificate"
    )
    group, _ = Group.objects.get_or_create(name="Trainers")
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} certificate"},
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="courses", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_certificates"),
        ("base", "0003_trainers_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
