"""A new participant's whole way through the LinkedIn workshop, in Dutch, in Chromium.

Sign up, confirm the email address, log in, start the workshop, read a module and mark
it done, fail a quiz and read the feedback, pass it, watch the dashboard's percentage
move, finish the workshop, open the certificate, download the PDF and follow the
verification link printed in it. Once on a desktop screen and once on a phone, where
no page may scroll sideways.
"""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from certificates.models import Certificate

from .conftest import DESKTOP, PHONE, no_horizontal_scroll, path_of
from .helpers import LINKEDIN, LINKEDIN_MODULES, answer_quiz, module_without_quiz

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "Fatma Yılmaz"
EMAIL = "fatma@example.com"
PASSWORD = "koffie-en-netwerken-2026"
WORKSHOP = "LinkedIn voor managementassistenten"


class Tour:
    """Follows one page through the site and checks every page it lands on.

    Each page must fit the viewport's width (no sideways scrolling); `done()` makes
    sure no page the browser navigated to went unchecked.
    """

    def __init__(self, page, screenshot):
        self.page = page
        self.screenshot = screenshot
        self.navigated = []
        self.checked = set()
        page.on(
            "framenavigated",
            lambda frame: (
                frame == page.main_frame and self.navigated.append(path_of(page))
            ),
        )

    def arrived(self, shot=None, full_page=False):
        self.page.wait_for_load_state()
        no_horizontal_scroll(self.page)
        self.checked.add(path_of(self.page))
        if shot:
            self.screenshot(self.page, shot, full_page=full_page)

    def goto(self, url, shot=None):
        self.page.goto(url)
        self.arrived(shot)

    def click(self, role, name, shot=None, **options):
        self.page.get_by_role(role, name=name, **options).first.click()
        self.arrived(shot)

    def not_ours(self):
        """The current page is the browser's own (the PDF viewer): nothing to check."""
        self.checked.add(path_of(self.page))

    def done(self):
        unchecked = [path for path in self.navigated if path not in self.checked]
        assert not unchecked, f"pages not checked: {unchecked}"
        return self.checked


