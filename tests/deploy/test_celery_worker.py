"""Background jobs on a real Celery worker and beat, with Redis as the broker.

An email queued by the site is sent by the worker; the same task sent twice sends
one email; an email that no task took (the broker was away) is sent by beat's
sweep; a booster that came due is emailed by beat's booster job. Real processes
against the local PostgreSQL and Redis: only with ACADEMY_DEPLOY_TESTS=1 (`.ci/run`
sets it); `make test` runs every task eagerly instead.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from certificates import keys

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "academy_celery"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
BROKER = "redis://127.0.0.1:6379/6"

pytestmark = pytest.mark.skipif(
    os.environ.get("ACADEMY_DEPLOY_TESTS") != "1",
    reason="starts a Celery worker and beat on PostgreSQL and Redis: set "
    "ACADEMY_DEPLOY_TESTS=1 (.ci/run does)",
)


def environment(mail_dir):
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "academy.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": BROKER,
        "SECRET_KEY": "celery-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "academy.example.com",
        "WAGTAILADMIN_BASE_URL": "https://academy.example.com",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CREDENTIAL_SIGNING_KEY": keys.generate_pem(),
        "LOG_LEVEL": "WARNING",
        "CELERY_LOG_LEVEL": "INFO",
    }


def run(args, env, stdin=None):
    result = subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def shell(code, env):
    return run([sys.executable, "manage.py", "shell"], env, stdin=code)


def query(sql):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}") as db:
        return db.execute(sql).fetchall()


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def sent_subjects(mail_dir):
    subjects = []
    for path in mail_dir.glob("*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("Subject: "):
                subjects.append(line.removeprefix("Subject: "))
    return sorted(subjects)


def test_a_real_worker_and_beat_send_every_email_once(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = environment(mail_dir)
    dev = {**env, "DJANGO_SETTINGS_MODULE": "academy.settings.dev"}
    dev.pop("CELERY_BROKER_URL")  # set-up runs its tasks at once
    run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], env)
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], env)
    run(["redis-cli", "-u", BROKER, "flushdb"], env)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], dev)
    run([sys.executable, "manage.py", "load_demo"], {**dev, "DEMO_PASSWORD": "x" * 12})
    # Before any worker runs: an email the broker never got (left for the sweep),
    # and a participant with a booster due.
    shell(
        """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from academy.base.models import OutgoingEmail
from boosters import logic
from quizzes.models import Quiz
OutgoingEmail.objects.create(kind="test", key="sweep", to=["a@example.com"],
    subject="Left for the sweep", body="B")
OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=10))
user = get_user_model().objects.create_user(
    email="booster@example.com", password="x" * 12, full_name="Booster Test")
quiz = Quiz.objects.get(pk=logic.module_quiz_ids()[0])
logic.schedule_boosters(user, quiz, timezone.now() - timedelta(days=3))
""",
        dev,
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "academy", "worker", "--pool=solo",
         "--loglevel=INFO", "-Q", "academy"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    beat = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "academy", "beat", "--loglevel=INFO",
         "--schedule", str(tmp_path / "celerybeat-schedule")],
        cwd=ROOT, env={**env, "CELERY_BEAT_EVERY": "2"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        # The site queues an email (not eager: a broker is set); then the same task
        # is sent again, as a redelivery would.
        shell(
            """
from academy.base import outbox
from academy.base.tasks import send_email
email = outbox.queue("test", "direct", ["b@example.com"], "Queued by the site", "B")
send_email.delay(email.pk)
""",
            env,
        )
        assert wait_for(
            lambda: (
                len(sent_subjects(mail_dir)) >= 3
                and not query("SELECT 1 FROM base_outgoingemail WHERE state <> 'sent'")
            )
        ), (
            sent_subjects(mail_dir),
            query("SELECT kind, state FROM base_outgoingemail"),
        )
        time.sleep(5)  # beat runs every job again: nothing is sent twice
        subjects = sent_subjects(mail_dir)
        assert subjects.count("Queued by the site") == 1
        assert subjects.count("Left for the sweep") == 1
        assert len([s for s in subjects if "opfrisser" in s]) == 1
        assert (
            query("SELECT count(*) FROM boosters_booster WHERE emailed_at IS NOT NULL")[
                0
            ][0]
            >= 1
        )
    finally:
        for process in (beat, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (beat, worker):
            try:
                output, _ = process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                output, _ = process.communicate()
            print(output[-3000:])
