"""Showing and scoring a quiz cost a fixed number of queries (3 vs 30 questions)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.base.models import SiteSettings
from courses.models import ModulePage
from tests.factories import make_quiz, make_workshop, right_answers

pytestmark = pytest.mark.django_db
# Submitting the passing attempt of a one-module workshop also completes the module,
# issues the certificate and indexes it for the admin's search, and schedules the
# module's boosters (one insert, and the module quizzes once per content version):
# the most work there is.
# Cold: + the quizzes' translation map (2 queries, once per publish).
MAX_SHOW, MAX_SUBMIT = 14, 49


def measure(client, questions, name):
    make_workshop(modules=1, slug=name, title=name)
    module = ModulePage.objects.get(url_path__contains=f"/{name}/")
    module.quiz = make_quiz(questions=questions, title=name)
    module.save_revision().publish()
    url = f"/modules/{module.pk}/quiz/"
    client.get(url)
    with CaptureQueriesContext(connection) as show:
        html = client.get(url).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    with CaptureQueriesContext(connection) as submit:
        response = client.post(url, {**right_answers(module.quiz), "submission": token})
    assert response.status_code == 302
    return len(show), len(submit)


def test_quiz_queries_do_not_grow_with_questions(participant_client):
    SiteSettings.load()  # created on first use; not part of what is measured
    measure(participant_client, 3, "warm-up")  # fills per-process caches
    small = measure(participant_client, 3, "small")
    large = measure(participant_client, 30, "large")
    assert small == large
    show, submit = large
    assert show <= MAX_SHOW and submit <= MAX_SUBMIT, large
