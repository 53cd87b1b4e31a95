"""A participant's own data: profile, download and deletion."""

import json

import pytest
from django.contrib.auth import get_user_model

from courses import participation
from courses.models import Enrolment, ModuleCompletion, ModulePage
from tests.factories import make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(participant):
    make_workshop(modules=2)
    participation.record_completion(participant, ModulePage.objects.first())


@pytest.mark.parametrize(
    "url", ["/accounts/profile/", "/accounts/data/", "/accounts/delete/"]
)
def test_account_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_profile_edits_the_name_on_certificates(participant_client, participant):
    html = participant_client.get("/accounts/profile/").content.decode()
    assert 'value="Sanne de Boer"' in html and participant.email in html

    response = participant_client.post(
        "/accounts/profile/", {"full_name": " Sanne  de Boer-Jansen "}
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.full_name == "Sanne de Boer-Jansen"


def test_profile_needs_a_name(participant_client, participant):
    response = participant_client.post("/accounts/profile/", {"full_name": "   "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    participant.refresh_from_db()
    assert participant.full_name == "Sanne de Boer"


def test_profile_ignores_fields_it_does_not_offer(participant_client, participant):
    participant_client.post(
        "/accounts/profile/",
        {"full_name": "Sanne", "email": "evil@example.com", "is_superuser": "on"},
    )
    participant.refresh_from_db()
    assert participant.email == "sanne@example.com" and not participant.is_superuser


def test_data_download_holds_the_participants_own_data(
    participant_client, participant, progress
):
    other = make_user("ander@example.com", full_name="Iemand Anders")
    participation.record_completion(other, ModulePage.objects.last())

    response = participant_client.get("/accounts/data/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "sanne@example.com"
    assert data["account"]["full_name"] == "Sanne de Boer"
    assert [e["workshop"] for e in data["enrolments"]] == ["LinkedIn"]
    assert len(data["module_completions"]) == 1
    assert "ander@example.com" not in response.content.decode()
    assert "password" not in data["account"]


def test_delete_page_says_what_will_be_removed(participant_client):
    html = participant_client.get("/accounts/delete/").content.decode()
    assert "definitief" in html and "voortgang" in html
    assert 'name="confirm"' in html


def test_delete_needs_confirmation(participant_client, participant):
    response = participant_client.post("/accounts/delete/", {})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=participant.pk).exists()


def test_delete_removes_the_account_and_progress_only_of_this_participant(
    participant_client, participant, progress
):
    other = make_user("ander@example.com")
    participation.record_completion(other, ModulePage.objects.first())

    response = participant_client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 302 and response.url == "/"
    assert not get_user_model().objects.filter(email="sanne@example.com").exists()
    assert not Enrolment.objects.filter(user_id=participant.pk).exists()
    assert not ModuleCompletion.objects.filter(user_id=participant.pk).exists()
    assert ModuleCompletion.objects.filter(user=other).count() == 1
    assert "_auth_user_id" not in participant_client.session
    assert participant_client.get("/dashboard/").status_code == 302


# The export is a registry (academy/base/privacy.py): every app adds its own section.
# What points at a user and is left out, with the reason. Anything else that points
# at a user must be in some app's section, or the test below fails.
NOT_EXPORTED = {
    # Secrets and short-lived keys, not records about the person: the export says
    # which social accounts are linked (socialaccount.SocialAccount), not the tokens.
    "socialaccount.SocialToken": "OAuth access tokens of a linked account (secrets)",
    "account.EmailConfirmation": "a one-time confirmation key, gone once used",
    "wagtailcore.APIToken": "an API secret of an administrator",
    # The editorial work of trainers and administrators in the admin. A participant
    # never has these; they stay with the content they describe.
    "wagtailcore.Page": "the trainer who created or locked a page (owner)",
    "wagtailcore.Revision": "who saved a draft of a page or quiz",
    "wagtailcore.PageLogEntry": "the admin's history of page actions",
    "wagtailcore.ModelLogEntry": "the admin's history of snippet actions",
    "wagtailcore.Comment": "trainers' comments on a draft page",
    "wagtailcore.CommentReply": "trainers' replies to those comments",
    "wagtailcore.PageSubscription": "trainers' notifications of page comments",
    "wagtailcore.TaskState": "a moderation step of a page",
    "wagtailcore.WorkflowState": "a moderation workflow of a page",
    "wagtailcore.UploadedFile": "a file a trainer is uploading in the editor",
    "wagtailadmin.EditingSession": "who has a page open in the editor right now",
    "wagtailadmin.FormState": "the editor's unsaved form state",
    "wagtailimages.Image": "who uploaded an image (content)",
    "wagtaildocs.Document": "who uploaded a document (content)",
    "wagtail_localize.StringTranslation": "who translated a sentence of the content",
    "wagtail_localize.SegmentOverride": "who changed a translated field of the content",
}


def user_records():
    """Every model that points at a user: directly, or as part of such a record
    (deleted with it: Answer of an Attempt, the name changes of a Certificate)."""
    from django.apps import apps

    user_model = get_user_model()

    def relations(model):
        return [
            field
            for field in model._meta.local_fields
            if field.is_relation
            and field.related_model is not None
            and not getattr(field.remote_field, "parent_link", False)
        ]

    direct = {
        model
        for model in apps.get_models()
        if any(f.related_model is user_model for f in relations(model))
    }
    personal = {m for m in direct if m._meta.label not in NOT_EXPORTED}
    parts = {
        model
        for model in apps.get_models()
        for field in relations(model)
        if field.related_model in personal
        and field.remote_field.on_delete.__name__ == "CASCADE"
    }
    return {m._meta.label for m in direct | parts} | {user_model._meta.label}


def test_every_record_that_points_at_a_user_is_exported_or_left_out_for_a_reason():
    from academy.base.privacy import exported_models

    exported = exported_models()
    missing = sorted(user_records() - exported - set(NOT_EXPORTED))
    assert not missing, f"in no app's data export (academy/base/privacy.py): {missing}"
    # And the list of what is left out names only models that exist.
    assert set(NOT_EXPORTED) <= user_records()
    assert not set(NOT_EXPORTED) & exported


def test_the_export_holds_every_apps_personal_records(client):
    """The practice notes and reflections, sessions and attendance, certificates
    with their name changes, attempts: all of the participant's, none of another's."""
    from datetime import timedelta

    from django.utils import timezone

    from certificates.issuing import correct_name
    from certificates.models import Certificate
    from live_sessions import registration as sessions
    from live_sessions.models import WorkshopSession
    from practice import logic as practice
    from practice.models import ReminderSettings
    from quizzes import attempts
    from tests.factories import make_quiz, make_tips_page

    user = make_user("pim@example.com", full_name="Pim Jansen")
    other = make_user("ander@example.com", full_name="Iemand Anders")
    workshop = make_workshop(modules=1)
    tips = list(make_tips_page(tips=3).tips.all())
    now = timezone.now()
    for person, note in ((user, "mijn eigen notitie"), (other, "niet van Pim")):
        practice.save_assessment(person, {tip.pk: (3, note) for tip in tips}, now=now)
        practice.save_plan(person, {tips[0].pk: f"actie van {person.full_name}"})
        practice.save_check_in(
            person,
            practice.week_of(timezone.localdate(now)),
            {tips[0].pk: (True, f"reflectie van {person.full_name}")},
            {},
            now=now,
        )
    ReminderSettings.objects.create(user=user, unsubscribed=True)
    session = WorkshopSession.objects.create(
        page=workshop,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
        registration_deadline=now + timedelta(days=6),
        location="Utrecht",
    )
    registration, _ = sessions.register(user, session)
    sessions.set_attendance(session, [user.pk])
    participation.record_completion(user, ModulePage.objects.get())
    certificate = Certificate.objects.get(user=user)
    correct_name(certificate, "Pim Jansen-de Vries")
    quiz = make_quiz(questions=1)
    question = quiz.question_data()[0]
    attempts.submit(user, quiz, {question.key: {"q1-a"}}, submission="s-1")

    client.force_login(user)
    data = json.loads(client.get("/accounts/data/").content)
    text = json.dumps(data)

    practice_data = data["tips_practice"]
    assert {r["note"] for r in practice_data["ratings"]} == {"mijn eigen notitie"}
    assert practice_data["plan"][0]["action"] == "actie van Pim Jansen"
    answer = practice_data["check_ins"][0]["answers"][0]
    assert answer["reflection"] == "reflectie van Pim Jansen" and answer["did_it"]
    assert practice_data["reminders"]["unsubscribed"] is True
    [registration_data] = data["session_registrations"]
    assert registration_data["attended"] and registration_data["place"] == "Utrecht"
    assert registration_data["status"] == "registered"
    [certificate_data] = data["certificates"]
    assert certificate_data["name"] == "Pim Jansen-de Vries"
    assert certificate_data["name_changes"][0]["old_name"] == "Pim Jansen"
    assert len(data["quiz_attempts"]) == 1
    assert "niet van Pim" not in text and "Iemand Anders" not in text
