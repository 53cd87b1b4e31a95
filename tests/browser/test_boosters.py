"""A booster in the browser, on a phone and a desktop, with axe: the dashboard says
one is waiting, the participant answers three questions from memory with how sure
they are, sees the feedback and explanations, and can switch the emails off from
the link in the email without logging in. The trainer's report of remembering."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from academy.users.models import User
from boosters import emails, logic
from boosters.models import BoosterAnswer
from courses.models import ModulePage

from .conftest import DESKTOP, PHONE, no_horizontal_scroll
from .helpers import LINKEDIN_MODULES, demo_quizzes, log_in, normalise

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def due(demo):
    """The demo participant passed the first two LinkedIn quizzes three days ago."""
    user = User.objects.get(email="participant@example.com")
    for slug in LINKEDIN_MODULES[:2]:
        quiz = ModulePage.objects.get(locale__language_code="nl", slug=slug).quiz
        logic.schedule_boosters(user, quiz, timezone.now() - timedelta(days=3))
    return user


def demo_question(text):
    for versions in demo_quizzes().values():
        for question in (q for quiz in versions for q in quiz["questions"]):
            if normalise(question["text"]) == normalise(text):
                return question
    raise AssertionError(f"not a demo question: {text}")


@pytest.mark.parametrize("size", SIZES)
def test_a_booster_on_a_phone_and_a_desktop(due, new_context, axe, size):
    page = new_context(SIZES[size]).new_page()
    log_in(page, "participant@example.com", next_url="/dashboard/")
    axe.check(page, "dashboard with a booster waiting")
    page.get_by_role("link", name="Begin aan de opfrisser").first.click()
    page.wait_for_url("**/boosters/now/")
    items = page.locator("li.quiz-question").all()
    assert len(items) == 3
    if size == "phone":
        no_horizontal_scroll(page)
    axe.check(page, "booster")
    # Sent without answers: the errors, then answered right and very sure.
    page.get_by_role("button", name="Controleer mijn antwoorden").click()
    page.wait_for_load_state()
    assert page.locator(".field__errors").count() >= 3
    axe.check(page, "booster with errors")
    for item in page.locator("li.quiz-question").all():
        question = demo_question(item.locator(".quiz-question__text").inner_text())
        for option in question["options"]:
            if option["correct"]:
                item.get_by_label(option["text"], exact=True).check()
        item.get_by_label("Heel zeker", exact=True).check()
    page.get_by_role("button", name="Controleer mijn antwoorden").click()
    page.wait_for_url(re.compile(r"/boosters/\d+/$"))
    assert "3 van 3 vragen goed" in normalise(page.inner_text("main"))
    assert "Zekerheidsscore: 9" in normalise(page.inner_text("main"))
    axe.check(page, "booster result")
    assert BoosterAnswer.objects.filter(user=due, correct=True).count() == 3
    page.goto("/boosters/")
    axe.check(page, "boosters page")

    # The email's unsubscribe link, without logging in.
    # A booster due again, and its email.
    due.boosters.update(answered_at=None, emailed_at=None)
    emails.send_due(timezone.now())
    link = re.search(r"http\S+(/boosters/unsubscribe/\S+/)", mail.outbox[-1].body)
    visitor = new_context(SIZES[size]).new_page()
    visitor.goto(link.group(1))
    axe.check(visitor, "booster emails: unsubscribe")
    visitor.get_by_role("button", name="Afmelden").click()
    visitor.wait_for_load_state()
    assert "geen e-mails meer" in visitor.inner_text("main")
    axe.check(visitor, "booster emails: off")
    assert not logic.emails_on(due.pk)
    axe.assert_clean()


def test_the_trainers_report_of_remembering(due, new_context, axe):
    page = new_context(DESKTOP).new_page()
    log_in(page, "trainer@example.com", next_url="/admin/reports/remembering/")
    # Once more, without the "logged in" message that fades in on arrival.
    page.goto("/admin/reports/remembering/")
    assert "Onthouden per module" in page.inner_text("body")
    assert page.get_by_role("cell", name=re.compile("Je profiel")).count() >= 1
    axe.check(page, "report: remembering per module")
    axe.assert_clean()
