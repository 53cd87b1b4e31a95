"""The certificates a trainer's progress report shows for one workshop, as one ZIP of
their PDFs, streamed. No request here: the admin view is in wagtail_hooks.py.

The ZIP is written into a stream that cannot seek (zipfile then writes each entry's
sizes and checksum after its data), one PDF at a time, stored as it is (a PDF is
compressed already), and handed on as soon as it is written: memory holds one PDF,
never the archive, and the certificates are read in one query however many there are.
"""

import functools
import io
import zipfile

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from .models import Certificate
from .views import logo_bytes, pdf_bytes

CHUNK = 200  # certificates read from the database at a time
NAME_LENGTH = 80  # of the readable part of a file name, before the code


def certificates_of(enrolments, workshop):
    """The certificates for `workshop` of the participants in `enrolments` (the
    report's rows) that are still valid: not revoked, not withdrawn. By name."""
    return Certificate.objects.filter(
        workshop=workshop,
        user__in=enrolments.values("user"),
        is_revoked=False,
        withdrawn_at__isnull=True,
    ).order_by("name", "pk")


def member_name(certificate):
    """certificaat-<workshop>-<name>-<code>.pdf: readable, plain ASCII (safe in any
    unzip tool and file system), and told apart by the code, which is also what a
    name without Latin letters ("王小明") leaves."""
    readable = slugify(f"certificaat {certificate.workshop_title} {certificate.name}")
    return f"{readable[:NAME_LENGTH].strip('-_')}-{certificate.code}.pdf"


def archive_name(workshop, day):
    """certificaten-<workshop>-<YYYY-MM-DD>.zip"""
    return f"certificaten-{slugify(workshop.slug) or workshop.pk}-{day:%Y-%m-%d}.zip"


def verify_url(base_url, certificate):
    """The verification link printed on the PDF: absolute, in the default language,
    the same as the certificate's own PDF page prints (so their renders are shared)."""
    with translation.override(settings.LANGUAGE_CODE):
        return base_url + reverse("certificates:certificate", args=[certificate.code])


class _Pipe(io.RawIOBase):
    """What zipfile writes into, emptied after each entry; it cannot seek or tell."""

    def __init__(self):
        super().__init__()
        self.pieces = []

    def writable(self):
        return True

    def write(self, data):
        self.pieces.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def _unique(name, taken):
    """`name`, or with a number added if a case-insensitive file system would see
    it already (codes differ, but may differ only in case)."""
    stem, number = name.removesuffix(".pdf"), 1
    while name.casefold() in taken:
        number += 1
        name = f"{stem}-{number}.pdf"
    taken.add(name.casefold())
    return name


def stream_zip(certificates, base_url, language=None):
    """The ZIP of the PDFs of `certificates` (a queryset), in pieces as written.

    `base_url` ("https://academy.example.com") makes each verification link
    absolute; the PDFs' texts are in `language` (default: the site's default, as
    the verification link). Each PDF comes from `views.pdf_bytes` (rendered once,
    then cached), the logo read once for the whole archive.
    """
    language = language or settings.LANGUAGE_CODE
    logo = functools.cache(logo_bytes)
    pipe, taken = _Pipe(), set()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates.iterator(CHUNK):
            # Per PDF, not around the yields: the language is not left active in
            # whoever consumes the pieces.
            with translation.override(language):
                document = pdf_bytes(
                    certificate, verify_url(base_url, certificate), logo=logo
                )
            entry = zipfile.ZipInfo(
                _unique(member_name(certificate), taken),
                date_time=timezone.localtime(certificate.issued_at).timetuple()[:6],
            )
            entry.compress_type = zipfile.ZIP_STORED
            entry.external_attr = 0o644 << 16  # -rw-r--r--
            archive.writestr(entry, document)
            yield pipe.take()
    yield pipe.take()  # the central directory, written on closing
