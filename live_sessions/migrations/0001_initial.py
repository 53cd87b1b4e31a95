"""Live sessions move here from `courses`: their tables stay as they are."""

import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models

from academy.base import moving

APP = 'live_sessions'
MODELS = ['workshopsession', 'registration']


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
                    name='WorkshopSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('starts_at', models.DateTimeField(verbose_name='starts at')),
                        ('ends_at', models.DateTimeField(verbose_name='ends at')),
                        ('location', models.CharField(blank=True, help_text='The address; leave empty for an online session.', max_length=255, verbose_name='place')),
                        ('meeting_link', models.URLField(blank=True, help_text='For online sessions; only registered participants see it.', verbose_name='meeting link')),
                        ('trainer_name', models.CharField(blank=True, max_length=120, verbose_name='trainer')),
                        ('seats', models.PositiveIntegerField(default=12, verbose_name='number of seats')),
                        ('registration_deadline', models.DateTimeField(verbose_name='registration deadline')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='courses.workshoppage')),
                    ],
                    options={
                        'verbose_name': 'session',
                        'verbose_name_plural': 'sessions',
                        'db_table': 'courses_workshopsession',
                        'ordering': ['starts_at'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Registration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('registered', 'registered'), ('waiting', 'on the waiting list'), ('cancelled', 'cancelled')], default='registered', max_length=12, verbose_name='status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registered at')),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='changed at')),
                        ('attended', models.BooleanField(default=False, verbose_name='attended')),
                        ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='checked in at')),
                        ('sequence', models.PositiveIntegerField(default=0, editable=False)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='session_registrations', to=settings.AUTH_USER_MODEL, verbose_name='participant')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='live_sessions.workshopsession', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'registration',
                        'verbose_name_plural': 'registrations',
                        'db_table': 'courses_registration',
                        'ordering': ['session', 'created_at'],
                        'constraints': [models.UniqueConstraint(fields=('session', 'user'), name='one_registration_per_session')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
