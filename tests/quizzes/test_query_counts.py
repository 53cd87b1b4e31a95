"""Showing and scoring a quiz cost a fixed number of queries (3 vs 30 questions)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ModulePage
from tests.factories import make_quiz, make_workshop, right_answers

pytestmark = pytest.mark.django_db
MAX_SHOW, MAX_SUBMIT = 14, 26


def measure(client, questions):
    make_workshop(modules=1, slug=f"w{questions}", title=f"W{questions}")
    module = ModulePage.objects.get(url_path__contains=f"/w{questions}/")
    module.quiz = make_quiz(questions=questions, title=f"Quiz {questions}")
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
    small = measure(participant_client, 3)
    large = measure(participant_client, 30)
    assert small == large
    show, submit = large
    assert show <= MAX_SHOW and submit <= MAX_SUBMIT, large
