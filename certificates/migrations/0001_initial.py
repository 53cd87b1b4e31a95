"""The certificates move here from `courses`: their tables stay as they are."""

import certificates.models
import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
from django.conf import settings
from django.db import migrations, models

from academy.base import moving

APP = 'certificates'
MODELS = ['certificate', 'certificatenamechange']


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions, the Trainers group's
    among them, and their search index entries) follow them to this app."""
    moving.move_content_types(apps, "courses", APP, MODELS)


def move_content_types_back(apps, schema_editor):
    moving.move_content_types_back(apps, "courses", APP, MODELS)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('courses', '0009_certificates_and_sessions_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (see db_table): only the state moves.
            state_operations=[
                migrations.CreateModel(
                    name='Certificate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(default=certificates.models.new_certificate_code, max_length=32, unique=True, verbose_name='verification code')),
                        ('name', models.CharField(max_length=150, verbose_name='name as printed')),
                        ('workshop_title', models.CharField(max_length=255, verbose_name='workshop title')),
                        ('duration_minutes', models.PositiveIntegerField(default=0, verbose_name='duration (minutes)')),
                        ('organisation_name', models.CharField(max_length=120, verbose_name='organisation')),
                        ('trainer_name', models.CharField(blank=True, max_length=120, verbose_name='trainer')),
                        ('signatory_name', models.CharField(blank=True, max_length=120, verbose_name='signatory')),
                        ('signatory_role', models.CharField(blank=True, max_length=120, verbose_name='signatory role')),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='issued at')),
                        ('is_revoked', models.BooleanField(default=False, verbose_name='revoked')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                        ('revocation_reason', models.TextField(blank=True, verbose_name='reason for revoking')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certificates', to=settings.AUTH_USER_MODEL, verbose_name='participant')),
                        ('workshop', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='certificates', to='courses.workshoppage', verbose_name='workshop')),
                    ],
                    options={
                        'verbose_name': 'certificate',
                        'verbose_name_plural': 'certificates',
                        'db_table': 'courses_certificate',
                        'ordering': ['-issued_at'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='CertificateNameChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('old_name', models.CharField(max_length=150)),
                        ('new_name', models.CharField(max_length=150)),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='name_changes', to='certificates.certificate')),
                    ],
                    options={
                        'db_table': 'courses_certificatenamechange',
                        'ordering': ['changed_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='certificate',
                    constraint=models.UniqueConstraint(fields=('user', 'workshop'), name='one_certificate_per_workshop'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
