"""The whole course in English, in Chromium (issue 20): sign up under /en/, start the
English LinkedIn workshop, pass the English quizzes, switch to Dutch halfway and find
every bit of progress there, finish in Dutch, and get the certificate, its email and
its PDF in English, the participant's language. Axe on the English pages."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from academy.users.models import User
from certificates.models import Certificate

from .conftest import DESKTOP, PHONE, no_horizontal_scroll, path_of
from .helpers import answer_quiz

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "Olivia Bennett"
EMAIL = "olivia@example.com"
PASSWORD = "tea-and-networking-2026"
WORKSHOP_EN = "LinkedIn for management assistants"
WORKSHOP_NL = "LinkedIn voor managementassistenten"


def arrived(page, axe=None):
    page.wait_for_load_state()
    no_horizontal_scroll(page)
    if axe is not None:
        axe.check(page, path_of(page))


def percent(page, workshop):
    card = page.locator(".progress-card", has_text=workshop)
    return int(card.locator(".progress__label strong").inner_text().rstrip("%"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_course_in_english_then_dutch(
    viewport, demo, new_context, screenshot, axe, live_server
):
    page = new_context(viewport).new_page()

    # Sign up from the English home page: the account is English.
    page.goto("/en/")
    arrived(page, axe)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Sign up").first.click()
    arrived(page, axe)
    page.fill("#id_full_name", NAME)
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    arrived(page)
    assert path_of(page) == "/en/dashboard/"
    assert User.objects.get(email=EMAIL).language == "en"

    # The English workshop, started from the English index.
    page.goto("/en/workshops/")
    arrived(page, axe)
    page.get_by_role("link", name=WORKSHOP_EN).first.click()
    arrived(page, axe)
    assert path_of(page) == "/en/workshops/linkedin/"
    page.get_by_role("button", name="Start workshop").click()
    arrived(page, axe)
    assert path_of(page) == "/en/workshops/linkedin/your-profile-as-a-business-card/"
    assert page.get_by_text("Module 1 of 6").is_visible()
    screenshot(page, "english-module")

    # Three modules in English, each through its English quiz.
    for done in (16, 33, 50):
        page.get_by_role("link", name="Take the quiz").click()
        arrived(page, axe)
        assert page.locator("html").get_attribute("lang") == "en"
        answer_quiz(page, right=True)
        arrived(page, axe)
        assert page.locator(".result-summary__score").inner_text() == "100%"
        page.get_by_role("link", name="My progress").first.click()
        arrived(page, axe)
        assert percent(page, WORKSHOP_EN) == done
        if done < 50:
            page.get_by_role("link", name=re.compile("^Next:")).first.click()
            arrived(page)

    # Halfway, switch to Dutch with the language switcher: the same page in Dutch,
    # and all the progress is there.
    page.locator('a[hreflang="nl"][lang="nl"]').first.click()
    arrived(page, axe)
    assert path_of(page) == "/dashboard/"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert percent(page, WORKSHOP_NL) == 50
    assert page.get_by_text("3 van 6 modules klaar").is_visible()

    # The other three modules in Dutch, through the Dutch quizzes.
    for done in (66, 83, 100):
        page.get_by_role("link", name=re.compile("^Volgende:")).first.click()
        arrived(page)
        assert page.locator("html").get_attribute("lang") == "nl"
        page.get_by_role("link", name="Doe de quiz").click()
        arrived(page)
        answer_quiz(page, right=True)
        arrived(page)
        page.get_by_role("link", name="Mijn voortgang").first.click()
        arrived(page)
        assert percent(page, WORKSHOP_NL) == done

    # One certificate for the workshop, in the participant's language: English.
    certificate = Certificate.objects.get(user__email=EMAIL)
    assert certificate.language == "en"
    [issued] = [m for m in mail.outbox if "certificate" in m.subject.lower()]
    assert issued.subject == f"Your certificate for “{WORKSHOP_EN}”"
    assert f"/en/certificates/{certificate.code}/pdf/" in issued.body

    # Back in English: the certificate page and its PDF speak English.
    page.goto(f"/en/certificates/{certificate.code}/")
    arrived(page, axe)
    assert page.get_by_text("This certificate is valid.").is_visible()
    assert page.get_by_text(WORKSHOP_EN).first.is_visible()
    screenshot(page, "english-certificate")
    download = page.context.request.get(
        f"{live_server.url}/en/certificates/{certificate.code}/pdf/"
    )
    assert download.ok and download.body().startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(download.body()))
    text = " ".join(" ".join(pdf_page.extract_text().split()) for pdf_page in pdf.pages)
    assert NAME in text and WORKSHOP_EN in text
    assert WORKSHOP_NL not in text
    axe.assert_clean()
