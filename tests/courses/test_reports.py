"""Trainer reports: participant progress and quiz statistics, with exports."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from courses import participation
from courses.models import Enrolment, ModuleCompletion, ModulePage, WorkshopPage
from courses.progress import Status
from courses.progress_data import progress_for, reference_progress
from quizzes import attempts
from tests.factories import make_quiz, make_user, make_workshop
from tests.spreadsheets import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

PROGRESS = "/admin/reports/participant-progress/"
REPORT_URLS = [
    "/admin/reports/participant-progress/",
    "/admin/reports/participant-progress/?export=csv",
    "/admin/reports/participant-progress/?export=xlsx",
    "/admin/reports/quiz-statistics/",
    "/admin/reports/quiz-statistics/?export=csv",
    "/admin/reports/quiz-statistics/{quiz}/",
    "/admin/reports/quiz-statistics/{quiz}/?export=xlsx&scope=all",
    "/admin/reports/participants/{user}/",
]


@pytest.fixture
def course(participant):
    """Two workshops; Sanne finished LinkedIn (with a quiz) and started Twitter/X."""
    linkedin = make_workshop(modules=2)
    twitter = make_workshop(modules=3, slug="twitter-x", title="Twitter/X")
    module = ModulePage.objects.child_of(linkedin).first()
    module.quiz = make_quiz()
    module.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    answers = {q.key: q.correct_keys for q in module.quiz.question_data()}
    attempts.submit(participant, module.quiz, answers, "f" * 20)
    participation.record_completion(
        participant, ModulePage.objects.child_of(linkedin).last()
    )
    participation.record_completion(
        participant, ModulePage.objects.child_of(twitter).first()
    )
    return linkedin, twitter, module.quiz


@pytest.mark.parametrize("url", REPORT_URLS)
def test_only_trainers_and_admins_reach_the_reports(
    client, course, participant, url, trainer, admin_user
):
    url = url.format(quiz=course[2].pk, user=participant.pk)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url  # anonymous
    client.force_login(participant)
    assert client.get(url).status_code in (302, 403)
    for user in (trainer, admin_user):
        client.force_login(user)
        assert client.get(url).status_code == 200, (user, url)


def test_reports_are_in_the_reports_menu_for_trainers_only(
    client, trainer, participant
):
    client.force_login(trainer)
    html = client.get("/admin/").content.decode()
    assert "/admin/reports/participant-progress/" in html
    assert "/admin/reports/quiz-statistics/" in html


def test_progress_report_rows(trainer_client, course):
    html = trainer_client.get("/admin/reports/participant-progress/").content.decode()
    assert "Sanne de Boer" in html and "sanne@example.com" in html
    assert "2 / 2" in html and "100%" in html and "1 / 3" in html and "33%" in html

    rows = read_csv(
        trainer_client.get("/admin/reports/participant-progress/?export=csv")
    )
    assert rows[0][:3] == ["Naam", "E-mail", "Workshop"]
    by_workshop = {row[2]: row for row in rows[1:]}
    linkedin = by_workshop["LinkedIn"]
    assert linkedin[4:8] == ["2", "2", "100", "1"]  # done, total, %, quizzes passed
    assert linkedin[9] == "Afgerond" and len(linkedin[12]) >= 22  # certificate code
    twitter = by_workshop["Twitter/X"]
    assert twitter[4:8] == ["1", "3", "33", "0"] and twitter[12] == ""
    assert rows[0][10:12] == ["Sessie", "Aanwezig"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.FINISHED, {"LinkedIn"}),
        (Status.IN_PROGRESS, {"Twitter/X"}),
        (Status.NOT_STARTED, {"Leeg"}),
        (Status.STALLED, {"Oud"}),
    ],
)
def test_progress_report_filters_by_status(trainer_client, course, status, expected):
    other = make_user("ander@example.com", full_name="Ander")
    empty = make_workshop(modules=1, slug="leeg", title="Leeg")
    participation.enrol(other, empty)
    old = make_workshop(modules=2, slug="oud", title="Oud")
    participation.record_completion(other, ModulePage.objects.child_of(old).first())
    Enrolment.objects.filter(workshop=old).update(
        last_activity_at=timezone.now() - timedelta(days=15)
    )
    response = trainer_client.get(
        "/admin/reports/participant-progress/", {"status": status, "export": "csv"}
    )
    assert {row[2] for row in read_csv(response)[1:]} == expected


def test_progress_report_filters_by_workshop_and_sorts(trainer_client, course):
    linkedin, twitter, _quiz = course
    rows = read_csv(
        trainer_client.get(
            "/admin/reports/participant-progress/",
            {"workshop": twitter.pk, "export": "csv"},
        )
    )
    assert [row[2] for row in rows[1:]] == ["Twitter/X"]
    rows = read_csv(
        trainer_client.get(
            "/admin/reports/participant-progress/",
            {"sort": "-percent", "export": "csv"},
        )
    )
    assert [row[6] for row in rows[1:]] == ["100", "33"]


def test_exports_do_not_run_formulas(trainer_client, participant, course):
    participant.full_name = '=HYPERLINK("http://evil")'
    participant.save()
    rows = read_csv(
        trainer_client.get("/admin/reports/participant-progress/?export=csv")
    )
    assert rows[1][0].startswith("'=")


def test_participant_detail_shows_modules_and_answers(
    trainer_client, participant, course
):
    html = trainer_client.get(
        f"/admin/reports/participants/{participant.pk}/"
    ).content.decode()
    assert "LinkedIn" in html and "2 / 2" in html
    assert "Poging 1" in html and "100%" in html and "Vraag 1" in html
    assert trainer_client.get("/admin/reports/participants/999999/").status_code == 404


def test_quiz_statistics_pages(trainer_client, course):
    quiz = course[2]
    html = trainer_client.get("/admin/reports/quiz-statistics/").content.decode()
    assert quiz.title in html
    html = trainer_client.get(
        f"/admin/reports/quiz-statistics/{quiz.pk}/"
    ).content.decode()
    assert "Vraag 1" in html and "Facility" in html
    rows = read_csv(
        trainer_client.get(f"/admin/reports/quiz-statistics/{quiz.pk}/?export=csv")
    )
    assert len(rows) == 1 + 3  # heading and three questions
    assert rows[1][2] == "1" and rows[1][3] == "100.0"  # one answer, all right
    assert (
        trainer_client.get("/admin/reports/quiz-statistics/999999/").status_code == 404
    )


def test_report_queries_do_not_grow_with_participants(trainer_client):
    def build(count, prefix):
        workshop = make_workshop(modules=3, slug=prefix, title=prefix)
        modules = list(ModulePage.objects.child_of(workshop))
        for number in range(count):
            user = make_user(f"{prefix}{number}@example.com", full_name=f"P {number}")
            participation.enrol(user, workshop)
            for module in modules[: number % 4]:
                ModuleCompletion.objects.create(user=user, module=module)

    def measure():
        trainer_client.get("/admin/reports/participant-progress/")
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get("/admin/reports/participant-progress/")
        assert response.status_code == 200
        return len(queries)

    build(5, "a")
    small = measure()
    build(120, "b")
    assert measure() == small


@settings(max_examples=15, deadline=None)
@given(done=st.lists(st.booleans(), min_size=4, max_size=4), unpublish=st.booleans())
def test_the_report_agrees_with_the_progress_function(done, unpublish):
    """The SQL version of progress and compute_progress count the same modules."""
    # Records first: the pages PROTECT them (courses/dependent_records.py).
    ModuleCompletion.objects.all().delete()
    Enrolment.objects.all().delete()
    WorkshopPage.objects.all().delete()
    user = make_user(f"h{len(Enrolment.objects.all())}-{done}-{unpublish}@example.com")
    workshop = make_workshop(modules=4, slug="h", title="H")
    modules = list(ModulePage.objects.child_of(workshop))
    participation.enrol(user, workshop)
    for module, is_done in zip(modules, done, strict=True):
        if is_done:
            ModuleCompletion.objects.create(user=user, module=module)
    if unpublish:
        modules[0].unpublish()
    row = reference_progress(Enrolment.objects.filter(user=user)).get()
    expected = progress_for(user, [WorkshopPage.objects.get()])[workshop.pk]
    assert (row.ref_done, row.ref_total, row.ref_percent) == (
        expected.done,
        expected.total,
        expected.percent,
    )
    # What the report reads: the progress stored on the enrolment.
    assert (row.modules_done, row.modules_total, row.percent, row.finished) == (
        expected.done,
        expected.total,
        expected.percent,
        expected.finished,
    )


class HeaderCells(HTMLParser):
    """The progress table's column headers: label, aria-sort and the sort link."""

    def __init__(self):
        super().__init__()
        self.cells = []
        self.links_with_aria_sort = []
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "th":
            self.cell = {"label": "", "aria_sort": attrs.get("aria-sort"), "href": None}
            self.cells.append(self.cell)
        elif tag == "a" and self.cell is not None:
            self.cell["href"] = attrs.get("href")
            if "aria-sort" in attrs:
                self.links_with_aria_sort.append(attrs)

    def handle_endtag(self, tag):
        if tag == "th":
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["label"] += data.strip()


