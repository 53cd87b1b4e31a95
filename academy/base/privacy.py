"""A participant's own data: the registry every app adds its part of the export to.

Each app registers, from its own `AppConfig.ready()`, a section of the personal-data
export (`/accounts/data/`): a name, a function `user -> JSON-ready data`, and the
models whose rows the section holds. `export_user_data` puts the sections together;
a test walks every model of the project and fails when one that points at a user is
in no section (tests/academy/test_privacy.py), so a new model cannot be forgotten.
Plain functions, no request objects.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class ExportSection:
    name: str
    export: Callable
    models: tuple = ()  # the models (app_label.ModelName) whose rows it holds


_sections = {}


def register(name, export, models=()):
    """Add a section to the export; `models` are labels such as "quizzes.Attempt"."""
    _sections[name] = ExportSection(name, export, tuple(models))


def sections():
    return list(_sections.values())


def exported_models():
    """The labels of every model some section exports."""
    return {label for section in _sections.values() for label in section.models}


def export_user_data(user):
    """Everything stored about `user`, as JSON-ready data."""
    data = {"exported_at": timezone.now().isoformat()}
    for section in _sections.values():
        data[section.name] = section.export(user)
    return data


@transaction.atomic
def delete_account(user):
    """Delete the account with everything personal: addresses, logins, progress."""
    user.delete()  # cascades to email addresses, social accounts, enrolments, ...
