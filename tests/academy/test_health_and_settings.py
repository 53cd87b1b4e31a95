"""Operational contracts: /healthz, production settings, check --deploy."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

from certificates import keys

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "academy.settings.production",
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret-key",
    "ALLOWED_HOSTS": "academy.example.com",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "does-not-matter.sqlite3"),
    "WAGTAILADMIN_BASE_URL": "https://academy.example.com",
    # Production does not start without the key that signs the credentials.
    "CREDENTIAL_SIGNING_KEY": keys.generate_pem(),
}


def run_manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("academy.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_healthz_says_degraded_but_200_when_only_the_cache_is_down(client):
    with mock.patch("academy.views.cache.set", side_effect=ConnectionError):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
    }


def test_livez_answers_without_the_database(client):
    response = client.get("/livez")  # no django_db mark: a query would fail
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_demo_content():
    result = run_manage("load_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "not allowed" in result.stderr


@pytest.mark.django_db
def test_robots_txt_and_sitemap(client):
    from tests.factories import make_workshop

    make_workshop(modules=1)
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert b"/workshops/linkedin/module-1/" in sitemap.content


def test_email_verification_is_mandatory_in_production():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ACCOUNT_EMAIL_VERIFICATION)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "mandatory", result.stderr


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "optional"), ("mandatory", "mandatory")]
)
def test_email_verification_is_configurable_in_dev(value, expected):
    env = {"DJANGO_SETTINGS_MODULE": "academy.settings.dev"}
    if value:
        env["ACCOUNT_EMAIL_VERIFICATION"] = value
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ACCOUNT_EMAIL_VERIFICATION)",
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
