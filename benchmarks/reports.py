"""Trainer reports on a large data set: first-page time, queries, every sort and
filter of the progress report, the plans of its queries, and the exports' speed
(rows a second) and peak memory.

`make bench-reports` builds bench.sqlite3 with make_bench_data (5,000 participants,
30,000 attempts) and runs this against it, in-process with Django's test client.
On PostgreSQL (DATABASE_URL) it also reads EXPLAIN of each progress-report query
and names any sequential scan of a big table.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from courses.models import Enrolment, WorkshopPage  # noqa: E402
from courses.reports import SORTS  # noqa: E402
from quizzes.models import Quiz  # noqa: E402

BIG_TABLES = {"courses_enrolment", "users_user", "quizzes_attempt", "quizzes_answer"}
BIG_TABLES |= {"courses_modulecompletion"}

RUNS = int(os.environ.get("RUNS", "5"))
PASSWORD = "bench-password"  # noqa: S105 - the benchmark database's trainer


def timed(client, url):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
    return statistics.median(timings), len(queries), size


def main():
    client = Client()
    assert client.login(email="bench-trainer@example.com", password=PASSWORD)
    quiz = Quiz.objects.order_by("pk").first()
    pages = [
        ("progress report, first page", "/admin/reports/participant-progress/"),
        (
            "progress report, sorted by %",
            "/admin/reports/participant-progress/?sort=-percent",
        ),
        (
            "progress report, stalled",
            "/admin/reports/participant-progress/?status=stalled",
        ),
        ("quiz statistics index", "/admin/reports/quiz-statistics/"),
        (
            "one quiz's statistics",
            f"/admin/reports/quiz-statistics/{quiz.pk}/?scope=all",
        ),
    ]
    workshop = WorkshopPage.objects.order_by("path").first()
    progress = "/admin/reports/participant-progress/"
    for sort in SORTS:
        for direction in ("", "-"):
            pages.append(
                (
                    f"progress sorted by {direction}{sort}",
                    f"{progress}?sort={direction}{sort}",
                )
            )
    for status in ("not_started", "in_progress", "finished", "stalled"):
        pages.append((f"progress, {status}", f"{progress}?status={status}"))
    if workshop:
        pages.append(("progress, one workshop", f"{progress}?workshop={workshop.pk}"))
        pages.append(
            (
                "progress, workshop + finished by -%",
                f"{progress}?workshop={workshop.pk}&status=finished&sort=-percent",
            )
        )
    pages.append(("progress, page 1000", f"{progress}?page=1000"))
    print(f"{'page':40} {'median ms':>10} {'queries':>8} {'bytes':>10}")
    for name, url in pages:
        median, queries, size = timed(client, url)
        print(f"{name:40} {median:10.0f} {queries:8d} {size:10d}")
    if connection.vendor == "postgresql":
        print("Sequential scans of big tables in the progress report's queries:")
        for name, url in pages:
            if progress in url and "export" not in url:
                for table in seq_scans(client, url):
                    print(f"  {name}: Seq Scan on {table}")
    rows = Enrolment.objects.count()
    for export in ("csv", "xlsx"):
        rate, cpu_rate, peak = export_figures(
            client, f"{progress}?export={export}", rows
        )
        print(
            f"progress {export.upper()} export: {rows} rows, {rate:,.0f} rows/s "
            f"({cpu_rate:,.0f} rows/s of this process's CPU), peak "
            f"{peak:.1f} MB Python memory (tracemalloc, while streaming)"
        )


def seq_scans(client, url):
    """The big tables that the page's queries read with a sequential scan."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
    found = set()
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        for table in BIG_TABLES:
            if f"Seq Scan on {table} " in plan + " ":
                found.add(table)
    return sorted(found)


def export_figures(client, url, rows):
    """Rows a second (wall clock and CPU) and the peak of Python memory while
    the whole export streams through."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, HTTP_HOST="127.0.0.1")
    for _chunk in response.streaming_content:
        pass
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    response = client.get(url, HTTP_HOST="127.0.0.1")
    for _chunk in response.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows / wall, rows / cpu, peak / 1024 / 1024


if __name__ == "__main__":
    main()
