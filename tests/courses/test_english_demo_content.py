"""The English demo content (issue 20), fixtures/en/: the Dutch demo written for an
English-speaking reader. Same structure as the Dutch (block for block, question for
question, the same right answers), so a translation of each page and quiz can be
made from it; English throughout; and held to the same quiz-cue rules.

"workshop_slug" and "module_slug" (quizzes, handouts) stay the Dutch ones: they name
the source page whose translation the English page is, as Wagtail's translations keep
a link to their source."""

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from courses import durations, handouts

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
KEEP = {"type", "level", "workshop_slug", "module_slug", "kind", "formats"}


def load(name, language=""):
    folder = FIXTURES / language if language else FIXTURES
    return json.loads((folder / name).read_text(encoding="utf-8"))


NAMES = ["demo_content.json", "demo_quizzes.json", "demo_trainer_guide.json",
         "demo_handouts.json"]  # fmt: skip


def differences(dutch, english, path=""):
    """Where `english` does not have the structure of `dutch`."""
    if type(dutch) is not type(english):
        return [f"{path}: {type(dutch).__name__} became {type(english).__name__}"]
    if isinstance(dutch, dict):
        found = [f"{path}: keys {sorted(set(dutch) ^ set(english))}"] * (
            set(dutch) != set(english)
        )
        for key in set(dutch) & set(english):
            if key in KEEP and dutch[key] != english[key]:
                found.append(f"{path}.{key}: {english[key]!r}, not {dutch[key]!r}")
            found += differences(dutch[key], english[key], f"{path}.{key}")
        return found
    if isinstance(dutch, list):
        if len(dutch) != len(english):
            return [f"{path}: {len(english)} items, not {len(dutch)}"]
        return [
            d
            for n, (a, b) in enumerate(zip(dutch, english, strict=True))
            for d in differences(a, b, f"{path}[{n}]")
        ]
    if isinstance(dutch, str):
        if re.fullmatch(r"\d{4}-\d\d-\d\d", dutch) and dutch != english:
            return [f"{path}: the date {dutch} became {english}"]
        return [f"{path}: empty"] * bool(dutch.strip() and not english.strip())
    return [f"{path}: {english!r}, not {dutch!r}"] * (dutch != english)


@pytest.mark.parametrize("name", NAMES)
def test_the_english_has_the_structure_and_the_answers_of_the_dutch(name):
    assert differences(load(name), load(name, "en")) == []


def strings(value):
    if isinstance(value, dict):
        return [s for key, v in value.items() if key not in KEEP for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


DUTCH_WORDS = {"het", "een", "niet", "voor", "je", "jij", "ook", "maar", "wat", "zijn",
               "naar", "bij", "als", "dat", "van", "met", "wordt"}  # fmt: skip
ENGLISH_WORDS = {"the", "and", "you", "your", "to", "of", "is", "for", "with"}


@pytest.mark.parametrize("name", NAMES)
def test_the_english_is_english(name):
    text = " ".join(strings(load(name, "en")))
    words = Counter(re.findall(r"[a-zà-ÿ']+", re.sub(r"<[^>]+>", " ", text).lower()))
    dutch = sum(words[w] for w in DUTCH_WORDS)
    english = sum(words[w] for w in ENGLISH_WORDS)
    assert english > 50 * max(dutch, 1) or dutch <= 3, (dutch, english)
    # The invented quotes say so, in English.
    for block in re.findall(r'"attribution": "([^"]+)"', json.dumps(load(name, "en"))):
        assert block.startswith("Example situation (invented)"), block


def test_the_english_workshops_take_the_time_they_say():
    content = load("demo_content.json", "en")
    for workshop in content["workshops"]:
        assert workshop["duration_minutes"] == durations.workshop_minutes(
            [m["minutes"] for m in workshop["modules"]]
        )


def test_the_english_quizzes_keep_the_answers_unguessable():
    single = [
        q
        for quiz in load("demo_quizzes.json", "en")["quizzes"]
        for q in quiz["questions"]
        if q["type"] == "single"
    ]
    longest = shortest = 0
    for question in single:
        lengths = [len(option["text"]) for option in question["options"]]
        right = next(len(o["text"]) for o in question["options"] if o["correct"])
        longest += right >= max(lengths)
        shortest += right <= min(lengths)
    assert longest <= len(single) / 3 and shortest <= len(single) / 3
    for quiz in load("demo_quizzes.json", "en")["quizzes"]:
        for question in quiz["questions"]:
            assert question["explanation"].strip()
            assert all(option["feedback"].strip() for option in question["options"])
            if question["type"] == "true_false":
                assert [o["text"] for o in question["options"]] == ["True", "False"]


def test_each_english_handout_follows_an_english_exercise_and_renders():
    content = load("demo_content.json", "en")
    exercises = {
        (workshop_slug, module["slug"]): [
            b["value"]["title"] for b in module["body"] if b["type"] == "exercise"
        ]
        for workshop_slug, workshop in ((w["slug"], w) for w in content["workshops"])
        for module in workshop["modules"]
    }
    dutch = {h["slug"]: h for h in load("demo_handouts.json")["handouts"]}
    dutch_modules = {
        m["slug"]: n
        for w in load("demo_content.json")["workshops"]
        for n, m in enumerate(w["modules"])
    }
    english_modules = {w["slug"]: w["modules"] for w in content["workshops"]}
    for number, handout in enumerate(load("demo_handouts.json", "en")["handouts"]):
        source = list(dutch.values())[number]
        module = english_modules[handout["workshop_slug"]][
            dutch_modules[source["module_slug"]]
        ]
        assert (
            handout["after_exercise"]
            in exercises[(handout["workshop_slug"], module["slug"])]
        ), handout["after_exercise"]
        for fmt in handout["formats"]:
            content = handouts.render(handout, fmt, language="en")
            if fmt == "pdf":
                assert len(PdfReader(io.BytesIO(content)).pages) == 1
            if fmt == "xlsx":
                sheets = load_workbook(io.BytesIO(content)).sheetnames
                assert sheets == ["Example 11-2026", "Your month", "Weekly routine"]
                days = [
                    row[1]
                    for row in load_workbook(io.BytesIO(content)).active.iter_rows(
                        min_row=2, max_row=3, values_only=True
                    )
                ]
                assert days == ["Monday", "Monday"]  # 2 November 2026
