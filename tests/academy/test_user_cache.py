"""The logged-in user's row comes from the cache (academy/users/middleware.py):
one query fewer per request, and every change to the user counts at once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from academy.users.middleware import cache_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def user_queries(client, path="/dashboard/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    table = get_user_model()._meta.db_table
    return response, [
        q["sql"] for q in queries if f'FROM "{table}"' in q["sql"].replace("`", '"')
    ]


def test_the_user_is_read_from_the_database_once(participant_client):
    _response, first = user_queries(participant_client)
    response, second = user_queries(participant_client)
    assert len(first) == 1 and second == []
    assert response.status_code == 200
    assert "Sanne" in response.content.decode()  # the header shows who is logged in


def test_a_new_name_shows_on_the_next_page(participant_client, participant):
    user_queries(participant_client)
    participant.full_name = "Anna Jansen"
    participant.save()
    response, queries = user_queries(participant_client)
    assert len(queries) == 1
    html = response.content.decode()
    assert participant.get_short_name() == "Anna"
    assert ">Anna</a>" in html and ">Sanne</a>" not in html


def test_a_deactivated_account_is_logged_out_at_once(participant_client, participant):
    user_queries(participant_client)
    participant.is_active = False
    participant.save()
    response = participant_client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_new_password_ends_other_sessions(participant, client):
    other = Client()
    client.force_login(participant)
    other.force_login(participant)
    assert other.get("/dashboard/").status_code == 200  # cached now
    participant.set_password("een-nieuw-wachtwoord-2026")
    participant.save()
    response = other.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_deleted_user_is_forgotten(participant_client, participant):
    user_queries(participant_client)
    pk = participant.pk
    assert cache.get(cache_key(pk)) is not None
    participant.delete()
    assert cache.get(cache_key(pk)) is None
    response = participant_client.get("/dashboard/")
    assert response.status_code == 302