def dashboard_percent(tour):
    tour.click("link", "Mijn voortgang")
    card = tour.page.locator(".progress-card", has_text=WORKSHOP)
    label = card.locator(".progress__label strong").inner_text()
    assert card.locator("progress").get_attribute("value") == label.rstrip("%")
    return int(label.rstrip("%"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_participant_journey(
    viewport, demo, new_context, screenshot, settings, live_server
):
    # Production asks new participants to confirm their address before logging in.
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    # The demo gives every module a quiz; a trainer may leave one without, and then
    # the participant marks it done. The last module is such a module here.
    module_without_quiz(LINKEDIN_MODULES[-1])

    page = new_context(viewport).new_page()
    tour = Tour(page, screenshot)

    # Home page, then sign up.
    tour.goto("/")
    screenshot(page, "home", height=1100 if viewport == DESKTOP else None)
    page.get_by_role("link", name="Account aanmaken").first.click()
    tour.arrived(shot="signup")
    page.fill("#id_full_name", NAME)
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    tour.click("button", "Registreren")
    assert page.get_by_role("heading", name="Verifieer je e-mailadres").is_visible()

    # The confirmation email, read from the test mailbox.
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body)
    tour.goto(link.group(0))
    assert page.get_by_text(f"Bevestig dat {EMAIL} een e-mailadres is").is_visible()
    tour.click("button", "Bevestig")
    assert page.get_by_text(f"Je hebt het e-mailadres {EMAIL} bevestigd").is_visible()

    # Log out, and log in again with the new account.
    tour.click("link", "Uitloggen")
    tour.click("button", "Afmelden")
    tour.click("link", "Inloggen")
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", PASSWORD)
    tour.click("button", "Aanmelden")
    assert path_of(page) == "/dashboard/"
    assert page.get_by_text("Je bent nog niet aan een workshop begonnen.").is_visible()

    # Choose the LinkedIn workshop and start it.
    tour.click("link", "Kies een workshop")
    tour.click("link", WORKSHOP)
    assert path_of(page) == LINKEDIN
    tour.click("button", "Workshop starten")
    # Starting opens the first module.
    assert page.get_by_text("Module 1 van 6").is_visible()
    assert page.get_by_text("0 van 6 modules klaar").is_visible()

    # Read the module without a quiz, and mark it done.
    tour.click("link", WORKSHOP)
    tour.click("link", "Persoonlijk contact blijft de kern")
    assert page.get_by_text("Module 6 van 6").is_visible()
    assert len(page.locator(".prose").inner_text()) > 500
    page.locator(".prose > *").last.scroll_into_view_if_needed()
    tour.click("button", "Markeer als klaar")
    # Done, and on to the next module to do: the first one.
    assert page.get_by_text("is gemarkeerd als klaar").is_visible()
    assert page.get_by_text("Module 1 van 6").is_visible()
    assert page.get_by_text("1 van 6 modules klaar").is_visible()
    assert dashboard_percent(tour) == 16
    tour.click("link", WORKSHOP, shot="workshop")
    assert page.locator(".module-list__item--done").count() == 1

    # The first module: read it, fail its quiz, read the feedback, pass it.
    tour.click("link", "Je profiel als visitekaartje van je organisatie", shot="module")
    assert page.get_by_text("Module 1 van 6").is_visible()
    tour.click("link", "Doe de quiz", shot="quiz")
    answer_quiz(page, right=4)  # the first 3 wrong: 4 of 7 is 57%; 70% passes
    tour.arrived(shot="quiz-result")
    assert page.get_by_text("Nog niet gehaald: je hebt 70% nodig.").is_visible()
    assert page.locator(".result-summary__score").inner_text() == "57%"
    assert page.get_by_text("4 van 7 vragen goed.").is_visible()
    assert page.locator(".result-question--right").count() == 4
    wrong = page.locator(".result-question--wrong")
    assert wrong.count() == 3
    assert wrong.first.get_by_text("Niet goed").is_visible()
    # Feedback on each answer chosen, and every question explained.
    feedback = page.locator(".result-answers__feedback")
    assert feedback.count() >= 7
    assert all(len(text) > 30 for text in feedback.all_inner_texts())
    assert page.locator(".callout", has_text="Uitleg").count() == 7
    assert dashboard_percent(tour) == 16  # a failed quiz completes nothing

    page.go_back()
    tour.arrived()
    tour.click("link", "Opnieuw proberen")
    answer_quiz(page, right=True)
    tour.arrived(shot="quiz-passed")
    assert page.locator(".result-summary__score").inner_text() == "100%"
    assert page.get_by_text("Je hebt de quiz gehaald").is_visible()
    assert dashboard_percent(tour) == 33
    screenshot(page, "dashboard")

    # The other modules, each through its quiz, from the dashboard's "next" link.
    for done in (50, 66, 83, 100):
        tour.click("link", "Volgende:")
        tour.click("link", "Doe de quiz")
        answer_quiz(page, right=True)
        tour.arrived()
        assert dashboard_percent(tour) == done

    # Finished: the certificate.
    card = page.locator(".progress-card", has_text=WORKSHOP)
    assert card.get_by_text("Afgerond").is_visible()
    screenshot(page, "dashboard-finished")
    tour.click("link", "Je certificaat", shot="certificate")
    certificate = Certificate.objects.get(user__email=EMAIL)
    assert path_of(page) == f"/certificates/{certificate.code}/"
    assert page.get_by_text("Dit certificaat is geldig.").is_visible()
    assert page.locator(".certificate-facts dd").first.inner_text() == NAME

    # The PDF: Chromium opens it in its PDF viewer, which keeps the bytes to itself,
    # so the file is fetched again with the participant's cookies (as "Save" would).
    with page.expect_response(re.compile(r"/pdf/$")) as response:
        page.get_by_role("link", name="Download pdf").click()
    assert response.value.status == 200
    assert response.value.header_value("content-type") == "application/pdf"
    tour.not_ours()
    download = page.context.request.get(response.value.url)
    assert download.ok and download.body().startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(download.body()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    assert NAME in text and WORKSHOP in text
    verify_url = re.search(r"https?://\S+/certificates/[\w-]+/", text).group(0)
    assert verify_url == f"{live_server.url}/certificates/{certificate.code}/"

    # An employer opens that link: no account, a browser of their own.
    employer = new_context(viewport).new_page()
    employer_tour = Tour(employer, screenshot)
    employer_tour.goto(verify_url, shot="verification")
    assert employer.get_by_text("Dit certificaat is geldig.").is_visible()
    assert employer.get_by_text(NAME).is_visible()
    assert employer.get_by_role("link", name="Download pdf").count() == 0
    employer_tour.done()

    visited = tour.done()
    assert len(visited) >= 15, visited