def header_cells(client, query=""):
    response = client.get(PROGRESS + query)
    assert response.status_code == 200
    parser = HeaderCells()
    parser.feed(response.content.decode())
    assert parser.links_with_aria_sort == []  # aria-sort belongs on the <th>
    return {cell["label"].strip("▲▼ "): cell for cell in parser.cells}


def percentages_in_order(client, query):
    rows = read_csv(client.get(PROGRESS + query + "&export=csv"))
    return [row[6] for row in rows[1:]]  # the percentages, in the page's order


def test_sort_links_sort_and_say_their_direction(trainer_client, course):
    cells = header_cells(trainer_client)
    # Sorted by name by default: its header says so and its link reverses it.
    assert cells["Naam"]["aria_sort"] == "ascending"
    assert cells["Percentage"]["aria_sort"] is None
    assert cells["Workshop"]["href"] is None  # not sortable
    href = cells["Percentage"]["href"]
    assert href.startswith("?") and not href.startswith("??"), href
    assert parse_qs(href[1:])["sort"] == ["percent"]
    assert parse_qs(cells["Naam"]["href"][1:])["sort"] == ["-name"]

    # Following the link sorts by percentage, ascending; again: descending.
    cells = header_cells(trainer_client, href)
    assert cells["Percentage"]["aria_sort"] == "ascending"
    assert cells["Naam"]["aria_sort"] is None
    assert percentages_in_order(trainer_client, href) == ["33", "100"]
    href = cells["Percentage"]["href"]
    assert parse_qs(href[1:])["sort"] == ["-percent"]
    cells = header_cells(trainer_client, href)
    assert cells["Percentage"]["aria_sort"] == "descending"
    assert percentages_in_order(trainer_client, href) == ["100", "33"]
    assert parse_qs(cells["Percentage"]["href"][1:])["sort"] == ["percent"]


