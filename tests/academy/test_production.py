"""Running in production: the shared cache and its outages, sessions, media storage,
structured logs and the gunicorn configuration."""

import json
import logging
import runpy
import socket
import time

import pytest
from django.test import override_settings

from academy.base.models import SiteSettings
from academy.cache import ResilientRedisCache
from academy.log import GunicornAccessFormatter, JsonFormatter
from academy.settings.base import media_storage
from tests.academy.test_health_and_settings import PRODUCTION_ENV, ROOT, run_manage
from tests.factories import make_workshop

TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once closed


def dead_redis():
    return {
        "BACKEND": "academy.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": TIMEOUTS,
    }


def redis_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_a_redis_outage_is_a_cache_miss_not_an_error(caplog):
    cache = ResilientRedisCache(dead_redis()["LOCATION"], {"OPTIONS": TIMEOUTS})
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="academy.cache"):
        assert cache.get("k", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("k", 1) is True  # a lock "taken": callers go on
        cache.set("k", 1)
        cache.delete("k")
        with pytest.raises(ValueError):  # what incr does for a missing key
            cache.incr("k")
    assert time.monotonic() - started < 2  # never hangs
    assert "cache unavailable" in caplog.text


def test_after_a_failure_redis_is_not_asked_for_a_while(monkeypatch):
    cache = ResilientRedisCache(dead_redis()["LOCATION"], {"OPTIONS": TIMEOUTS})
    assert cache.get("k") is None
    asked = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCache.get",
        lambda *args, **kwargs: asked.append(args),
    )
    assert cache.get("k") is None
    assert asked == []


def outage_ended(location):
    """Mark Redis at `location` as having been down until a moment ago."""
    from academy.cache import _State, _states

    state = _states.setdefault(location, _State())
    state.down_until = time.monotonic() - 1
    return state


def outage_now(location):
    from academy.cache import _State, _states

    state = _states.setdefault(location, _State())
    state.down_until = time.monotonic() + 60
    return state


@pytest.mark.skipif(not redis_running(), reason="needs Redis on 127.0.0.1:6379")
def test_when_redis_comes_back_the_content_versions_are_dropped():
    from academy.base.caching import CONTENT_VERSION_KEY

    location = "redis://127.0.0.1:6379/14"
    default = ResilientRedisCache(location, {"OPTIONS": TIMEOUTS})
    renditions = ResilientRedisCache(
        location, {"OPTIONS": TIMEOUTS, "KEY_PREFIX": "renditions"}
    )
    default.set(CONTENT_VERSION_KEY, "before-the-outage")
    # An outage that has just ended: a publish made meanwhile was not recorded.
    # Whichever cache alias speaks first, the default cache's versions go.
    outage_ended(location)
    renditions.get("some-rendition")
    assert default.get(CONTENT_VERSION_KEY) is None


@pytest.mark.skipif(not redis_running(), reason="needs Redis on 127.0.0.1:6379")
def test_a_session_deleted_during_an_outage_does_not_come_back():
    """Found in review: a logout while Redis was down left the cached session,
    which came back when Redis did."""
    location = "redis://127.0.0.1:6379/14"
    cache = ResilientRedisCache(location, {"OPTIONS": TIMEOUTS})
    cache.set("session-of-sanne", {"_auth_user_id": "1"})
    cache.set("session-of-kees", {"_auth_user_id": "2"})
    outage_now(location)
    cache.delete("session-of-sanne")  # the logout: not written to Redis
    cache.set("session-of-kees", {"_auth_user_id": "2", "changed": True})
    outage_ended(location)
    assert cache.get("session-of-sanne") is None
    assert cache.get("session-of-kees") is None  # stale copy gone: read from the db


