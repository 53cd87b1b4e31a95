"""Every export of every trainer report (academy/base/reports.py), in CSV and XLSX.

Trainers open these files in spreadsheet programs, which run a cell that starts with
= + - or @ as a formula. What trainers and participants write (names, emails, titles,
questions, places) must never arrive as one; numbers and dates are left as they are.
"""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from academy.base import outbox
from academy.base.reports import TrainerReport
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage, Tip
from live_sessions import registration as sessions
from live_sessions.models import WorkshopSession
from practice import logic as practice
from quizzes import attempts
from quizzes.models import Quiz
from tests.factories import make_tips_page, make_workshop
from tests.spreadsheets import read_csv, read_export, read_xlsx

pytestmark = pytest.mark.django_db

PAYLOAD = '{}HYPERLINK("http://evil.example","x")'
FORMULA_STARTS = ("=", "+", "-", "@")
# What fills the path of a report that shows one thing (one quiz, one session).
URL_ARGUMENTS = {"quiz_id": "quiz", "session_id": "session"}


def report_urls(patterns=None, prefix="/"):
    """(path, report class) of every TrainerReport in the URL configuration, so a
    report added later is checked here without anyone remembering to list it."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        path = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += report_urls(pattern.url_patterns, path)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})
            if (
                view_class
                and issubclass(view_class, TrainerReport)
                and not initkwargs.get("results_only")
            ):
                found.append((path, view_class))
    return found


def hostile_quiz(text):
    """A quiz whose title, question and answer texts are all `text`."""

    def option(key, correct):
        return {
            "type": "item",
            "id": key,
            "value": {"text": text, "correct": correct, "feedback": text},
        }

    question = {
        "type": "single",
        "id": "q1",
        "value": {
            "text": text,
            "options": [option("q1-a", False), option("q1-b", True)],
            "explanation": text,
        },
    }
    return Quiz.objects.create(
        title=text, pass_mark=50, questions=json.dumps([question])
    )


@pytest.fixture(params=FORMULA_STARTS)
def hostile(request, participant):
    """Every field a trainer or participant writes that reaches an export, starting
    with one of the formula characters; a participant who did a bit of everything."""
    start = request.param
    text = PAYLOAD.format(start)
    participant.full_name = text
    participant.email = f"{start}sanne@example.com"
    participant.save()

    workshop = make_workshop(modules=2, title=text, slug="evil")
    modules = list(ModulePage.objects.child_of(workshop))
    modules[0].title = text
    modules[0].quiz = hostile_quiz(text)
    modules[0].save_revision().publish()
    quiz = Quiz.objects.get()
    attempts.submit(participant, quiz, {"q1": {"q1-b"}}, "f" * 20)

    start_at = timezone.now() + timedelta(days=7)
    session = WorkshopSession.objects.create(
        page=workshop,
        starts_at=start_at,
        ends_at=start_at + timedelta(hours=3),
        location=text,
        trainer_name=text,
        seats=12,
        registration_deadline=start_at - timedelta(days=1),
    )
    sessions.register(participant, session)
    sessions.set_attendance(session, {participant.pk})

    for module in ModulePage.objects.child_of(workshop):
        participation.record_completion(participant, module)
    Certificate.objects.filter(user=participant).update(name=text)

    make_tips_page(tips=2)
    Tip.objects.update(title=text, try_this_week=text)
    tips = list(Tip.objects.all())
    earlier = timezone.now() - timedelta(days=7)
    practice.save_assessment(participant, {tip.pk: (3, text) for tip in tips}, earlier)
    # Rated lower since: a negative average change, which is a number, not a formula.
    practice.save_assessment(
        participant, {tip.pk: (2, text) for tip in tips}, timezone.now()
    )
    practice.save_plan(participant, {tips[0].pk: text})
    outbox.queue("test", "hostile", [participant.email], text, text, user=participant)

    objects = {"quiz": quiz, "session": session}
    urls = []
    for path, view_class in report_urls():
        names = re.findall(r"<(?:\w+:)?(\w+)>", path)
        unknown = set(names) - set(URL_ARGUMENTS)
        assert not unknown, f"{view_class.__name__}: fill in {unknown} here"
        urls.append(
            re.sub(
                r"<(?:\w+:)?(\w+)>",
                lambda match: str(objects[URL_ARGUMENTS[match.group(1)]].pk),
                path,
            )
        )
    return {"text": text, "email": participant.email, "urls": urls}


# Reports for administrators only (they show participants' email addresses and
# what was sent to them): checked with an administrator's login.
ADMIN_ONLY = ("/admin/reports/emails/",)


@pytest.fixture
def report_client(trainer_client, admin_user):
    """The client that may see a report: a trainer's, or an administrator's."""
    from django.test import Client

    administrator = Client()
    administrator.force_login(admin_user)
    return lambda url: administrator if url.startswith(ADMIN_ONLY) else trainer_client


def cells_of(rows):
    return [cell for row in rows[1:] for cell in row]  # below the headings


def is_number(cell):
    try:
        float(cell)
    except (TypeError, ValueError):
        return False
    return True


def test_every_report_is_found(hostile):
    paths = {re.sub(r"/\d+/", "/<id>/", url) for url in hostile["urls"]}
    assert paths >= {
        "/admin/reports/participant-progress/",
        "/admin/reports/quiz-statistics/",
        "/admin/reports/quiz-statistics/<id>/",
        "/admin/reports/sessions/",
        "/admin/reports/sessions/<id>/",
        "/admin/reports/tips-practice/",
    }


def test_no_export_cell_starts_a_formula(report_client, hostile):
    guarded = "'" + hostile["text"]
    seen = []
    for url in hostile["urls"]:
        for export in ("csv", "xlsx"):
            response = report_client(url).get(url, {"export": export})
            assert response.status_code == 200, (url, export)
            cells = cells_of(read_export(response))
            assert cells, (url, export)
            for cell in cells:
                text = "" if cell is None else str(cell)
                # Negative numbers are numbers in every spreadsheet program.
                assert not (text.startswith(FORMULA_STARTS) and not is_number(cell)), (
                    url,
                    export,
                    cell,
                )
            seen += [(url, export, str(cell)) for cell in cells]
    # The hostile texts did reach the exports, guarded, in CSV and XLSX alike.
    for export in ("csv", "xlsx"):
        texts = [cell for _url, kind, cell in seen if kind == export]
        assert "'" + hostile["email"] in texts, export
        assert sum(cell.startswith(guarded) for cell in texts) >= 8, export
    reached = {url for url, _kind, cell in seen if cell.startswith(guarded)}
    assert reached == set(hostile["urls"]), set(hostile["urls"]) - reached


def test_numbers_and_dates_are_not_guarded(trainer_client, report_client, hostile):
    practice_report = "/admin/reports/tips-practice/"
    rows = read_csv(trainer_client.get(practice_report, {"export": "csv"}))
    assert {row[-1] for row in rows[1:]} == {"-1.0"}
    rows = read_xlsx(trainer_client.get(practice_report, {"export": "xlsx"}))
    assert {row[-1] for row in rows[1:]} == {-1.0}
    for url in hostile["urls"]:
        response = report_client(url).get(url, {"export": "xlsx"})
        for cell in cells_of(read_xlsx(response)):
            if isinstance(cell, int | float | datetime):
                continue
            assert not (isinstance(cell, str) and is_number(cell.lstrip("'"))), (
                url,
                cell,
            )


def same(csv_cell, xlsx_cell):
    if isinstance(xlsx_cell, datetime):
        return csv_cell == xlsx_cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(xlsx_cell, int | float):
        return is_number(csv_cell) and float(csv_cell) == xlsx_cell
    return csv_cell == ("" if xlsx_cell is None else str(xlsx_cell))


def test_csv_and_xlsx_say_the_same(report_client, hostile):
    """Every report: the same cells in both files (times local, words for yes/no)."""
    for url in hostile["urls"]:
        rows_csv = read_csv(report_client(url).get(url, {"export": "csv"}))
        rows_xlsx = read_xlsx(report_client(url).get(url, {"export": "xlsx"}))
        assert len(rows_csv) == len(rows_xlsx), url
        for row_csv, row_xlsx in zip(rows_csv, rows_xlsx, strict=True):
            assert len(row_csv) == len(row_xlsx), url
            for csv_cell, xlsx_cell in zip(row_csv, row_xlsx, strict=True):
                assert same(csv_cell, xlsx_cell), (url, csv_cell, xlsx_cell)
