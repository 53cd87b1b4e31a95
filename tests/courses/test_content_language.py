"""The main pages of the demo under `/` are Dutch and under `/en/` English, text and
all (issue 20): a page that shows the other language's workshop, module, quiz or
tips fails here, with the words that gave it away."""

import re
from html import unescape

import pytest
from django.test import Client

from courses.models import ModulePage, TipsPage, WorkshopPage
from tests.browser.helpers import DEMO_PASSWORD
from tests.courses.test_english_demo_content import DUTCH_WORDS, ENGLISH_WORDS

pytestmark = pytest.mark.django_db
WORDS = {"nl": DUTCH_WORDS, "en": ENGLISH_WORDS}
OTHER = {"nl": "en", "en": "nl"}


def main_text(html):
    """The words of the page's <main>, without tags, scripts or the language names."""
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", main)).lower()


def counts(text):
    words = re.findall(r"[a-zà-ÿ']+", text)
    return {language: sum(w in vocabulary for w in words)
            for language, vocabulary in WORDS.items()}  # fmt: skip


def pages(language):
    """(label, url) of the main pages in `language`: home, index, each workshop and
    module, each module's quiz, the tips."""
    found = [("home", "/" if language == "nl" else "/en/")]
    for workshop in WorkshopPage.objects.live().filter(locale__language_code=language):
        found.append((workshop.title, workshop.url))
    for module in ModulePage.objects.live().filter(locale__language_code=language):
        found.append((module.title, module.url))
        if module.quiz_id:
            prefix = "" if language == "nl" else "/en"
            quiz_url = f"{prefix}/modules/{module.pk}/quiz/"
            found.append((f"quiz of {module.title}", quiz_url))
    for tips in TipsPage.objects.live().filter(locale__language_code=language):
        found.append((tips.title, tips.url))
    index = WorkshopPage.objects.live().filter(locale__language_code=language).first()
    found.append(("index", index.get_parent().url))
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_main_page_is_in_its_own_language(demo, language):
    client = Client()
    assert client.login(email="participant@example.com", password=DEMO_PASSWORD)
    checked = 0
    wrong = []
    for label, url in pages(language):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        found = counts(main_text(html))
        # Names, quotes and LinkedIn's own terms bring a few words of the other
        # language; a page in the wrong language has more of them than of its own.
        if found[OTHER[language]] * 3 > found[language]:
            wrong.append((label, url, found))
        checked += 1
    assert checked >= 25
    assert wrong == []
