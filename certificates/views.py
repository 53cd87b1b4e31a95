"""Certificate pages: public verification, the owner's tools, the PDF and JSON."""

import hashlib
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from academy.base import caching, translations
from academy.base.caching import DEFAULT_TIMEOUT, content_key
from academy.base.models import SiteSettings
from academy.base.ratelimit import allow
from quizzes import attempts as quiz_attempts
from quizzes import taking
from quizzes.scoring import InvalidAnswer

from . import credentials, issuing, keys, names, pdf, sharing, status_list, verification
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
    certificate = (
        Certificate.objects.filter(code=code).select_related("user", "workshop").first()
    )
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
    context["is_expired"] = certificate.is_expired()
    if is_owner and certificate.valid_until:
        context["can_renew"] = issuing.renewable(certificate)
    response = TemplateResponse(request, "certificates/certificate.html", context)
    if shared_key:
        response.render()
        if caching.response_is_shareable(request, response):
            caching.set(shared_key, response.content, page_timeout(certificate))
    return verification_response(response)


VERIFICATION_PAGE_TIMEOUT = 60 * 60


def page_timeout(certificate):
    """Kept an hour, but never past the moment the certificate expires (the page
    then says so)."""
    if certificate.valid_until and not certificate.is_expired():
        left = (certificate.valid_until - timezone.now()).total_seconds()
        return max(1, min(VERIFICATION_PAGE_TIMEOUT, int(left)))
    return VERIFICATION_PAGE_TIMEOUT


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
        "workshop": certificate.title,
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
    """The signed Open Badges 3.0 credential (Data Integrity proof)."""
    return credential_download(
        request,
        code,
        "json",
        lambda certificate: json.dumps(
            credentials.signed_credential(certificate), ensure_ascii=False, indent=2
        ),
    )


@require_safe
def certificate_jwt(request, code):
    """The same credential as a VC-JWT."""
    return credential_download(request, code, "jwt", credentials.signed_jwt)


CREDENTIAL_TYPES = {
    "json": "application/ld+json; charset=utf-8",
    "jwt": "application/vc+jwt",
}


def credential_download(request, code, fmt, build):
    """The signed credential as `fmt`, made by `build(certificate)`: from the cache
    until the certificate changes (its stamp: revoked, renamed, renewed,
    withdrawn), the content does (the workshop's modules), the signing key is
    rotated or the certificate expires; at most an hour (the holder's email, whose
    salted hash it carries, may change)."""
    limit, period = settings.CERTIFICATE_LOOKUP_RATE
    if not allow(request, "certificate", limit, period):
        return JsonResponse({"error": "rate limited"}, status=429)
    key = content_key(
        "credential",
        fmt,
        code,
        caching.stamp(f"certificate:{code}", create=True),
        request.get_host(),  # the credential's ids are absolute URLs of this host
        keys.signing_key().kid,
    )
    cached = caching.get(key)
    if cached is None:
        certificate = (
            Certificate.objects.filter(code=code)
            .select_related("user", "workshop")
            .first()
        )
        if certificate is None:
            forget_stamp(code)  # unknown codes leave nothing behind
            return JsonResponse({"error": "not found"}, status=404)
        if certificate.is_withdrawn:
            response = JsonResponse(
                {"error": "withdrawn", "credentialStatus": {"status": "withdrawn"}},
                status=410,
            )
            response["X-Robots-Tag"] = "noindex"
            return response
        cached = {
            "content": build(certificate),
            "filename": slugify(
                f"credential {certificate.workshop_title} {certificate.name}"
            )
            or certificate.code,
        }
        caching.set(key, cached, page_timeout(certificate))
    response = HttpResponse(cached["content"], content_type=CREDENTIAL_TYPES[fmt])
    response["X-Robots-Tag"] = "noindex"
    response["Access-Control-Allow-Origin"] = "*"
    # Anyone may fetch it, but the status may change: a verifier asks again.
    response["Cache-Control"] = "no-cache"
    if "download" in request.GET:
        response["Content-Disposition"] = content_disposition_header(
            True, f"{cached['filename']}.{fmt}"
        )
    return response


def public_json(data, max_age=300):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


@require_safe
def did_document(request):
    """/.well-known/did.json: the issuer's DID document (did:web)."""
    response = public_json(credentials.did_document(), max_age=3600)
    response["Content-Type"] = "application/did+json"
    return response


