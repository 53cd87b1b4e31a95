"""Trainers' reports and exports read from the database replica when there is one
(academy/base/replica.py); participants' pages, every write and the Wagtail admin's
editing use the primary.

In the tests the `replica` alias is a second connection to the test database (a test
mirror, academy/settings/test.py); `replica_router` turns the router on, as
DATABASE_REPLICA_URL does in production. Those tests are transactional: the replica
connection sees only what is committed, as a real replica does.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from academy.base import outbox
from academy.base.replica import (
    REPLICA,
    ReplicaRouter,
    reading_from_replica,
    reads_from_replica,
    while_reading_from_replica,
)
from academy.base.reports import TrainerReport
from courses import participation
from courses.models import Enrolment, ModulePage, WorkshopPage
from live_sessions import registration as sessions
from live_sessions.models import WorkshopSession
from practice import logic as practice
from quizzes import attempts
from quizzes.models import Attempt, Quiz
from tests.academy.test_health_and_settings import PRODUCTION_ENV, run_manage
from tests.factories import (
    make_quiz,
    make_tips_page,
    make_user,
    make_workshop,
    right_answers,
)
from tests.spreadsheets import read_csv, read_xlsx

ROUTER = "academy.base.replica.ReplicaRouter"
with_replica = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA]
)
URL_ARGUMENTS = {"quiz_id": "quiz", "session_id": "session"}


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


@pytest.fixture
def no_router(settings):
    """As without DATABASE_REPLICA_URL (the tests may run with it set)."""
    settings.DATABASE_ROUTERS = []


class Queries:
    """The queries run on the primary and on the replica inside the block."""

    def __enter__(self):
        self.contexts = {
            alias: CaptureQueriesContext(connections[alias])
            for alias in (DEFAULT_DB_ALIAS, REPLICA)
        }
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def sql(self, alias):
        return [query["sql"] for query in self.contexts[alias].captured_queries]


def report_paths(patterns=None, prefix="/"):
    """Every URL of a TrainerReport (pages and their results views)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        path = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += report_paths(pattern.url_patterns, path)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class and issubclass(view_class, TrainerReport):
                found.append(path)
    return found


@pytest.fixture
def academy():
    """A participant who did a bit of everything, and a trainer."""
    trainer = make_user("marieke@example.com", full_name="Marieke van Dijk")
    trainer.groups.add(Group.objects.get(name="Trainers"))
    participant = make_user("sanne@example.com", full_name="Sanne de Boer")

    workshop = make_workshop(modules=2)
    module = ModulePage.objects.get(slug="module-1")
    module.quiz = make_quiz(questions=3, max_attempts=2)
    module.save_revision().publish()
    quiz = Quiz.objects.get()
    participation.enrol(participant, WorkshopPage.objects.get(pk=workshop.pk))
    wrong = {"q1": {"q1-a"}, "m": {"m-a"}, "q3": {"q3-a"}}
    attempts.submit(participant, quiz, wrong, "a" * 20)

    starts_at = timezone.now() + timedelta(days=7)
    session = WorkshopSession.objects.create(
        page=workshop,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        location="Utrecht",
        trainer_name="Marieke van Dijk",
        seats=12,
        registration_deadline=starts_at - timedelta(days=1),
    )
    sessions.register(participant, session)

    tips = list(make_tips_page(tips=2).tips.all())
    practice.save_assessment(
        participant, {tip.pk: (3, "") for tip in tips}, timezone.now()
    )

    objects = {"quiz": quiz, "session": session}
    urls = [
        re.sub(
            r"<(?:\w+:)?(\w+)>",
            lambda match: str(objects[URL_ARGUMENTS[match.group(1)]].pk),
            path,
        )
        for path in report_paths()
    ]
    outbox.queue("test", "k", [participant.email], "Hallo", "Tekst", user=participant)
    administrator = get_user_model().objects.create_superuser(
        email="beheer@example.com", password="beheer-wachtwoord-2026"
    )
    return {
        "trainer": trainer,
        "administrator": administrator,
        "participant": participant,
        "module": ModulePage.objects.get(pk=module.pk),
        "quiz": quiz,
        "urls": urls,
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def report_tables(sql):
    """The app tables a list of queries reads, but the accounts' and sessions'."""
    tables = set()
    for query in sql:
        tables |= set(
            re.findall(
                r'"((?:courses|quizzes|live_sessions|practice|certificates)_\w+)"',
                query,
            )
        )
    return tables


# The router on its own.


def test_reads_go_to_the_replica_only_inside_the_context(replica_router):
    assert router.db_for_read(Attempt) == DEFAULT_DB_ALIAS
    with reading_from_replica():
        assert router.db_for_read(Attempt) == REPLICA
        assert router.db_for_read(Enrolment) == REPLICA
        with reading_from_replica():
            assert router.db_for_read(Attempt) == REPLICA
        assert router.db_for_read(Attempt) == REPLICA  # the inner one left, not this
    assert router.db_for_read(Attempt) == DEFAULT_DB_ALIAS


def test_writes_go_to_the_primary_also_inside_the_context(replica_router):
    with reading_from_replica():
        assert router.db_for_write(Attempt) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "quizzes")
    assert not router.allow_migrate(REPLICA, "quizzes")


