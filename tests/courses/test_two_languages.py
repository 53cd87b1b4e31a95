"""One course, two languages (issue 20): the English pages are Wagtail translations of
the Dutch ones, and everything a participant does belongs to the workshop, whatever
language they read it in. Switching language keeps progress, attempts and plans;
every cached page and fragment is the one of the language asked for."""

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from courses import participation
from courses.models import ModuleCompletion, ModulePage, WorkshopPage
from practice.models import PlanItem, Rating
from quizzes.models import Attempt
from tests.factories import (
    PASSWORD,
    make_quiz,
    make_tips_page,
    make_user,
    make_workshop,
    right_answers,
    translate,
    translate_quiz,
    translate_tips,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    """A Dutch workshop of two modules, the first with a quiz, and its English
    translation (index, workshop, modules and quiz)."""
    workshop = make_workshop(modules=2)
    first = ModulePage.objects.get(slug="module-1")
    first.quiz = make_quiz(questions=3, title="Toets")
    first.save_revision().publish()
    english_workshop = translate(workshop, title="LinkedIn in English")
    english_quiz = translate_quiz(first.quiz)
    english = [
        translate(first, title="First module", slug="first", quiz=english_quiz),
        translate(
            ModulePage.objects.get(slug="module-2", locale__language_code="nl"),
            title="Second module",
            slug="second",
        ),
    ]
    return {
        "workshop": WorkshopPage.objects.get(pk=workshop.pk),
        "modules": [
            ModulePage.objects.get(pk=first.pk),
            first.get_next_sibling().specific,
        ],
        "english_workshop": english_workshop,
        "english_modules": english,
    }


def log_in(email, language="nl"):
    make_user(email, language=language)
    client = Client()
    assert client.login(email=email, password=PASSWORD)
    return client


def quiz_form_token(client, url):
    html = client.get(url).content.decode()
    return html, re.search(r'name="submission" value="([^"]+)"', html).group(1)


def test_the_english_pages_are_english_and_the_dutch_ones_dutch(client, course):
    english = client.get("/en/workshops/linkedin/").content.decode()
    dutch = client.get("/workshops/linkedin/").content.decode()
    assert "LinkedIn in English" in english and "First module" in english
    assert "Module 1 van LinkedIn" not in english
    assert "Module 1 van LinkedIn" in dutch and "First module" not in dutch
    assert '<html lang="en"' in english and '<html lang="nl"' in dutch


@pytest.mark.parametrize("first", ["nl", "en"])
def test_each_language_gets_its_own_page_from_the_caches(client, course, first):
    """The route, the page cache (anonymous) and the content fragments are kept per
    language: whichever language is asked first, the other gets its own page."""
    urls = {"nl": "/workshops/linkedin/", "en": "/en/workshops/linkedin/"}
    order = [first, "en" if first == "nl" else "nl"]
    for _round in range(2):  # the second round comes from the caches
        for language in order:
            html = client.get(urls[language]).content.decode()
            assert f'<html lang="{language}"' in html
            if language == "en":
                assert "LinkedIn in English" in html and "First module" in html
                assert "Module 1 van LinkedIn" not in html
            else:
                assert "Module 1 van LinkedIn" in html and "First module" not in html


def test_the_same_slug_in_both_languages_is_served_per_language(course):
    """The English module under a Dutch path is not found, and the other way round:
    a route cached for one language is never used for the other."""
    client = log_in("lara@example.com")
    assert client.get("/workshops/linkedin/module-1/").status_code == 200
    assert client.get("/en/workshops/linkedin/module-1/").status_code == 404
    assert client.get("/en/workshops/linkedin/first/").status_code == 200
    assert client.get("/workshops/linkedin/first/").status_code == 404


def test_a_participant_who_switches_language_keeps_attempts_and_progress(course):
    client = log_in("lara@example.com", language="en")
    english_module = course["english_modules"][0]
    url = f"/en/modules/{english_module.pk}/quiz/"
    html, token = quiz_form_token(client, url)
    assert "English Vraag 1" in html and "English Antwoord 1a" in html
    quiz = course["modules"][0].quiz
    response = client.post(url, {**right_answers(quiz), "submission": token})
    assert response.status_code in (200, 302)

    attempt = Attempt.objects.get()
    assert attempt.quiz_id == quiz.pk  # the Dutch source: one quiz in two languages
    assert attempt.language == "en" and attempt.passed
    completion = ModuleCompletion.objects.get()
    assert completion.module_id == course["modules"][0].pk

    # In Dutch now: the same progress, the same attempt, the next module.
    dutch = client.get("/workshops/linkedin/").content.decode()
    assert "1 van 2 modules klaar" in dutch
    english = client.get("/en/workshops/linkedin/").content.decode()
    assert "1 of 2 modules done" in english
    result = client.get(f"/modules/{course['modules'][0].pk}/quiz/").content.decode()
    assert "Je deed tot nu toe 1 poging" in result
    assert "Je hebt deze quiz gehaald (beste score 100%)" in result

    # The dashboard, in each language: the workshop as read, its next module.
    board = client.get("/en/dashboard/").content.decode()
    assert "LinkedIn in English" in board and "1 of 2 modules done" in board
    assert 'href="/en/workshops/linkedin/second/"' in board
    board = client.get("/dashboard/").content.decode()
    assert "LinkedIn in English" not in board and "1 van 2 modules klaar" in board
    assert 'href="/workshops/linkedin/module-2/"' in board

    # Finishing the workshop in Dutch gives one certificate, for the workshop.
    participation.record_completion(attempt.user, course["modules"][1])
    assert attempt.user.certificates.get().workshop_id == course["workshop"].pk


def test_completing_an_english_module_counts_for_the_workshop(course):
    user = make_user("tom@example.com", language="en")
    participation.record_completion(user, course["english_modules"][1])
    assert ModuleCompletion.objects.get().module_id == course["modules"][1].pk
    assert user.enrolments.get().workshop_id == course["workshop"].pk


def test_the_language_switcher_and_hreflang_go_to_the_translation(course):
    client = log_in("lara@example.com")
    html = client.get("/workshops/linkedin/module-1/").content.decode()
    [alternate] = re.findall(
        r'<link rel="alternate" hreflang="en" href="([^"]+)"', html
    )
    assert alternate.endswith("/en/workshops/linkedin/first/")
    assert 'href="/en/workshops/linkedin/first/"' in html  # the switcher
    english = client.get("/en/workshops/linkedin/first/").content.decode()
    assert 'href="/workshops/linkedin/module-1/"' in english


def test_search_finds_the_pages_of_the_language_asked(client, course):
    english = client.get("/en/search/", {"q": "Second"}).content.decode()
    assert "Second module" in english
    dutch = client.get("/search/", {"q": "Second"}).content.decode()
    assert "Second module" not in dutch
    found = client.get("/search/", {"q": "Module"}).content.decode()
    assert "Module 2 van LinkedIn" in found and "Second module" not in found


def test_the_sitemap_lists_both_languages_with_their_alternates(client, course):
    xml = client.get("/sitemap.xml").content.decode()
    assert re.search(r"<loc>http://[^/]+/workshops/linkedin/module-1/</loc>", xml)
    entry = re.search(
        r"<url><loc>http://[^/]+/en/workshops/linkedin/first/</loc>.*?</url>", xml
    ).group(0)
    assert re.search(
        r'hreflang="nl" href="http://[^/]+/workshops/linkedin/module-1/"', entry
    )


def test_the_tips_practice_in_english_keeps_its_records_on_the_dutch_tips():
    source = make_tips_page(tips=4)
    translate_tips(source)
    client = log_in("ana@example.com", language="en")
    html = client.get("/en/practice/assessment/").content.decode()
    assert 'lang="en">English Tip 1<' in html and 'lang="en">Tip 1<' not in html
    dutch_tips = list(source.tips.order_by("sort_order"))
    data = {f"rating-{tip.pk}": "3" for tip in dutch_tips}
    response = client.post("/en/practice/assessment/", data)
    assert response.status_code == 302
    assert set(Rating.objects.values_list("tip_id", flat=True)) == {
        tip.pk for tip in dutch_tips
    }
    plan = client.get("/en/practice/plan/").content.decode()
    assert "English Tip 2" in plan
    tip = dutch_tips[1]
    response = client.post(
        "/en/practice/plan/", {f"chosen-{tip.pk}": "on", f"action-{tip.pk}": "Do it"}
    )
    assert response.status_code == 302
    assert PlanItem.objects.get().tip_id == tip.pk
    # The dashboard card names the tip in the language read, kept apart per language.
    assert "English Tip 2" in client.get("/en/dashboard/").content.decode()
    dutch = client.get("/dashboard/").content.decode()
    assert "Tip 2" in dutch and "English Tip 2" not in dutch


def test_an_english_tip_id_is_refused_not_stored():
    source = make_tips_page(tips=2)
    english = translate_tips(source)
    client = log_in("ana@example.com", language="en")
    tip = english.tips.first()
    response = client.post(
        "/en/practice/plan/", {f"chosen-{tip.pk}": "on", f"action-{tip.pk}": "Do it"}
    )
    assert response.status_code in (200, 400)
    assert not PlanItem.objects.exists()


def test_an_english_participants_certificate_speaks_english(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    from academy.base.models import SiteSettings
    from certificates import credentials
    from certificates.views import pdf_bytes

    branding = SiteSettings.load()
    branding.signatory_name = "Marieke van Dijk"
    branding.signatory_role = "Trainer en oprichter"
    branding.signatory_role_en = "Trainer and founder"
    branding.save()
    user = make_user("ella@example.com", full_name="Ella Stone", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        for module in course["english_modules"]:
            participation.record_completion(user, module)
    certificate = user.certificates.get()
    assert certificate.workshop_id == course["workshop"].pk
    assert certificate.language == "en"
    assert certificate.title_in("en") == "LinkedIn in English"
    assert certificate.title_in("nl") == "LinkedIn"

    document = credentials.credential(certificate)
    assert document["name"] == "LinkedIn in English"
    assert document["credentialSubject"]["achievement"]["inLanguage"] == "en"
    assert "certifies that Ella Stone completed" in document["description"]

    [email] = mailoutbox
    assert "LinkedIn in English" in email.subject
    assert "/en/" in email.body

    # The PDF: one per language, never the other's from the cache.
    with translation.override("en"):
        english_pdf = pdf_bytes(certificate, "https://example.com/v")
    with translation.override("nl"):
        dutch_pdf = pdf_bytes(certificate, "https://example.com/v")
    assert english_pdf != dutch_pdf
    with translation.override("en"):
        assert pdf_bytes(certificate, "https://example.com/v") == english_pdf
        assert certificate.title == "LinkedIn in English"
        assert certificate.role == "Trainer and founder"
    with translation.override("nl"):
        assert certificate.title == "LinkedIn"
        assert certificate.role == "Trainer en oprichter"
    text = " ".join(PdfReader(io.BytesIO(english_pdf)).pages[0].extract_text().split())
    assert "LinkedIn in English" in text and "Trainer and founder" in text
    text = " ".join(PdfReader(io.BytesIO(dutch_pdf)).pages[0].extract_text().split())
    assert "Trainer en oprichter" in text and "in English" not in text


def test_a_dutch_participants_credential_stays_dutch(course):
    from certificates import credentials

    user = make_user("els@example.com", full_name="Els Smit", language="nl")
    for module in course["modules"]:
        participation.record_completion(user, module)
    document = credentials.credential(user.certificates.get())
    assert document["name"] == "LinkedIn"
    assert document["credentialSubject"]["achievement"]["inLanguage"] == "nl"
    assert "verklaart dat Els Smit" in document["description"]


def test_boosters_ask_the_questions_in_the_language_read(course):
    from boosters.logic import quiz_questions

    quiz = course["modules"][0].quiz
    with translation.override("en"):
        english = quiz_questions([quiz.pk])[quiz.pk]
    with translation.override("nl"):
        dutch = quiz_questions([quiz.pk])[quiz.pk]
    assert set(english) == set(dutch)  # the same keys: one set of answers
    assert english["q1"].text == "English Vraag 1"
    assert dutch["q1"].text == "Vraag 1"


def test_session_emails_and_calendar_name_the_workshop_as_the_participant_reads_it(
    course, mailoutbox
):
    from icalendar import Calendar

    from tests.live_sessions.test_sessions import make_session, register_url

    session = make_session(course["workshop"])  # sessions belong to the source
    client = log_in("lara@example.com", language="en")
    assert client.post("/en" + register_url(session)).status_code == 302
    (email,) = mailoutbox
    assert "LinkedIn in English" in email.subject
    assert "You are registered" in email.subject
    assert "/en/workshops/linkedin/" in email.body
    _name, content, _mimetype = email.attachments[0]
    event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "LinkedIn in English"
    board = client.get("/en/dashboard/").content.decode()
    assert "LinkedIn in English" in board


def test_the_english_workshop_shows_the_sessions_and_the_certificate(course):
    from tests.live_sessions.test_sessions import make_session

    make_session(course["workshop"])  # on the Dutch source
    user = make_user("ella@example.com", language="en")
    for module in course["modules"]:
        participation.record_completion(user, module)
    client = Client()
    client.force_login(user)
    html = client.get("/en/workshops/linkedin/").content.decode()
    assert "De Schakel, Utrecht" in html  # the live session
    certificate = user.certificates.get()
    assert f"/en/certificates/{certificate.code}/" in html


def test_an_english_module_whose_quiz_translation_is_a_draft_has_the_dutch_quiz(
    course,
):
    from quizzes.models import Quiz

    english_quiz = Quiz.objects.get(locale__language_code="en")
    Quiz.objects.filter(pk=english_quiz.pk).update(live=False)
    from academy.base.caching import bump_content_version

    bump_content_version()
    client = log_in("lara@example.com", language="en")
    module = course["english_modules"][0]
    html = client.get(module.url).content.decode()
    assert "Take the quiz" in html and "Mark as done" not in html
    quiz = client.get(f"/en/modules/{module.pk}/quiz/")
    assert quiz.status_code == 200
    assert "Vraag 1" in quiz.content.decode()  # the Dutch quiz, until published


def test_the_menu_under_en_links_the_english_pages(client, course):
    translate_tips(make_tips_page(tips=2))
    html = client.get("/en/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'href="/en/tips/"' in header or 'href="/en/' in header
    assert 'href="/tips/"' not in header


def test_a_module_not_translated_yet_counts_in_the_english_workshop_too():
    workshop = make_workshop(modules=2)
    first, second = ModulePage.objects.child_of(workshop).order_by("path")
    translate(workshop, title="LinkedIn in English")
    translate(first.specific, title="First module", slug="first")
    client = log_in("tom@example.com", language="en")
    html = client.get("/en/workshops/linkedin/").content.decode()
    assert "First module" in html and "Module 2 van LinkedIn" in html
    from academy.users.models import User

    tom = User.objects.get(email="tom@example.com")
    participation.record_completion(tom, ModulePage.objects.get(slug="first"))
    html = client.get("/en/workshops/linkedin/").content.decode()
    assert "1 of 2 modules done" in html
    participation.record_completion(tom, second.specific)
    html = client.get("/en/workshops/linkedin/").content.decode()
    assert "2 of 2 modules done" in html
    assert tom.certificates.filter(workshop=workshop).exists()


def test_search_under_en_finds_a_dutch_page_not_translated_yet(client, course):
    make_workshop(modules=1, slug="twitter-x", title="Twitter")  # Dutch only
    english = client.get("/en/search/", {"q": "Twitter"}).content.decode()
    assert "Module 1 van Twitter" in english
    english = client.get("/en/search/", {"q": "module"}).content.decode()
    assert "Second module" in english and "Module 2 van LinkedIn" not in english
