"""The demo content as an experienced trainer of management assistants reads it in
2026 (issue 19): LinkedIn's own terms, dates that exist, exercises that match their
format, honest examples and credits. Over fixtures/demo_*.json, and as loaded."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from courses import durations
from courses.models import TipsPage, WorkshopPage

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
            "zondag"]  # fmt: skip
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip


def texts():
    content = (FIXTURES / "demo_content.json").read_text(encoding="utf-8")
    quizzes = (FIXTURES / "demo_quizzes.json").read_text(encoding="utf-8")
    return json.loads(content), json.loads(quizzes), content + quizzes


def blocks(content, kind):
    for workshop in content["workshops"]:
        for module in workshop["modules"]:
            for block in module["body"]:
                if block["type"] == kind:
                    yield module["slug"], block["value"]


def test_the_linkedin_profile_section_is_called_info():
    _content, _quizzes, everything = texts()
    plain = re.sub(r"<[^>]+>", "", everything)
    # Only where the text says what the section used to be called.
    assert re.findall(r"[Ss]amenvatting", plain) == ["Samenvatting"]
    assert "vroeger Samenvatting" in plain
    assert plain.count("Info-tekst") >= 15


def test_linkedin_is_described_with_its_own_terms_of_2026():
    content, _quizzes, everything = texts()
    plain = re.sub(r"<[^>]+>", "", everything)
    # "Connectie maken" is the button; "verbinden" is not LinkedIn's word for it.
    assert "Connectie maken" in plain
    assert not re.search(r"verbindingsverzoek|\bverbind(en|t)?\b met", plain, re.I)
    linkedin = next(w for w in content["workshops"] if w["slug"] == "linkedin")
    network = next(m for m in linkedin["modules"] if m["slug"].startswith("netwerk"))
    text = re.sub(r"<[^>]+>", "", json.dumps(network, ensure_ascii=False))
    assert "gratis account" in text and "per maand een notitie" in text
    profile = linkedin["modules"][0]
    text = re.sub(r"<[^>]+>", "", json.dumps(profile, ensure_ascii=False))
    assert "bannerafbeelding" in text and "Uitgelicht" in text


WEAK_ITEMS = (
    "Een ideeënlijstje",
    "horen in je LinkedIn-netwerk",
    "Wat wordt in deze module bedoeld met",
    "Hoe meer connecties je hebt, hoe sterker",
    "Wat zet je het best in de kopregel",
    "Met welke groepen is het",
    "Wat is het belangrijkste voordeel van",
    "Een bericht met veel hashtags werkt beter",
    "Inloggen in twee stappen is alleen nodig",
)


def test_the_quizzes_ask_about_work_situations_not_definitions():
    _content, quizzes, _everything = texts()
    questions = [q for quiz in quizzes["quizzes"] for q in quiz["questions"]]
    for question in questions:
        assert not question["text"].startswith(WEAK_ITEMS), question["text"]
    # Most questions put the participant in a situation ("Je ...", a named
    # person or event) rather than asking what a term means.
    situations = [q for q in questions if len(q["text"]) >= 90]
    assert len(situations) >= 0.9 * len(questions), len(situations)


def test_every_weekday_with_a_date_is_that_day_in_2026():
    _content, _quizzes, everything = texts()
    found = re.findall(
        rf"\b({'|'.join(WEEKDAYS)}) (\d{{1,2}}) ({'|'.join(MONTHS)})\b",
        everything,
        flags=re.IGNORECASE,
    )
    assert found  # the open-day post in the X quiz
    for weekday, day, month in found:
        actual = date(2026, MONTHS.index(month.lower()) + 1, int(day)).weekday()
        assert WEEKDAYS[actual] == weekday.lower(), (weekday, day, month)


def test_the_preparation_exercise_asks_for_the_six_points_of_its_format():
    content, _quizzes, _everything = texts()
    tips = [
        v["text"]
        for slug, v in blocks(content, "tip")
        if slug == "linkedin-als-licht-crm"
    ]
    format_tip = next(t for t in tips if "dezelfde opbouw" in t)
    parts = re.search(r"opbouw: (.*?)\.", format_tip).group(1)
    assert len(re.split(r", | en ", parts)) == 6
    exercises = [
        v["instructions"]
        for slug, v in blocks(content, "exercise")
        if slug == "linkedin-als-licht-crm"
    ]
    assert any("de zes punten van het format" in e for e in exercises)
    assert not any("vijf punten" in e for e in exercises)


def test_the_light_crm_says_where_the_notes_are_kept():
    content, _quizzes, _everything = texts()
    paragraphs = " ".join(
        v
        for slug, v in blocks(content, "paragraph")
        if slug == "linkedin-als-licht-crm"
    )
    assert "Gratis LinkedIn heeft geen notities bij contacten" in paragraphs
    assert "CRM-systeem of het adresboek van je organisatie" in paragraphs


def test_quotes_are_example_situations_not_quotes_of_people():
    content, _quizzes, _everything = texts()
    quotes = [value for _slug, value in blocks(content, "quote")]
    assert quotes
    for quote in quotes:
        assert quote["attribution"].startswith("Voorbeeldsituatie (verzonnen)"), quote


def test_the_demo_trainer_does_not_retell_the_source_articles_trainer():
    content, _quizzes, _everything = texts()
    for workshop in content["workshops"]:
        bio = workshop["trainer"]["bio"]
        assert "verzonnen" in bio
        assert "twintig jaar" not in bio and "20 jaar" not in bio
        assert "directiesecretaresse" not in bio


def test_the_tips_credit_their_source_and_name_gift_rules_and_an_association():
    content, _quizzes, _everything = texts()
    tips = content["tips_page"]
    assert "nathaliescholtes.nl" in tips["intro"]
    assert "Een goede office manager is een geboren relatiemanager" in tips["intro"]
    gifts = next(t for t in tips["tips"] if "cadeau" in t["title"].lower())
    assert "regels" in gifts["explanation"] and "geschenken" in gifts["explanation"]
    peers = next(t for t in tips["tips"] if "vakgenoten" in t["title"].lower())
    assert "NGMA" in peers["explanation"]


def test_the_policy_question_is_about_the_channels_the_assistant_manages():
    _content, quizzes, _everything = texts()
    question = next(
        q
        for quiz in quizzes["quizzes"]
        for q in quiz["questions"]
        if any("privéaccounts" in o["text"] for o in q["options"])
    )
    assert "namens de organisatie" in question["text"]
    private = next(o for o in question["options"] if "privéaccounts" in o["text"])
    assert not private["correct"] and "socialemediabeleid" in private["feedback"]


@pytest.mark.django_db
def test_the_corrections_are_on_the_pages_as_loaded(demo, client):
    tips = TipsPage.objects.live().get(locale__language_code="nl")
    page = client.get(tips.url).content.decode()
    assert "nathaliescholtes.nl" in page and "NGMA" in page
    workshop = WorkshopPage.objects.live().get(
        locale__language_code="nl", slug="linkedin"
    )
    assert "verzonnen persoon" in client.get(workshop.url).content.decode()


def words_of(module):
    parts = [module.get("intro", "")]
    for block in module["body"]:
        value = block["value"]
        parts += list(value.values()) if isinstance(value, dict) else [value]
    return len(re.sub(r"<[^>]+>", " ", " ".join(map(str, parts))).split())


def test_durations_are_the_real_time_of_reading_exercises_and_quiz():
    content, quizzes, _everything = texts()
    questions = {
        (quiz["workshop_slug"], quiz["module_slug"]): len(quiz["questions"])
        for quiz in quizzes["quizzes"]
    }
    for workshop in content["workshops"]:
        for module in workshop["modules"]:
            exercises = [
                b["value"].get("minutes", 0)
                for b in module["body"]
                if b["type"] == "exercise"
            ]
            expected = durations.module_minutes(
                words_of(module),
                exercises,
                questions.get((workshop["slug"], module["slug"]), 0),
            )
            assert module["minutes"] == expected, module["slug"]
        assert workshop["duration_minutes"] == durations.workshop_minutes(
            [m["minutes"] for m in workshop["modules"]]
        ), workshop["slug"]


def test_the_duration_rule_worked_out_by_hand():
    # 600 words at 150 a minute (4), exercises of 15 and 5, 7 questions at 1.5
    # (10.5): 34.5 minutes, rounded up to 35.
    assert durations.module_minutes(600, [15, 5], 7) == 35
    assert durations.module_minutes(0, [], 0) == 5
    assert durations.module_minutes(750, [], 0) == 5
    assert durations.module_minutes(751, [], 0) == 10
    assert durations.workshop_minutes([30, 35]) == 65


def test_the_x_workshop_begins_with_whether_x_fits_and_its_basics():
    content, quizzes, _everything = texts()
    x = next(w for w in content["workshops"] if w["slug"] == "twitter-x")
    first = x["modules"][0]
    text = re.sub(r"<[^>]+>", " ", json.dumps(first, ensure_ascii=False))
    for subject in ("LinkedIn", "Bluesky", "Threads", "Mastodon", "280 tekens",
                    "repost", "citaat", "lijsten", "Communities", "privébericht",
                    "betaald abonnement"):  # fmt: skip
        assert subject in text, subject
    quiz = next(q for q in quizzes["quizzes"] if q["module_slug"] == first["slug"])
    assert len(quiz["questions"]) >= 8
    for question in quiz["questions"]:
        assert question["explanation"]
        assert all(option["feedback"] for option in question["options"])


def test_the_readme_lists_the_demo_workshops_with_their_durations():
    content, _quizzes, _everything = texts()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    for workshop in content["workshops"]:
        assert f"**{workshop['title']}** ({workshop['duration_minutes']} min)" in readme
        for module in workshop["modules"]:
            assert f"  - {module['title']} ({module['minutes']} min)" in readme


def test_linkedin_has_a_module_on_posting_for_the_manager():
    content, quizzes, _everything = texts()
    linkedin = next(w for w in content["workshops"] if w["slug"] == "linkedin")
    module = next(
        m for m in linkedin["modules"] if m["slug"] == "namens-je-leidinggevende"
    )
    text = re.sub(r"<[^>]+>", " ", json.dumps(module, ensure_ascii=False))
    for subject in ("wachtwoord", "Hoofdbeheerder", "Contentbeheerder", "Analist",
                    "later plaatsen", "privébericht", "rol ophoudt"):  # fmt: skip
        assert subject in text, subject
    quiz = next(q for q in quizzes["quizzes"] if q["module_slug"] == module["slug"])
    assert len(quiz["questions"]) >= 8


def test_a_module_on_privacy_and_safety():
    content, quizzes, _everything = texts()
    modules = [m for w in content["workshops"] for m in w["modules"]]
    module = next(m for m in modules if m["slug"] == "privacy-en-veiligheid")
    text = re.sub(r"<[^>]+>", " ", json.dumps(module, ensure_ascii=False))
    subjects = ("privémodus", "Profielwijzigingen delen", "AI",
                "gerechtvaardigd belang", "AVG", "nepprofiel", "CEO-fraude",
                "terug te bellen")  # fmt: skip
    for subject in subjects:
        assert subject in text, subject
    quiz = next(q for q in quizzes["quizzes"] if q["module_slug"] == module["slug"])
    assert len(quiz["questions"]) >= 8
