"""The daily booster email job at scale: 100,000 participants, each with a booster
that came due (the worst day there is), in the benchmark database, inside a
transaction that is rolled back afterwards.

It times boosters.emails.send_due() (finding whom to email, marking their boosters,
writing each email into the outbox) and counts its SQL queries: a few per batch of
1,000, never one per participant. Sending each email is a worker's task and is not
part of it (the dispatch is counted, not run).
"""

import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


class Rollback(Exception):
    pass


def measure(count=100_000):
    from academy.base import outbox
    from boosters import emails, logic
    from boosters.models import Booster

    User = get_user_model()
    quiz_id = logic.module_quiz_ids()[0]
    now = timezone.now()
    passed = now - timedelta(days=2, hours=1)
    password = make_password(None)
    dispatched = []
    real_dispatch = outbox.dispatch
    outbox.dispatch = dispatched.append
    result = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"booster-bench-{n:06d}@example.com",
                        full_name=f"Deelnemer {n}",
                        password=password,
                    )
                    for n in range(count)
                ],
                batch_size=5000,
            )
            Booster.objects.bulk_create(
                [
                    Booster(
                        user_id=user.pk,
                        quiz_id=quiz_id,
                        step=1,
                        passed_at=passed,
                        due_at=passed + timedelta(days=2),
                    )
                    for user in users
                ],
                batch_size=5000,
                ignore_conflicts=True,
            )
            result["setup_s"] = time.perf_counter() - started
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                queued = emails.send_due(now)
                result["seconds"] = time.perf_counter() - started
            result.update(
                participants=count,
                emails_queued=queued,
                queries=len(queries),
                dispatched=len(dispatched),
            )
            raise Rollback
    except Rollback:
        pass
    finally:
        outbox.dispatch = real_dispatch
    return result


def text(row):
    return (
        f"- booster emails for {row['participants']:,} participants with a booster "
        f"due: {row['seconds']:.1f} s, {row['queries']} SQL queries "
        f"({row['emails_queued']:,} emails queued; not one query per participant)"
    )