@pytest.mark.skipif(not redis_running(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_up_it_is_a_plain_redis_cache():
    cache = ResilientRedisCache("redis://127.0.0.1:6379/14", {"OPTIONS": TIMEOUTS})
    cache.set("academy-test", {"a": 1}, 10)
    assert cache.get("academy-test") == {"a": 1}
    assert cache.add("academy-test", 2) is False
    cache.set("academy-counter", 1, 10)
    assert cache.incr("academy-counter") == 2
    cache.delete_many(["academy-test", "academy-counter"])


@pytest.mark.django_db
def test_the_site_works_while_redis_is_down(client, participant):
    SiteSettings.load()
    make_workshop(modules=1)
    down = dead_redis()
    with override_settings(CACHES={"default": down, "renditions": down}):
        assert client.get("/").status_code == 200
        assert client.get("/workshops/linkedin/").status_code == 200
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["cache"] == "unavailable"
        # Sessions are in the database too: logging in still works.
        response = client.post(
            "/accounts/login/",
            {"login": "sanne@example.com", "password": "correct-horse-battery-staple"},
        )
        assert response.status_code == 302
        assert client.get("/dashboard/").status_code == 200


def production_value(expression, **env):
    result = run_manage(
        "shell",
        "-c",
        f"from django.conf import settings; print({expression})",
        env={**PRODUCTION_ENV, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_uses_redis_for_cache_and_sessions_when_configured():
    backend = "settings.CACHES['default']['BACKEND']"
    assert (
        production_value(backend, REDIS_URL="redis://127.0.0.1:6379/0")
        == "academy.cache.ResilientRedisCache"
    )
    assert production_value(backend) == "django.core.cache.backends.db.DatabaseCache"
    assert (
        production_value("settings.SESSION_ENGINE")
        == "django.contrib.sessions.backends.cached_db"
    )


def test_production_logs_are_json_lines():
    assert (
        production_value("settings.LOGGING['handlers']['console']['formatter']")
        == "json"
    )


def test_media_go_to_the_file_system_unless_a_bucket_is_set():
    assert media_storage({})["BACKEND"].endswith("FileSystemStorage")
    storage = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "academy-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.nl-ams.example.com",
            "AWS_S3_REGION_NAME": "nl-ams",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "academy-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.nl-ams.example.com"
    assert storage["OPTIONS"]["querystring_auth"] is True  # private bucket


def test_the_s3_storage_builds_signed_links_without_the_network(monkeypatch):
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    options = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "academy-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.com",
            "AWS_S3_REGION_NAME": "nl-ams",
        }
    )["OPTIONS"]
    url = S3Storage(**options).url("images/logo.png")
    assert url.startswith("https://s3.example.com/academy-media/media/images/logo.png")
    assert "Signature" in url or "X-Amz-Signature" in url


def test_production_media_storage_follows_the_environment():
    expression = "settings.STORAGES['default']['BACKEND']"
    assert production_value(expression).endswith("FileSystemStorage")
    assert (
        production_value(expression, AWS_STORAGE_BUCKET_NAME="b")
        == "storages.backends.s3.S3Storage"
    )


def test_log_records_become_one_json_object_per_line():
    record = logging.makeLogRecord(
        {
            "name": "courses",
            "levelname": "WARNING",
            "levelno": logging.WARNING,
            "msg": "Certificaat %s ingetrokken",
            "args": ("ab12",),
            "workshop": "LinkedIn",
        }
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Certificaat ab12 ingetrokken"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "courses"
    assert entry["workshop"] == "LinkedIn"
    assert entry["time"].endswith("+00:00")


def test_gunicorn_access_lines_are_json():
    atoms = {
        "h": "10.0.0.5",
        "m": "GET",
        "U": '/search/"quoted',
        "q": "q=linkedin",
        "s": "200",
        "B": "5120",
        "D": "12345",
        "a": "Mozilla/5.0",
        "{x-request-id}i": "-",
    }
    record = logging.makeLogRecord({"msg": "%(h)s", "args": ()})
    record.args = atoms
    entry = json.loads(GunicornAccessFormatter().format(record))
    assert entry["path"] == '/search/"quoted'  # escaped properly, still valid JSON
    assert entry["status"] == 200
    assert entry["bytes"] == 5120
    assert entry["duration_ms"] == 12.3
    assert entry["request_id"] is None


def test_gunicorn_configuration_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("BIND", raising=False)
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 2
    assert config["bind"] == "127.0.0.1:8123"
    # gunicorn 27 would share one control socket between instances otherwise.
    assert config["control_socket_disable"] is True

    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "/run/academy/a.ctl")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["control_socket"] == "/run/academy/a.ctl"
    assert "control_socket_disable" not in config


@pytest.mark.django_db
def test_the_benchmarks_query_count_header(client, settings):
    """Only `make bench` switches it on; it must count what the request ran."""
    settings.MIDDLEWARE = [
        "academy.middleware.QueryCountHeaderMiddleware",
        *settings.MIDDLEWARE,
    ]
    assert client.get("/livez")["X-Query-Count"] == "0"
    assert int(client.get("/healthz")["X-Query-Count"]) >= 1  # SELECT 1
