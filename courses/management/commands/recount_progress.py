"""`manage.py recount_progress`: recount the progress stored on every enrolment.

Run it after loading enrolments, completions or attempts in bulk (rows written
without signals), or after registering a new requirement. Set-based: two UPDATEs
over the table, whatever its size.
"""

import time

from django.core.management.base import BaseCommand

from courses.progress_store import recount_all


class Command(BaseCommand):
    help = "Recount the progress stored on every enrolment (after a bulk load)."

    def handle(self, *args, **options):
        start = time.perf_counter()
        count = recount_all()
        self.stdout.write(
            f"{count} enrolments recounted in {time.perf_counter() - start:.1f} s."
        )
