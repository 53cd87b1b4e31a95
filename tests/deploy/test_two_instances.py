"""Stateless app servers: two gunicorn instances, one PostgreSQL, one Redis.

A participant logs in on the first instance and goes on on the second; progress made
through one is visible through the other; allauth's failed-login limit counts the
failures made on both; a trainer's publish shows on both at once (the cached pages
of both are invalidated through the shared cache).

This starts real processes against the local PostgreSQL and Redis, so it runs only
with ACADEMY_DEPLOY_TESTS=1 (`.ci/run` sets it); `make test` skips it.
"""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from certificates import keys

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "academy_two_instances"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/4"
PASSWORD = "two-instances-2026"  # noqa: S105 - a throwaway database's demo accounts
# Behind the load balancer every instance sees the site's own host name.
HOST = "academy.example.com"

pytestmark = pytest.mark.skipif(
    os.environ.get("ACADEMY_DEPLOY_TESTS") != "1",
    reason="starts gunicorn on PostgreSQL and Redis: set ACADEMY_DEPLOY_TESTS=1 "
    "(.ci/run does)",
)

BASE_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DEMO_PASSWORD": PASSWORD,
    "PYTHONPATH": str(ROOT),
}
PRODUCTION_ENV = {
    **BASE_ENV,
    "DJANGO_SETTINGS_MODULE": "academy.settings.production",
    "SECRET_KEY": "two-instances-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
    "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
    "REDIS_URL": REDIS_URL,
    "SECURE_SSL_REDIRECT": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "WEB_CONCURRENCY": "1",
    "LOG_LEVEL": "WARNING",
    "CREDENTIAL_SIGNING_KEY": keys.generate_pem(),
}


def run(*args, env=None):
    result = subprocess.run(  # noqa: S603
        args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def manage(*args, env):
    return run(sys.executable, "manage.py", *args, env=env)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    """HTTP on loopback with cookies kept by hand (production cookies are Secure,
    and the instances are reached over plain HTTP here)."""

    def __init__(self, cookies=None):
        self.cookies = cookies if cookies is not None else {}

    def request(self, port, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            fields = [*fields, ("csrfmiddlewaretoken", self.cookies.get("csrftoken"))]
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, fields):
        return self.request(port, "POST", path, fields)

    def log_in(self, port, email, password):
        self.get(port, "/accounts/login/")
        return self.post(
            port, "/accounts/login/", [("login", email), ("password", password)]
        )


@pytest.fixture(scope="module")
def instances():
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE)
    run("redis-cli", "-u", REDIS_URL, "flushdb")
    dev = {**BASE_ENV, "DJANGO_SETTINGS_MODULE": "academy.settings.dev"}
    manage("migrate", "--noinput", "-v0", env=dev)
    manage("load_demo", env=dev)
    manage("collectstatic", "--noinput", "-v0", env=PRODUCTION_ENV)
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "academy.wsgi",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                **PRODUCTION_ENV,
                "PORT": str(port),
                "ACCESS_LOG": "off",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            try:
                if Client().get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
    yield ports
    for server in servers:
        server.terminate()
        server.wait(timeout=30)
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE)


def quiz_of_first_module():
    """The first LinkedIn module's id and its right answers, read from the database."""
    script = (
        "import json\n"
        "from courses.models import ModulePage\n"
        "m = ModulePage.objects.live().filter(quiz__isnull=False).order_by('path')[0]\n"
        "n = ModulePage.objects.live().child_of(m.get_parent()).count()\n"
        "answers = [(f'q-{q.key}', k) for q in m.quiz.question_data()"
        " for k in sorted(q.correct_keys)]\n"
        "print(json.dumps({'id': m.pk, 'answers': answers, 'modules': n}))\n"
    )
    out = manage("shell", "-c", script, env=PRODUCTION_ENV)
    data = json.loads(out.strip().splitlines()[-1])
    return {
        "id": data["id"],
        "answers": [tuple(pair) for pair in data["answers"]],
        "modules": data["modules"],
    }


def test_a_session_started_on_one_instance_goes_on_on_the_other(instances):
    first, second = instances
    participant = Client()
    status, headers, _ = participant.log_in(first, "participant@example.com", PASSWORD)
    assert status == 302, headers
    status, _, html = participant.get(second, "/dashboard/")
    assert status == 200
    assert "Mijn voortgang" in html
    assert "/accounts/login/" not in html.split("<main", 1)[-1][:200]

    # Progress recorded through one instance is visible through the other: the
    # quiz form comes from the second, the answers go to the first.
    quiz = quiz_of_first_module()
    path = f"/modules/{quiz['id']}/quiz/"
    status, _, form = participant.get(second, path)
    assert status == 200
    token = re.search(r'name="submission" value="([^"]+)"', form).group(1)
    status, headers, _ = participant.post(
        first, path, [*quiz["answers"], ("submission", token)]
    )
    assert status == 302 and "/quiz/attempts/" in headers["Location"], headers
    status, _, dashboard = participant.get(second, "/dashboard/")
    # One module of the workshop done, rounded down as the progress bar shows it.
    percent = 100 // quiz["modules"]
    assert re.search(rf"\b{percent}\s*%", dashboard), f"1 of {quiz['modules']} done"

    # The same form sent to the other instance is the same attempt, not a new one.
    again = participant.post(second, path, [*quiz["answers"], ("submission", token)])
    assert again[0] == 302 and again[1]["Location"] == headers["Location"]


def test_the_failed_login_limit_counts_across_instances(instances):
    first, second = instances
    # allauth allows 5 failures per account in 5 minutes; 3 on one instance and 2
    # on the other reach it only if both count in the same (shared) place.
    for port in (first, first, first, second, second):
        status, _, html = Client().log_in(port, "trainer@example.com", "wrong-password")
        assert status == 200
        assert "Het e-mailadres en/of wachtwoord" in html or "errorlist" in html
    # Now even the right password is refused, on either instance.
    for port in (first, second):
        status, _, html = Client().log_in(port, "trainer@example.com", PASSWORD)
        assert status == 200, status  # the form again, not the redirect of a login
        assert "Te veel inlogpogingen" in html


def test_a_publish_shows_on_both_instances_at_once(instances):
    first, second = instances
    visitor = Client()
    for port in (first, second, first, second):  # cached on both now
        status, headers, html = visitor.get(port, "/workshops/")
        assert status == 200
    assert headers.get("X-Academy-Cache") == "hit"
    script = (
        "from courses.models import WorkshopIndexPage\n"
        "page = WorkshopIndexPage.objects.get(locale__language_code='nl')\n"
        "page.title = 'Alle workshops van de academie'\n"
        "page.save_revision().publish()\n"
    )
    manage("shell", "-c", script, env=PRODUCTION_ENV)
    for port in (first, second):
        status, _, html = visitor.get(port, "/workshops/")
        assert "Alle workshops van de academie" in html, port


def test_static_files_are_served_for_a_year_and_health_is_reported(instances):
    first, _second = instances
    status, _, html = Client().get(first, "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "a hashed stylesheet name (manifest storage)"
    status, headers, _ = Client().get(first, stylesheet.group(1))
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    status, _, body = Client().get(first, "/healthz")
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
