"""Signed credentials: each certificate's credential id and validity period, its
renewals and the expiry reminders sent."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def give_each_certificate_its_credential(apps, schema_editor):
    """Every existing certificate gets its own credential id, valid from its issue."""
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.only("pk", "issued_at").iterator(1000):
        Certificate.objects.filter(pk=certificate.pk).update(
            credential_id=uuid.uuid4(), valid_from=certificate.issued_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_withdrawn_and_name_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="credential_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="certificate",
            name="valid_from",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="valid from"
            ),
        ),
        migrations.AddField(
            model_name="certificate",
            name="valid_until",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="valid until"
            ),
        ),
        migrations.RunPython(
            give_each_certificate_its_credential, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="certificate",
            name="credential_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                verbose_name="credential id",
            ),
        ),
        migrations.CreateModel(
            name="CertificateRenewal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "renewed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="renewed at"
                    ),
                ),
                (
                    "old_credential_id",
                    models.UUIDField(verbose_name="replaced credential"),
                ),
                (
                    "old_valid_until",
                    models.DateTimeField(null=True, verbose_name="was valid until"),
                ),
                (
                    "new_valid_until",
                    models.DateTimeField(null=True, verbose_name="now valid until"),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="renewals",
                        to="certificates.certificate",
                        verbose_name="certificate",
                    ),
                ),
            ],
            options={
                "verbose_name": "renewal",
                "verbose_name_plural": "renewals",
                "ordering": ["renewed_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="CertificateExpiryReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("valid_until", models.DateTimeField(verbose_name="expires at")),
                (
                    "days_before",
                    models.PositiveSmallIntegerField(verbose_name="days before"),
                ),
                (
                    "sent_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="sent at"
                    ),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="expiry_reminders",
                        to="certificates.certificate",
                        verbose_name="certificate",
                    ),
                ),
            ],
            options={
                "verbose_name": "expiry reminder",
                "verbose_name_plural": "expiry reminders",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("certificate", "valid_until", "days_before"),
                        name="one_expiry_reminder_per_period",
                    )
                ],
            },
        ),
    ]
