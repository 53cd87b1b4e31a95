"""The order of the answers on a quiz page gives nothing away.

The page holds the form's `submission` value and the answers in the order this form
shows them. Neither may tell a participant in which order the trainer wrote the
answers (trainers tend to write the right one first): the order is drawn with a seed
the participant cannot compute (a keyed hash of the submission), and the option keys
are random ids.
"""

import random
import re
import uuid

import pytest

from courses.models import ModulePage
from quizzes import attempts
from tests.factories import make_quiz, make_workshop

pytestmark = pytest.mark.django_db

FORMS = 30


def open_forms(client, module, count):
    """[(submission, {question key: [option keys in the order shown]})]."""
    forms = []
    for _ in range(count):
        html = client.get(f"/modules/{module.pk}/quiz/").content.decode()
        submission = re.search(r'name="submission" value="([^"]+)"', html).group(1)
        shown = {}
        for name, value in re.findall(r'name="q-([^"]+)" value="([^"]+)"', html):
            shown.setdefault(name, []).append(value)
        forms.append((submission, shown))
    return forms


def recovered_by_reseeding(submission, shown, questions, shuffle_questions):
    """What an attacker gets by seeding random.Random with the page's submission
    value, replaying the shuffle and inverting it: {question key: written order}."""
    generator = random.Random(submission)  # noqa: S311 - the attack
    order = list(questions)  # the question order the trainer wrote (not shown)
    if shuffle_questions:
        generator.shuffle(order)
    recovered = {}
    for question in order:
        keys = shown[question.key]
        if question.kind == "true_false":
            continue
        positions = list(range(len(keys)))
        generator.shuffle(positions)  # shown[i] is written[positions[i]]
        written = [None] * len(keys)
        for shown_at, written_at in enumerate(positions):
            written[written_at] = keys[shown_at]
        recovered[question.key] = written
    return recovered


@pytest.fixture
def demo_module(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="participant@example.com"))
    return ModulePage.objects.get(slug="je-profiel-als-visitekaartje")


def test_replaying_the_shuffle_from_the_page_does_not_recover_the_written_order(
    client, demo_module
):
    quiz = demo_module.quiz
    questions = quiz.question_data()
    written = {q.key: [o.key for o in q.options] for q in questions}
    orders = first = trials = 0
    for submission, shown in open_forms(client, demo_module, FORMS):
        guess = recovered_by_reseeding(
            submission, shown, questions, quiz.shuffle_questions
        )
        for key, order in guess.items():
            trials += 1
            orders += order == written[key]
            first += order[0] == written[key][0]
    assert trials >= FORMS * 4
    # By chance: 1 in 24 (four answers) or 1 in 120 (five) for the whole order, and
    # 1 in 4 or 5 for the first-written answer. Before the fix: every one of them.
    assert orders / trials < 0.2, (orders, trials)
    assert first / trials < 0.45, (first, trials)


def test_the_option_keys_in_the_page_are_random_ids(client, demo_module):
    """Sorting the answers by their keys does not give the written order either."""
    questions = demo_module.quiz.question_data()
    written = {q.key: [o.key for o in q.options] for q in questions}
    choice_questions = [q for q in questions if q.kind != "true_false"]
    for question in choice_questions:
        for option in question.options:
            assert uuid.UUID(option.key).version == 4, option.key
    _submission, shown = open_forms(client, demo_module, 1)[0]
    assert set(shown) == {q.key for q in questions}
    in_key_order = sum(sorted(shown[q.key]) == written[q.key] for q in choice_questions)
    assert in_key_order <= 2, in_key_order


def test_the_same_submission_gives_the_same_order_on_the_server():
    quiz = make_quiz(questions=3, shuffle_options=True, shuffle_questions=True)
    questions = quiz.question_data()

    def order(submission):
        shown = attempts.presented(questions, submission, True, True)
        return [(q.key, [o.key for o in q.options]) for q in shown]

    assert order("form-aaaaaaaaaaaaaaaa") == order("form-aaaaaaaaaaaaaaaa")
    others = {str(order(f"form-{n:016d}")) for n in range(20)}
    assert len(others) > 5  # and another form gets another order


def test_a_form_shown_again_with_errors_keeps_its_order(participant_client):
    make_workshop(modules=1)
    module = ModulePage.objects.get(slug="module-1")
    module.quiz = make_quiz(questions=3, shuffle_options=True, shuffle_questions=True)
    module.save_revision().publish()
    url = f"/modules/{module.pk}/quiz/"
    html = participant_client.get(url).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    shown = re.findall(r'name="(q-[^"]+)" value="([^"]+)"', html)

    again = participant_client.post(url, {"submission": token, "q-q1": "q1-a"})

    assert again.status_code == 200
    assert re.findall(r'name="(q-[^"]+)" value="([^"]+)"', again.content.decode()) == (
        shown
    )