@require_safe
def status_list_view(request, number, fmt="json"):
    """A signed Bitstring Status List credential, as JSON or as a VC-JWT."""
    if not status_list.exists(number):
        raise Http404
    signed = status_list.signed(number)
    etag = '"' + hashlib.sha256(signed["jwt"].encode()).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    elif fmt == "jwt":
        response = HttpResponse(signed["jwt"], content_type="application/vc+jwt")
    else:
        response = HttpResponse(
            json.dumps(signed["json"], indent=2),
            content_type="application/ld+json; charset=utf-8",
        )
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    # Short: a revocation reaches every verifier within five minutes.
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def issuer_profile(request):
    """Who issues the credentials, with which keys, and what each achievement means."""
    from courses.models import WorkshopPage

    # The source workshops (the achievements' ids), each in the language read.
    workshops = translations.sources(
        WorkshopPage.objects.live().public().specific()
    ).order_by("path")
    achievements = [
        {
            "workshop": workshop,
            "shown": (shown := translations.in_language(workshop)),
            "modules": [module.title for module in shown.get_modules()],
            "hours": workshop.duration_minutes / 60,
        }
        for workshop in workshops
    ]
    return TemplateResponse(
        request,
        "certificates/issuer.html",
        {
            "organisation": SiteSettings.load(),
            "did": credentials.issuer_did(),
            "keys": list(keys.public_keys()),
            "current_key": keys.signing_key().kid,
            "achievements": achievements,
        },
    )


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=gettext_lazy("Paste the credential (JSON or JWT)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
        max_length=verification.MAX_SIZE,
    )
    file = forms.FileField(
        label=gettext_lazy("Or upload the credential file (.json or .jwt)"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > verification.MAX_SIZE:
                raise forms.ValidationError(
                    _("This file is far larger than a credential.")
                )
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("This file is not a credential (it is not text).")
                ) from None
        else:
            cleaned["text"] = cleaned.get("credential", "")
        if not cleaned["text"].strip() and not self.errors:
            raise forms.ValidationError(
                _("Paste a credential or choose its file, then check it.")
            )
        return cleaned


@require_http_methods(["GET", "HEAD", "POST"])
def verify_credential(request):
    """/certificates/verify/: anyone checks a credential, pasted or uploaded."""
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        limit, period = settings.CERTIFICATE_LOOKUP_RATE
        if not allow(request, "verify", limit, period):
            return answer_lookup_problem(request, RateLimited())
        if form.is_valid():
            result = verification.verify(form.cleaned_data["text"])
    else:
        form = VerifyForm()
    response = TemplateResponse(
        request,
        "certificates/verify.html",
        {"form": form, "result": result},
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )
    response["Cache-Control"] = "private, no-store"
    return verification_response(response)


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
    filename = slugify(f"{_('certificate')} {certificate.title} {certificate.name}")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_bytes(certificate, verify_url, logo=None):
    """The certificate's PDF, rendered once and then served from the shared cache.

    The key holds every field of the certificate, the content version (the
    organisation's logo) and the language (the PDF's texts and date), so a corrected
    name, a new logo or another language gives another PDF.

    `logo` gives the logo's bytes on a miss (default `logo_bytes`, a query or more):
    who renders many PDFs passes one that reads it once (bulk.py).
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
        document = pdf.render(certificate, verify_url, logo=(logo or logo_bytes)())
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


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def renew_certificate(request, code):
    """The holder renews an expiring or expired certificate by passing the
    workshop's renewal quiz (issuing.renew, on `quiz_passed`)."""
    certificate = (
        Certificate.objects.filter(code=code)
        .select_related("workshop__renewal_quiz")
        .first()
    )
    if certificate is None or certificate.is_withdrawn:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.pk != certificate.user_id:
        raise Http404  # someone else's: as if it did not exist
    certificate_url = reverse("certificates:certificate", args=[code])
    if not issuing.renewable(certificate):
        messages.info(request, _("This certificate cannot be renewed now."))
        return redirect(certificate_url)
    # In the language read (a published translation), recorded against the source.
    quiz = translations.in_language(certificate.workshop.renewal_quiz)
    if not quiz.live:
        messages.info(request, _("This certificate cannot be renewed now."))
        return redirect(certificate_url)
    since = certificate.valid_from
    context = {"certificate": certificate, "quiz": quiz}
    if request.method == "POST":
        form = taking.posted_form(quiz, request.POST)
        if form is None:
            return HttpResponseBadRequest(_("This form is not valid. Reload the quiz."))
        if form.is_valid():
            try:
                attempt, _created = taking.submit(request.user, quiz, form, since=since)
            except quiz_attempts.AttemptNotAllowed:
                messages.error(request, _("You cannot take this quiz again."))
                return redirect(request.path)
            except InvalidAnswer:
                form.add_error(None, _("Your answers do not match this quiz."))
            else:
                if attempt.passed:
                    certificate.refresh_from_db()
                    messages.success(
                        request,
                        _("Passed: your certificate is renewed until %(day)s.")
                        % {"day": formats.date_format(certificate.expires_on)},
                    )
                    return redirect(certificate_url)
                messages.warning(
                    request,
                    _(
                        "Your score was %(score)s%%; %(pass_mark)s%% is needed. "
                        "Read the workshop again and try once more."
                    )
                    % {"score": attempt.score, "pass_mark": attempt.pass_mark},
                )
                return redirect(request.path)
        context["status"] = quiz_attempts.status(request.user, quiz, since)
        return TemplateResponse(
            request, "certificates/renew.html", {**context, "form": form}
        )
    context["status"] = status = quiz_attempts.status(request.user, quiz, since)
    form = None
    if status.may_attempt:
        form = taking.new_form(request.user, quiz, status)
    return TemplateResponse(
        request, "certificates/renew.html", {**context, "form": form}
    )
