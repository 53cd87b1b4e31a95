"""What a certificate says in each other language (the workshop's title, the
signatory's role), and its credential's language
(the owner's when it is issued; certificates issued before stay Dutch, as their
credentials were)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_signed_credentials"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="language",
            field=models.CharField(
                choices=[("nl", "Dutch"), ("en", "English")],
                db_default="nl",
                default="nl",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="certificate",
            name="translated",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="texts in other languages"
            ),
        ),
    ]
