"""The quiz with the keyboard alone: Tab, arrow keys, Space and Enter; no mouse."""

import re

import pytest

from courses.models import ModulePage

from .helpers import LINKEDIN_MODULES, choices_for, log_in, normalise, questions_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName.toLowerCase(), type: element.type || "",
        id: element.id, text: element.innerText || "",
        label: element.labels && element.labels.length
            ? element.labels[0].innerText : "",
    };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to_first_answer(page, limit=40):
    """Tab from the top of the page until an answer of the first question has focus."""
    first = page.locator("li.quiz-question input").first.get_attribute("id")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["id"] == first:
            return
    raise AssertionError(f"no answer reached with {limit} presses of Tab")


def test_quiz_with_the_keyboard_only(demo, page, screenshot):
    log_in(page, "participant@example.com")
    module = ModulePage.objects.get(
        locale__language_code="nl", slug=LINKEDIN_MODULES[0]
    )
    page.goto(f"/modules/{module.pk}/quiz/")
    questions = questions_on(page)
    assert len(questions) == 7

    tab_to_first_answer(page)
    arrows = 0
    for number, (item, question) in enumerate(questions, start=1):
        labels = [normalise(text) for text in item.locator("label").all_inner_texts()]
        wanted = choices_for(question, right=True)
        if question["type"] == "multiple":
            # Checkboxes: each is a stop of its own; Space ticks the focused one.
            for position, label in enumerate(labels):
                assert focused(page)["label"] == label
                if label in wanted:
                    page.keyboard.press("Space")
                if position < len(labels) - 1:
                    page.keyboard.press("Tab")
        else:
            # Radio buttons: one stop per question; the arrow keys choose.
            (answer,) = wanted
            target = labels.index(answer)
            assert focused(page)["label"] == labels[0]
            if target == 0:
                page.keyboard.press("ArrowDown")
                page.keyboard.press("ArrowUp")
                arrows += 2
            for _ in range(target):
                page.keyboard.press("ArrowDown")
                arrows += 1
            assert focused(page)["label"] == answer
        checked = item.locator("input:checked + label").all_inner_texts()
        assert sorted(checked) == sorted(wanted), f"question {number}"
        page.keyboard.press("Tab")
    assert arrows > 0

    submit = focused(page)
    assert (submit["tag"], submit["text"]) == ("button", "Lever mijn antwoorden in")
    screenshot(page, "quiz-keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quiz/attempts/\d+/$"))
    assert page.get_by_role("heading", name="Je resultaat").is_visible()
    assert page.locator(".result-summary__score").inner_text() == "100%"
    assert page.get_by_text("7 van 7 vragen goed.").is_visible()
