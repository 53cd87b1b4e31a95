"""Live sessions for participants (register, cancel, calendar file, check in) and
for trainers (attendance list with a QR code for checking in)."""

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from wagtail.admin.auth import permission_denied

from academy.base import translations

from . import registration as sessions
from .emails import calendar_text, send_session_email
from .models import Registration, WorkshopSession

Status = Registration.Status
# The attendance page fetches a new check-in code this often (a new one every minute).
CODE_REFRESH_SECONDS = 20


def live_session_or_404(session_id):
    session = (
        WorkshopSession.objects.filter(pk=session_id, page__live=True)
        .select_related("page")
        .first()
    )
    if session is None:
        raise Http404
    return session


def own_registration_or_404(request, registration_id):
    registration = (
        Registration.objects.filter(pk=registration_id, user=request.user)
        .select_related("session__page", "user")
        .first()
        if request.user.is_authenticated
        else None
    )
    if registration is None:
        raise Http404
    return registration


@require_POST
def register(request, session_id):
    session = live_session_or_404(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(session.page.url)
    try:
        registration, changed = sessions.register(request.user, session)
    except sessions.SessionClosed:
        messages.error(request, _("Registration for this session is closed."))
        return redirect(session.page.url)
    if changed:
        send_session_email(registration, registration.status, request=request)
    if registration.status == Status.REGISTERED:
        messages.success(
            request, _("You are registered. The invitation is in your email.")
        )
    else:
        messages.info(
            request,
            _(
                "This session is full: you are on the waiting list. We email you when "
                "a seat comes free."
            ),
        )
    return redirect(session.page.url)


@require_POST
def cancel(request, registration_id):
    registration = own_registration_or_404(request, registration_id)
    try:
        sessions.cancel(registration)  # whoever gets the seat is emailed
    except sessions.SessionClosed:
        messages.error(request, _("The deadline has passed: you can no longer cancel."))
        return redirect(registration.session.page.url)
    except sessions.AlreadyCancelled:
        pass  # cancelled before: said and emailed then
    else:
        send_session_email(registration, "cancelled", request=request)
    messages.info(request, _("Your registration has been cancelled."))
    return redirect(registration.session.page.url)


@require_safe
def calendar_file(request, registration_id):
    registration = own_registration_or_404(request, registration_id)
    if registration.status != Status.REGISTERED:
        raise Http404
    response = HttpResponse(
        calendar_text(
            registration, translations.in_language(registration.session.page)
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="sessie.ics"'
    return response


def may_take_attendance(user):
    return user.is_authenticated and user.has_perm("live_sessions.change_registration")


def trainer_only(request):
    """None for a trainer; otherwise the login page or a refusal."""
    if may_take_attendance(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return permission_denied(request)


def check_in_code(request, session):
    """The check-in link of this minute and its QR code (SVG)."""
    url = request.build_absolute_uri(
        reverse("live_sessions:check_in", args=[session.pk])
        + "?token="
        + sessions.check_in_token(session)
    )
    svg = segno.make(url, error="m").svg_inline(scale=6, title=_("Scan to check in"))
    return url, svg


@never_cache
@require_http_methods(["GET", "POST"])
def attendance(request, session_id):
    """Phone-friendly attendance list for the trainer, with the check-in QR code."""
    if refusal := trainer_only(request):
        return refusal
    session = live_session_or_404(session_id)
    if request.method == "POST":
        if timezone.now() < session.starts_at - sessions.CHECK_IN_EARLY:
            return HttpResponse(
                _("Attendance can be taken from the start of the session."), status=400
            )
        try:
            attended = {int(pk) for pk in request.POST.getlist("attended")}
        except ValueError:
            return HttpResponse(_("Unknown participants."), status=400)
        sessions.set_attendance(session, attended)
        messages.success(request, _("Attendance saved."))
        return redirect("live_sessions:attendance", session_id=session.pk)
    registrations = (
        Registration.objects.filter(session=session)
        .exclude(status=Status.CANCELLED)
        .select_related("user")
        .order_by("status", "user__full_name")
    )
    check_in_url, qr_svg = check_in_code(request, session)
    return TemplateResponse(
        request,
        "live_sessions/attendance.html",
        {
            "session": session,
            "registrations": registrations,
            "check_in_url": check_in_url,
            "qr_svg": qr_svg,
            "code_refresh_seconds": CODE_REFRESH_SECONDS,
        },
    )


@never_cache
@require_safe
def attendance_code(request, session_id):
    """The room's check-in code of this minute, for the attendance page's script."""
    if refusal := trainer_only(request):
        return refusal
    session = live_session_or_404(session_id)
    url, svg = check_in_code(request, session)
    return JsonResponse({"url": url, "svg": svg})


@never_cache
@require_http_methods(["GET", "POST"])
def check_in(request, session_id):
    session = live_session_or_404(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    token = request.POST.get("token") or request.GET.get("token", "")
    context = {"session": session, "token": token}
    if request.method == "GET":
        return TemplateResponse(request, "live_sessions/check_in.html", context)
    try:
        sessions.check_in(request.user, session, token, now=timezone.now())
    except sessions.CheckInCodeExpired:
        problem = _("This check-in code has expired. Scan the code in the room again.")
        status = 400
    except signing.BadSignature:
        problem, status = _("This check-in code is not valid for this session."), 400
    except sessions.SessionClosed:
        problem, status = _("Checking in is only possible during the session."), 400
    except LookupError:
        problem, status = _("You are not registered for this session."), 403
    else:
        problem = None
    if problem:
        return TemplateResponse(
            request,
            "live_sessions/check_in.html",
            {**context, "problem": problem},
            status=status,
        )
    messages.success(request, _("You are checked in. Welcome!"))
    return redirect(session.page.url)
