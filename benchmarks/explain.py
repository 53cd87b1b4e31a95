"""Query plans of the measured pages: no sequential scan of a big table.

Requests every page `make bench` and `make bench-scale` measure, in-process with
Django's test client (dev settings, the database in DATABASE_URL): the participant
pages as a participant with several enrolments (a quiz submission included), the
public pages, the certificate pages, and the trainer's progress report (first page,
every sort both ways, every status, one workshop), the quiz statistics (index, one
quiz over all its attempts) and the first rows of the progress CSV export (the XLSX
export reads the same query). Every SELECT they send is captured and explained
(EXPLAIN (FORMAT JSON), without running it); a Seq Scan of a table that PostgreSQL
estimates at more than 10,000 rows (pg_class.reltuples) fails the check.

Everything runs in one transaction that is rolled back: the database is left as it
was (the participant's rows the quiz submission writes stay locked until then).
Exit status 0 when every plan passes, 1 when any fails (each listed with its page,
table and query).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_scale \\
        .venv/bin/python benchmarks/explain.py
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/academy_scale"
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import update_last_login  # noqa: E402
from django.contrib.auth.signals import user_logged_in  # noqa: E402
from django.core.signals import request_finished  # noqa: E402
from django.db import close_old_connections, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BIG_TABLE_ROWS = 10_000
PROGRESS = "/admin/reports/participant-progress/"
SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')


def pages():
    """[(page name, client, method, path, POST data or None)]."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from certificates.models import Certificate
    from courses.models import Enrolment, ModulePage, TipsPage, WorkshopPage
    from courses.reports import SORTS, STATUS_CHOICES
    from quizzes.models import Attempt

    User = get_user_model()
    workshops = list(WorkshopPage.objects.live().order_by("path"))
    first = workshops[0]
    modules = list(ModulePage.objects.child_of(first).live().order_by("path"))
    quiz_module = next(m for m in modules if m.quiz_id)
    busy = (
        Enrolment.objects.filter(user__email__startswith="deelnemer")
        .values("user")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("user")
        .first()
    )
    participant = User.objects.get(pk=busy["user"])
    certificate = Certificate.objects.filter(user__isnull=False).first()
    busiest_quiz = (
        Attempt.objects.values("quiz").annotate(n=Count("pk")).order_by("-n").first()
    )

    anonymous, member, owner, trainer = Client(), Client(), Client(), Client()
    member.force_login(participant)
    owner.force_login(certificate.user)
    trainer.force_login(User.objects.get(email="bench-trainer@example.com"))
    quiz = f"/modules/{quiz_module.pk}/quiz/"
    answers = {
        f"q-{question.key}": next(o.key for o in question.options if not o.correct)
        for question in quiz_module.quiz.question_data()
    }
    result = [
        ("/livez", anonymous, "GET", "/livez", None),
        ("home", anonymous, "GET", "/", None),
        ("workshop", anonymous, "GET", first.url, None),
        ("tips", anonymous, "GET", TipsPage.objects.live().first().url, None),
        ("certificate verification", anonymous, "GET",
         f"/certificates/{certificate.code}/", None),
        ("certificate PDF", owner, "GET", f"/certificates/{certificate.code}/pdf/",
         None),
        ("workshop (logged in)", member, "GET", first.url, None),
        ("module (logged in)", member, "GET", modules[1].url, None),
        ("dashboard", member, "GET", "/dashboard/", None),
        ("quiz page", member, "GET", quiz, None),
        ("quiz submission", member, "POST", quiz, answers),
        ("progress report, first page", trainer, "GET", PROGRESS, None),
    ]  # fmt: skip
    for key in SORTS:
        for sort in (key, f"-{key}"):
            result.append((f"progress report, sort={sort}", trainer, "GET",
                           f"{PROGRESS}?sort={sort}", None))  # fmt: skip
    for status, _label in STATUS_CHOICES:
        result.append((f"progress report, status={status}", trainer, "GET",
                       f"{PROGRESS}?status={status}", None))  # fmt: skip
    result += [
        ("progress report, one workshop", trainer, "GET",
         f"{PROGRESS}?workshop={first.pk}", None),
        ("quiz statistics index", trainer, "GET", "/admin/reports/quiz-statistics/",
         None),
        ("one quiz's statistics, all attempts", trainer, "GET",
         f"/admin/reports/quiz-statistics/{busiest_quiz['quiz']}/?scope=all", None),
        ("progress CSV export, first rows", trainer, "GET",
         f"{PROGRESS}?export=csv", None),
    ]  # fmt: skip
    return result


def request(client, method, path, data):
    """The page's response, read as far as a page is: a download only to its first
    rows (what a trainer's first screenful of an export costs)."""
    if method == "POST":
        page = client.get(path).content.decode()
        data = {**data, "submission": SUBMISSION.search(page).group(1)}
        response = client.post(path, data)
    else:
        response = client.get(path)
    if response.streaming:
        chunks = iter(response.streaming_content)
        for _ in range(3):
            next(chunks, None)
    return response.status_code


def seq_scans(plan):
    """The relations a plan reads with a sequential scan."""
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += seq_scans(child)
    return found


def table_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        )
        return dict(cursor.fetchall())


def main():
    # The requests run inside one transaction: keep its connection open after
    # each (as Django's TestCase does).
    request_finished.disconnect(close_old_connections)
    # Logging the test clients in does not touch last_login: the transaction would
    # hold those rows locked (the trainer's!) until it ends.
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    rows = table_rows()
    failures = {}  # sql -> {"pages": [...], "tables": {...}}
    explained = 0
    statuses = []
    with transaction.atomic():
        for name, client, method, path, data in pages():
            with CaptureQueriesContext(connection) as captured:
                status = request(client, method, path, data)
            statuses.append((name, status))
            for query in captured.captured_queries:
                sql = query["sql"]
                if not re.match(r"\s*(SELECT|WITH)\b", sql, re.IGNORECASE):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                if isinstance(plan, str):
                    plan = json.loads(plan)
                explained += 1
                big = {
                    table: rows.get(table, 0)
                    for table in seq_scans(plan[0]["Plan"])
                    if rows.get(table, 0) > BIG_TABLE_ROWS
                }
                if big:
                    failure = failures.setdefault(sql, {"pages": [], "tables": {}})
                    if name not in failure["pages"]:
                        failure["pages"].append(name)
                    failure["tables"].update(big)
        transaction.set_rollback(True)
    bad_status = [(name, status) for name, status in statuses if status >= 400]
    print(
        f"EXPLAIN: {len(statuses)} pages, {explained} SELECTs explained, "
        f"tables of more than {BIG_TABLE_ROWS:,} rows scanned sequentially by "
        f"{len(failures)} queries."
    )
    for name, status in bad_status:
        print(f"  page {name}: HTTP {status}")
    for number, (sql, failure) in enumerate(failures.items(), 1):
        tables = ", ".join(
            f"{t} (~{n:,.0f} rows)" for t, n in failure["tables"].items()
        )
        print(f"\n{number}. Seq Scan of {tables}")
        print(f"   pages: {'; '.join(failure['pages'])}")
        print(f"   query: {sql[:3000]}{' ...' if len(sql) > 3000 else ''}")
    return 1 if failures or bad_status else 0


if __name__ == "__main__":
    sys.exit(main())