def test_sort_links_keep_the_filter_and_go_back_to_the_first_page(
    trainer_client, course
):
    twitter = course[1]
    cells = header_cells(trainer_client, f"?workshop={twitter.pk}&p=1")
    query = parse_qs(cells["E-mail"]["href"][1:])
    assert query == {"workshop": [str(twitter.pk)], "sort": ["email"]}


def attended_session(participant, workshop, attended=True):
    from live_sessions.models import Registration, WorkshopSession

    start = timezone.now() - timedelta(days=2)
    session = WorkshopSession.objects.create(
        page=workshop,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="De Schakel, Utrecht",
        seats=12,
        registration_deadline=start - timedelta(days=1),
    )
    Registration.objects.create(session=session, user=participant, attended=attended)
    return session


def by_workshop(rows):
    return {row[2]: row for row in rows[1:]}


def test_attendance_is_exported_as_words_in_csv_and_xlsx(trainer_client, course):
    linkedin, twitter, _quiz = course
    attended_session(Enrolment.objects.get(workshop=linkedin).user, linkedin)
    for read, export in ((read_csv, "csv"), (read_xlsx, "xlsx")):
        rows = read(trainer_client.get(PROGRESS, {"export": export}))
        assert rows[0][11] == "Aanwezig"
        assert by_workshop(rows)["LinkedIn"][11] == "Ja", export
        assert by_workshop(rows)["Twitter/X"][11] == "Nee", export


def test_xlsx_times_are_local_as_in_the_csv_and_on_the_page(trainer_client, course):
    linkedin = course[0]
    enrolment = Enrolment.objects.get(workshop=linkedin)
    session = attended_session(enrolment.user, linkedin)
    # 23:30 UTC in winter is half past midnight the next day in Amsterdam.
    late = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=late, last_activity_at=late
    )
    type(session).objects.filter(pk=session.pk).update(starts_at=late)

    csv_row = by_workshop(read_csv(trainer_client.get(PROGRESS, {"export": "csv"})))
    xlsx_row = by_workshop(read_xlsx(trainer_client.get(PROGRESS, {"export": "xlsx"})))
    csv_row, xlsx_row = csv_row["LinkedIn"], xlsx_row["LinkedIn"]
    for column in (3, 8, 10):  # enrolled on, last activity, session
        assert csv_row[column] == "2026-01-16 00:30", column
        assert xlsx_row[column] == datetime(2026, 1, 16, 0, 30), column
    html = trainer_client.get(PROGRESS).content.decode()
    assert "16 jan 2026" in html.lower()  # the page: enrolled on, and the session


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_read_the_rows_once_whatever_their_number(trainer_client, export):
    """An export streams from one query (no listing that counts, and so loads,
    every row first; no query per row), and says the same as the page."""
    workshop = make_workshop(modules=2)
    first = ModulePage.objects.child_of(workshop).first()
    for n in range(25):
        participation.record_completion(make_user(f"e{n}@example.com"), first)

    with CaptureQueriesContext(connection) as queries:
        response = trainer_client.get(PROGRESS, {"export": export})
        rows = read_csv(response) if export == "csv" else read_xlsx(response)
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if '"courses_enrolment"."percent"' in q["sql"] and "UPDATE" not in q["sql"]
    ]
    assert len(reads) == 1, reads
    assert len(rows) == 26
    assert {str(row[6]) for row in rows[1:]} == {"50"}
