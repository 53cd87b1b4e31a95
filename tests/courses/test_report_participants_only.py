"""The progress report is about participants: trainers and administrators who start
a workshop to try it are not listed."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from courses import participation
from courses.models import ModulePage
from tests.factories import make_user, make_workshop

pytestmark = pytest.mark.django_db


def emails_in_report(client, **params):
    response = client.get(
        "/admin/reports/participant-progress/", {**params, "export": "csv"}
    )
    body = b"".join(response.streaming_content).decode()
    return sorted(row[1] for row in list(csv.reader(io.StringIO(body)))[1:])


def test_trainers_and_administrators_are_not_in_the_progress_report(
    trainer_client, participant, trainer, admin_user
):
    workshop = make_workshop(modules=2)
    module = ModulePage.objects.child_of(workshop).first()
    staff = make_user("staf@example.com", is_staff=True)
    other_trainer = make_user("trainer2@example.com")
    other_trainer.groups.add(Group.objects.get(name="Trainers"))
    for user in (participant, trainer, admin_user, staff, other_trainer):
        participation.record_completion(user, module)

    assert emails_in_report(trainer_client) == ["sanne@example.com"]
    assert emails_in_report(trainer_client, status="in_progress") == [
        "sanne@example.com"
    ]
    html = trainer_client.get("/admin/reports/participant-progress/").content.decode()
    assert "sanne@example.com" in html
    for email in ("trainer2@example.com", "admin@example.com", "staf@example.com"):
        assert email not in html
