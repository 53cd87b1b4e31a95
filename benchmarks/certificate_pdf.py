"""How long one certificate PDF takes to render, and how big it is.

Run with `make bench-pdf` (or `.venv/bin/python benchmarks/certificate_pdf.py`).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from certificates.pdf import render  # noqa: E402

RUNS = int(os.environ.get("RUNS", "200"))


def main():
    certificate = Certificate(
        code="Zx3Kq9pLm2Vb7Ta1Wc5Rd8",
        name="Şükrü Yılmaz-Ørsted",
        workshop_title="LinkedIn voor managementassistenten",
        duration_minutes=180,
        organisation_name="Office Manager 2.0 Academy",
        trainer_name="Marieke van Dijk",
        signatory_name="Marieke van Dijk",
        signatory_role="Trainer en oprichter",
        issued_at=timezone.now(),
    )
    url = "https://academy.example.com/certificates/Zx3Kq9pLm2Vb7Ta1Wc5Rd8/"
    render(certificate, url)  # the first render registers the fonts
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = render(certificate, url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"certificate PDF: {RUNS} renders")
    print(f"  median {statistics.median(timings):.1f} ms")
    print(f"  p95    {timings[int(len(timings) * 0.95) - 1]:.1f} ms")
    print(f"  max    {timings[-1]:.1f} ms")
    print(f"  size   {len(pdf) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
