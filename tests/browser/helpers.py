"""What the browser tests do often: log in, answer a demo quiz right or wrong."""

import json
import re
from pathlib import Path

from django.conf import settings

from courses.models import ModulePage

DEMO_PASSWORD = "academy-demo-2026"  # load_demo's default (DEMO_PASSWORD unset)
DEMO_QUIZZES = Path(settings.BASE_DIR) / "fixtures" / "demo_quizzes.json"
DEMO_QUIZZES_EN = Path(settings.BASE_DIR) / "fixtures" / "en" / "demo_quizzes.json"
SUBMIT = re.compile("^(Lever mijn antwoorden in|Submit my answers)$")
LINKEDIN = "/workshops/linkedin/"
# The six LinkedIn modules in their order; the demo gives every module a quiz.
LINKEDIN_MODULES = [
    "je-profiel-als-visitekaartje",
    "netwerk-opbouwen-en-onderhouden",
    "linkedin-als-licht-crm",
    "je-netwerk-om-hulp-vragen",
    "namens-je-leidinggevende",
    "persoonlijk-contact-blijft-de-kern",
]


def normalise(text):
    return " ".join(text.split())


def demo_quizzes():
    """{quiz title: [quiz, ...]} from the demo fixtures (Dutch and English), with
    the right answers (a title may be the same in both languages)."""
    quizzes = {}
    for fixture in (DEMO_QUIZZES, DEMO_QUIZZES_EN):
        data = json.loads(fixture.read_text(encoding="utf-8"))
        for quiz in data["quizzes"]:
            quizzes.setdefault(quiz["title"], []).append(quiz)
    return quizzes


def choices_for(question, right):
    """The option texts to choose: all right ones, or one wrong one."""
    if right:
        return [o["text"] for o in question["options"] if o["correct"]]
    return [next(o["text"] for o in question["options"] if not o["correct"])]


def questions_on(page):
    """(question element, its demo question) for each question on the quiz page.

    The demo quizzes shuffle their answers, so answers are found by their text.
    """
    versions = demo_quizzes()[normalise(page.locator("h1").inner_text())]
    by_text = {normalise(q["text"]): q for quiz in versions for q in quiz["questions"]}
    return [
        (item, by_text[normalise(item.locator(".quiz-question__text").inner_text())])
        for item in page.locator("li.quiz-question").all()
    ]


def answer_quiz(page, right):
    """Answer the questions on the quiz page and submit: all right (True), all wrong
    (False), or a number: that many right, the first ones wrong."""
    questions = questions_on(page)
    if isinstance(right, bool):
        right = len(questions) if right else 0
    wrong = len(questions) - right
    for number, (item, question) in enumerate(questions):
        for text in choices_for(question, right=number >= wrong):
            item.get_by_label(text, exact=True).check()
    page.get_by_role("button", name=SUBMIT).click()
    page.wait_for_url(re.compile(r"/quiz/attempts/\d+/$"))


def log_in(page, email, password=DEMO_PASSWORD, next_url=None):
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"login failed for {email}"


def module_without_quiz(slug):
    """Take the quiz off a demo module, so it is completed by "Markeer als klaar"."""
    module = ModulePage.objects.get(locale__language_code="nl", slug=slug)
    module.quiz = None
    module.save_revision().publish()
    return module
