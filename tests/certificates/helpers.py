"""Shared by the certificate tests: finishing a workshop, reading a PDF."""

import io

from pypdf import PdfReader

from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage


def finish(user, workshop):
    for module in ModulePage.objects.child_of(workshop).live():
        participation.record_completion(user, module)
    return Certificate.objects.filter(user=user, workshop=workshop).first()


def pdf_text(content):
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )
