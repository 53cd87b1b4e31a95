"""Mijn voortgang: the participant's dashboard, composed of every app's part.

It lives in the roof because it shows several apps at once: progress (courses), the
certificates with their LinkedIn links (certificates), the sessions the participant
registered for (live_sessions) and the tips practice card (practice, by its template
tag). Each part comes from its own app's functions; this view only puts them together.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from academy.base import translations
from certificates.models import Certificate
from certificates.sharing import linkedin_add_url
from certificates.views import absolute_url
from courses.models import Enrolment
from courses.progress import next_module
from courses.progress_data import live_modules_by_workshop, progress_for
from courses.views import live_workshops
from live_sessions import registration


@require_safe
@login_required
def dashboard(request):
    """Every workshop the participant started, with their progress."""
    live = live_workshops()
    enrolments = [
        enrolment
        for enrolment in Enrolment.objects.filter(user=request.user)
        .only("workshop_id", "enrolled_at", "last_activity_at")
        .order_by("-last_activity_at")
        if enrolment.workshop_id in live
    ]
    # Enrolments are kept on the (Dutch) source: each workshop is shown in the
    # language read, with its modules, where it is translated.
    workshops = [
        live.get(
            translations.translation_id(Page, enrolment.workshop_id),
            live[enrolment.workshop_id],
        )
        for enrolment in enrolments
    ]
    modules = live_modules_by_workshop(workshops)
    progress = progress_for(request.user, workshops, modules, enrolments)
    issued = {
        c.workshop_id: c
        for c in Certificate.objects.filter(user=request.user, is_revoked=False)
    }
    rows = []
    for workshop, enrolment in zip(workshops, enrolments, strict=True):
        certificate = issued.get(enrolment.workshop_id)
        rows.append(
            {
                "workshop": workshop,
                "progress": progress[workshop.pk],
                "next_module": next_module(progress[workshop.pk], modules[workshop.pk]),
                "certificate": certificate,
                "linkedin_url": certificate
                and linkedin_add_url(
                    certificate,
                    absolute_url(request, "certificates:certificate", certificate.code),
                    settings.LINKEDIN_ORGANIZATION_ID,
                ),
            }
        )
    my_sessions = registration.my_upcoming(request.user)
    return TemplateResponse(
        request, "academy/dashboard.html", {"rows": rows, "my_sessions": my_sessions}
    )
