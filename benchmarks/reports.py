"""Trainer reports on a large data set: first-page time, queries, CSV export.

`make bench-reports` builds bench.sqlite3 with make_bench_data (5,000 participants,
30,000 attempts) and runs this against it, in-process with Django's test client.
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

from quizzes.models import Quiz  # noqa: E402

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
        (
            "progress CSV export (all rows)",
            "/admin/reports/participant-progress/?export=csv",
        ),
    ]
    print(f"{'page':40} {'median ms':>10} {'queries':>8} {'bytes':>10}")
    for name, url in pages:
        median, queries, size = timed(client, url)
        print(f"{name:40} {median:10.0f} {queries:8d} {size:10d}")
    tracemalloc.start()
    response = client.get(
        "/admin/reports/participant-progress/?export=csv", HTTP_HOST="127.0.0.1"
    )
    total = sum(len(chunk) for chunk in response.streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"CSV export streamed {total / 1024:.0f} KB with a peak of "
        f"{peak / 1024 / 1024:.1f} MB Python memory"
    )


if __name__ == "__main__":
    main()
