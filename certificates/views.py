"""Certificate pages: public verification, the owner's tools, the PDF and JSON."""

import hashlib
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from academy.base import caching
from academy.base.caching import DEFAULT_TIMEOUT, content_key
from academy.base.models import SiteSettings
from academy.base.ratelimit import allow

from . import credentials, issuing, names, pdf, sharing
from .models import Certificate

NAME_HELP = gettext_lazy(
    "Fill in the name as it should be printed: letters, with spaces, hyphens, "
    "apostrophes or full stops."
)


class NameCorrectionForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name on the certificate"),
        max_length=150,
        error_messages={"required": NAME_HELP},
    )

    def clean_name(self):
        name = issuing.clean_name(self.cleaned_data["name"])
        if not names.is_valid_name(name):
            raise forms.ValidationError(NAME_HELP)
        return name


def may_manage(user):
    """Trainers (and admins) may see every certificate's PDF."""
    return user.is_authenticated and user.has_perm("certificates.view_certificate")


def absolute_url(request, name, code):
    """An absolute URL in the default language: the one printed and shared."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name, args=[code]))


def verification_urls(request, certificate):
    return (
        absolute_url(request, "certificates:certificate", certificate.code),
        absolute_url(request, "certificates:certificate_json", certificate.code),
    )


def lookup(request, code):
    """The certificate for `code`, rate limited per address against guessing."""
    limit, period = settings.CERTIFICATE_LOOKUP_RATE
    if not allow(request, "certificate", limit, period):
        raise RateLimited
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        raise CertificateNotFound
    return certificate


class RateLimited(Exception):
    pass


class CertificateNotFound(Exception):
    pass


def answer_lookup_problem(request, problem):
    if isinstance(problem, RateLimited):
        response = TemplateResponse(
            request, "certificates/rate_limited.html", status=429
        )
        response["Retry-After"] = str(settings.CERTIFICATE_LOOKUP_RATE[1])
    else:
        response = TemplateResponse(request, "certificates/not_found.html", status=404)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def certificate_detail(request, code):
    limit, period = settings.CERTIFICATE_LOOKUP_RATE
    if not allow(request, "certificate", limit, period):
        return answer_lookup_problem(request, RateLimited())
    shared_key = None
    if caching.request_may_share(request):
        # What an employer sees is the same for everyone: served from the cache
        # until the certificate changes (its stamp) or the branding does. The
        # stamp is read before the certificate, so a revocation that commits while
        # this page is made gives a new stamp, and this copy is never found.
        shared_key = verification_page_key(request, code)
        cached = caching.get(shared_key)
        if cached is not None:
            return verification_response(HttpResponse(cached))
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        if shared_key:
            forget_stamp(code)  # unknown codes leave nothing behind
        return answer_lookup_problem(request, CertificateNotFound())
    if certificate.is_withdrawn:
        return withdrawn_response(request, certificate)
    verify_url, json_url = verification_urls(request, certificate)
    is_owner = request.user.is_authenticated and request.user.pk == certificate.user_id
    context = {
        "certificate": certificate,
        "verify_url": verify_url,
        "json_url": json_url,
    }
    if is_owner:
        context.update(
            owner_tools(request, certificate, verify_url),
            name_form=NameCorrectionForm(initial={"name": certificate.name}),
        )
    context["can_download"] = not certificate.is_revoked and (
        is_owner or may_manage(request.user)
    )
    response = TemplateResponse(request, "certificates/certificate.html", context)
    if shared_key:
        response.render()
        if caching.response_is_shareable(request, response):
            caching.set(shared_key, response.content, VERIFICATION_PAGE_TIMEOUT)
    return verification_response(response)


VERIFICATION_PAGE_TIMEOUT = 60 * 60


def verification_page_key(request, code):
    token = caching.stamp(f"certificate:{code}", create=True)
    return content_key(
        "certificate-page",
        code,
        token,
        request.get_host(),  # the page shows absolute links
        translation.get_language(),
    )


def forget_stamp(code):
    cache.delete(f"academy:stamp:certificate:{code}")


def verification_response(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def withdrawn_response(request, certificate):
    """410 Gone: the holder deleted their account; only what is not personal is
    left (code, workshop, date, organisation)."""
    return verification_response(
        TemplateResponse(
            request,
            "certificates/withdrawn.html",
            {"certificate": certificate},
            status=410,
        )
    )


def owner_tools(request, certificate, verify_url):
    text = _("I completed “%(workshop)s” at %(organisation)s.") % {
        "workshop": certificate.workshop_title,
        "organisation": certificate.organisation_name,
    }
    name_changes = list(certificate.name_changes.all())
    return {
        "is_owner": True,
        "linkedin_url": sharing.linkedin_add_url(
            certificate, verify_url, settings.LINKEDIN_ORGANIZATION_ID
        ),
        "x_url": sharing.x_share_url(certificate, verify_url, text),
        "name_changes": name_changes,
        "pending_name_change": next((c for c in name_changes if c.is_pending), None),
    }


@require_safe
def certificate_json(request, code):
    try:
        certificate = lookup(request, code)
    except RateLimited:
        return JsonResponse({"error": "rate limited"}, status=429)
    except CertificateNotFound:
        return JsonResponse({"error": "not found"}, status=404)
    if certificate.is_withdrawn:
        response = JsonResponse(
            {"error": "withdrawn", "credentialStatus": {"status": "withdrawn"}},
            status=410,
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    verify_url, json_url = verification_urls(request, certificate)
    response = HttpResponse(
        json.dumps(
            credentials.credential(certificate, verify_url, json_url),
            ensure_ascii=False,
            indent=2,
        ),
        content_type="application/ld+json; charset=utf-8",
    )
    response["X-Robots-Tag"] = "noindex"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def certificate_pdf_view(request, code):
    """The PDF, for its owner and trainers only; 404 for everyone else."""
    try:
        certificate = lookup(request, code)
    except RateLimited as problem:
        return answer_lookup_problem(request, problem)
    except CertificateNotFound as problem:
        return answer_lookup_problem(request, problem)
    if certificate.is_withdrawn:
        return withdrawn_response(request, certificate)
    is_owner = request.user.is_authenticated and request.user.pk == certificate.user_id
    if certificate.is_revoked or not (is_owner or may_manage(request.user)):
        return answer_lookup_problem(request, CertificateNotFound())
    verify_url, _json_url = verification_urls(request, certificate)
    pdf = pdf_bytes(certificate, verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = slugify(f"certificaat {certificate.workshop_title} {certificate.name}")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_bytes(certificate, verify_url):
    """The certificate's PDF, rendered once and then served from the shared cache.

    The key holds every field of the certificate, the content version (the
    organisation's logo) and the language (the PDF's texts and date), so a corrected
    name, a new logo or another language gives another PDF.
    """
    printed = repr(
        [
            (field.attname, getattr(certificate, field.attname))
            for field in Certificate._meta.concrete_fields
        ]
        + [verify_url]
    )
    digest = hashlib.sha256(printed.encode()).hexdigest()[:32]
    key = content_key(
        "certificate-pdf", certificate.pk, digest, translation.get_language()
    )
    document = caching.get(key)
    if document is None:
        document = pdf.render(certificate, verify_url, logo=logo_bytes())
        caching.set(key, document, DEFAULT_TIMEOUT)
    return document


def logo_bytes():
    logo = SiteSettings.load().logo
    if logo is None:
        return None
    rendition = logo.get_rendition("max-600x240|format-png")
    with rendition.file.open("rb") as file:
        return file.read()


@require_POST
def correct_certificate_name(request, code):
    """The holder corrects the name (at once) or asks for another (a trainer
    decides): issuing.correct_name."""
    certificate = Certificate.objects.filter(code=code).first()
    if (
        certificate is None
        or not request.user.is_authenticated
        or request.user.pk != certificate.user_id
    ):
        raise Http404
    form = NameCorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("certificates:certificate", code=certificate.code)
    try:
        change = issuing.correct_name(
            certificate, form.cleaned_data["name"], by=request.user
        )
    except issuing.NameChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if change is None:
            messages.info(request, _("The name on your certificate is unchanged."))
        elif change.is_pending:
            messages.info(
                request,
                _(
                    "A trainer will check the new name “%(new)s”: it is more than a "
                    "small correction. Until then your certificate says “%(old)s”. "
                    "You will get an email."
                )
                % {"new": change.new_name, "old": change.old_name},
            )
        else:
            messages.success(
                request, _("The name on your certificate has been corrected.")
            )
    return redirect("certificates:certificate", code=certificate.code)
