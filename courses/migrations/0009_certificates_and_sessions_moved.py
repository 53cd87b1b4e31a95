"""Certificates and live sessions moved to their own apps (state only: the tables
stay, and the new apps' first migrations take them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_trainers_take_attendance"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (see db_table): only the state moves.
            state_operations=[
                migrations.RemoveField(
                    model_name="certificatenamechange",
                    name="certificate",
                ),
                migrations.RemoveField(
                    model_name="registration",
                    name="session",
                ),
                migrations.RemoveField(
                    model_name="registration",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="workshopsession",
                    name="page",
                ),
                migrations.DeleteModel(
                    name="Certificate",
                ),
                migrations.DeleteModel(
                    name="CertificateNameChange",
                ),
                migrations.DeleteModel(
                    name="Registration",
                ),
                migrations.DeleteModel(
                    name="WorkshopSession",
                ),
            ],
            database_operations=[],
        ),
    ]
