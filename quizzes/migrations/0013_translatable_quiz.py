"""Quizzes are translatable: step 1, the fields (empty), then each existing quiz becomes
a Dutch source with its own translation key (Wagtail's bootstrap)."""

import django.db.models.deletion
from django.db import migrations, models
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0012_certainty_and_pools"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="language",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="quiz",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        BootstrapTranslatableModel("quizzes.Quiz"),
    ]