def test_who_asks_and_their_session_come_from_the_primary(replica_router):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.sessions.models import Session

    with reading_from_replica():
        for model in (get_user_model(), Group, Permission, Session):
            assert router.db_for_read(model) == DEFAULT_DB_ALIAS, model


def test_without_a_replica_the_context_changes_nothing(replica_router, monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    with reading_from_replica():
        assert router.db_for_read(Attempt) == DEFAULT_DB_ALIAS
    assert ReplicaRouter().db_for_read(Attempt) == DEFAULT_DB_ALIAS


def test_without_the_router_the_context_changes_nothing(no_router):
    with reading_from_replica():
        assert router.db_for_read(Attempt) == DEFAULT_DB_ALIAS


def test_a_stream_reads_from_the_replica_only_while_it_makes_an_item(replica_router):
    def rows():
        for number in range(3):
            yield number, router.db_for_read(Attempt)

    seen = []
    for row in while_reading_from_replica(rows()):
        seen.append((row, router.db_for_read(Attempt)))
    assert seen == [((n, REPLICA), DEFAULT_DB_ALIAS) for n in range(3)]


def test_a_report_view_reads_the_replica_for_get_and_head_only(replica_router, rf):
    seen = []

    def view(request):
        seen.append((request.method, router.db_for_read(Attempt)))
        return HttpResponse()

    for method in ("get", "head", "post"):
        request = getattr(rf, method)("/admin/reports/x/")
        request.user = AnonymousUser()
        reads_from_replica(view)(request)
    assert seen == [("GET", REPLICA), ("HEAD", REPLICA), ("POST", DEFAULT_DB_ALIAS)]


# Through the views, with a real second connection.


@with_replica
def test_reads_in_a_transaction_and_writes_go_to_the_primary(replica_router):
    participant = make_user("sanne@example.com")
    workshop = WorkshopPage.objects.get(pk=make_workshop(modules=1).pk)
    with Queries() as queries, reading_from_replica():
        assert Enrolment.objects.count() == 0  # the replica
        with transaction.atomic():
            # Read to write: from the primary, not a copy that may lag.
            user = type(participant).objects.select_for_update().get(pk=participant.pk)
            assert Enrolment.objects.filter(user=user).count() == 0
            Enrolment.objects.create(user=user, workshop=workshop)
            # A second connection: it sees only what is committed.
            assert Enrolment.objects.using(REPLICA).count() == 0
        Enrolment.objects.filter(user=participant).update(enrolled_at=timezone.now())
    assert Enrolment.objects.using(REPLICA).count() == 1
    assert [sql.split(" FROM ")[0] for sql in queries.sql(REPLICA)] == [
        'SELECT COUNT(*) AS "__count"'
    ] * 2
    on_primary = " ".join(queries.sql(DEFAULT_DB_ALIAS))
    assert 'INSERT INTO "courses_enrolment"' in on_primary
    assert 'UPDATE "courses_enrolment"' in on_primary
    assert Enrolment.objects.using(DEFAULT_DB_ALIAS).count() == 1


@with_replica
def test_every_report_and_export_reads_from_the_replica(replica_router, academy):
    trainer = client_for(academy["trainer"])
    administrator = client_for(academy["administrator"])
    assert len(academy["urls"]) >= 9  # six reports, three of them with results views
    for url in academy["urls"]:
        # The outbox is for administrators only (participants' addresses and mail).
        client = administrator if url.startswith("/admin/reports/emails/") else trainer
        with Queries() as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        replica = queries.sql(REPLICA)
        assert replica, url
        # The report's data comes from the replica; the primary only says who asks.
        assert not report_tables(queries.sql(DEFAULT_DB_ALIAS)), (
            url,
            queries.sql(DEFAULT_DB_ALIAS),
        )

        for export, read in (("csv", read_csv), ("xlsx", read_xlsx)):
            with Queries() as queries:
                response = client.get(url, {"export": export})
                rows = read(response)  # streamed: read after the view returned
            assert response.status_code == 200, (url, export)
            assert len(rows) >= 2, (url, export)  # headings and data
            assert queries.sql(REPLICA), (url, export)
            assert not report_tables(queries.sql(DEFAULT_DB_ALIAS)), (url, export)


@with_replica
def test_a_streamed_export_reads_its_rows_from_the_replica(replica_router, academy):
    client = client_for(academy["trainer"])
    response = client.get("/admin/reports/participant-progress/", {"export": "csv"})
    assert response.streaming
    with Queries() as queries:
        rows = read_csv(response)
    assert "sanne@example.com" in [cell for row in rows for cell in row]
    assert any("courses_enrolment" in sql for sql in queries.sql(REPLICA))
    assert queries.sql(DEFAULT_DB_ALIAS) == []


@with_replica
def test_participants_pages_and_writes_use_the_primary(replica_router, academy):
    client = client_for(academy["participant"])
    module = academy["module"]
    quiz_url = f"/modules/{module.pk}/quiz/"
    with Queries() as queries:
        for url in ("/dashboard/", module.url, quiz_url, "/tips/"):
            assert client.get(url).status_code == 200, url
        html = client.get(quiz_url).content.decode()
        token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
        answers = right_answers(academy["quiz"])
        response = client.post(quiz_url, {**answers, "submission": token})
        assert response.status_code in (200, 302)
    assert Attempt.objects.filter(user=academy["participant"]).count() == 2
    assert queries.sql(DEFAULT_DB_ALIAS)
    assert queries.sql(REPLICA) == []


@with_replica
def test_trainers_actions_and_the_page_editor_use_the_primary(replica_router, academy):
    """What a trainer does (and the pages shown right after it) reads fresh data."""
    from quizzes.models import ExtraAttempts

    client = client_for(academy["trainer"])
    participant, module = academy["participant"], academy["module"]
    detail = f"/admin/reports/participants/{participant.pk}/"
    with Queries() as queries:
        assert client.get(detail).status_code == 200
        response = client.post(
            detail + "extra-attempts/",
            {"quiz": academy["quiz"].pk, "count": "1", "granted_before": "0"},
        )
        assert response.status_code == 302
        assert client.get(f"/admin/pages/{module.pk}/edit/").status_code == 200
        assert client.get("/admin/").status_code == 200
    assert queries.sql(DEFAULT_DB_ALIAS)
    assert queries.sql(REPLICA) == []
    assert ExtraAttempts.objects.get().count == 1


@with_replica
def test_without_the_router_reports_read_the_primary(no_router, academy):
    client = client_for(academy["trainer"])
    with Queries() as queries:
        assert client.get("/admin/reports/participant-progress/").status_code == 200
        rows = read_csv(
            client.get("/admin/reports/participant-progress/", {"export": "csv"})
        )
    assert len(rows) == 2
    assert "courses_enrolment" in " ".join(queries.sql(DEFAULT_DB_ALIAS))
    assert queries.sql(REPLICA) == []


# The settings.

SHOW_DATABASES = (
    "from django.conf import settings; "
    "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
    "settings.DATABASES.get('replica', {}).get('HOST'), "
    "settings.DATABASES.get('replica', {}).get('CONN_HEALTH_CHECKS'))"
)


def test_production_has_a_replica_only_when_asked():
    env = {**PRODUCTION_ENV, "DATABASE_REPLICA_URL": ""}
    result = run_manage("shell", "-c", SHOW_DATABASES, env=env)
    assert result.stdout.strip().splitlines()[-1] == "['default'] [] None None", (
        result.stderr
    )
    env = {
        **PRODUCTION_ENV,
        "DATABASE_REPLICA_URL": "postgres://reports@replica.example.com:5432/academy",
    }
    result = run_manage("shell", "-c", SHOW_DATABASES, env=env)
    assert result.stdout.strip().splitlines()[-1] == (
        f"['default', 'replica'] ['{ROUTER}'] replica.example.com True"
    ), result.stderr
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
