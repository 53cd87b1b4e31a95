"""Replace Wagtail's placeholder "Welcome" page with our HomePage as the site root."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("base.HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    # Deleting the placeholder also deletes the Site that points at it.
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="base")
    root = Page.objects.get(depth=1)
    path = "00010001"
    while Page.objects.filter(path=path).exists():
        path = f"0001{int(path[4:]) + 1:04d}"
    homepage = HomePage.objects.create(
        title="Office Manager 2.0 Academy",
        draft_title="Office Manager 2.0 Academy",
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=homepage,
        is_default_site=True,
        site_name="Office Manager 2.0 Academy",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
