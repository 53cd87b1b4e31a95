"""The Trainers group: edit and publish pages, use images and documents, change the
site settings, and nothing else in the admin (no users, groups or other settings)."""

from django.db import migrations

TRAINERS = "Trainers"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ["add_image", "change_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "change_document", "choose_document"],
}
MODEL_PERMISSIONS = {
    ("wagtailadmin", "admin"): ["access_admin"],
    ("base", "sitesettings"): ["change_sitesettings"],
}


def get_permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # Permissions are normally created after migrations; create the ones we need now.
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_trainers_group(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=TRAINERS)
    root_page = Page.objects.get(depth=1)
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root_page,
            permission=get_permission(apps, "wagtailcore", "page", codename),
        )
    root_collection = Collection.objects.get(depth=1)
    for (app_label, model), codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=get_permission(apps, app_label, model, codename),
            )
    for (app_label, model), codenames in MODEL_PERMISSIONS.items():
        for codename in codenames:
            group.permissions.add(get_permission(apps, app_label, model, codename))


def remove_trainers_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=TRAINERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [
        migrations.RunPython(create_trainers_group, remove_trainers_group),
    ]
