"""Participant actions on workshops and modules, and the progress dashboard.

Views only coordinate: find the page, call a function from participation.py or
progress.py, redirect or render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import participation
from .models import Enrolment, ModulePage, WorkshopPage
from .progress import live_modules_by_workshop, progress_for


def get_live_or_404(model, pk):
    page = model.objects.live().public().filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


@require_POST
def start_workshop(request, workshop_id):
    """Enrol (once) and go to the first module not done yet."""
    workshop = get_live_or_404(WorkshopPage, workshop_id)
    if not request.user.is_authenticated:
        return redirect_to_login(workshop.url)
    participation.touch(request.user, workshop)
    modules = live_modules_by_workshop([workshop])
    progress = progress_for(request.user, [workshop], modules)[workshop.pk]
    next_module = next(
        (m for m in modules[workshop.pk] if m.pk == progress.next_module_id), None
    )
    return redirect(next_module.url if next_module else workshop.url)


@require_POST
def complete_module(request, module_id):
    """Mark a module done and go on to the next one."""
    module = get_live_or_404(ModulePage, module_id)
    if not request.user.is_authenticated:
        return redirect_to_login(module.url)
    try:
        participation.mark_done(request.user, module)
    except participation.CompletionNotAllowed:
        return HttpResponseBadRequest(
            _("This module is completed by passing its quiz.")
        )
    messages.success(
        request, _("“%(title)s” is marked as done.") % {"title": module.title}
    )
    workshop = module.get_workshop()
    modules = live_modules_by_workshop([workshop])
    progress = progress_for(request.user, [workshop], modules)[workshop.pk]
    next_module = next(
        (m for m in modules[workshop.pk] if m.pk == progress.next_module_id), None
    )
    if progress.finished:
        messages.success(request, _("You have finished this workshop. Well done!"))
        return redirect(workshop.url)
    return redirect(next_module.url if next_module else workshop.url)


@require_POST
def reopen_module(request, module_id):
    """Undo "done" for a module and stay on it."""
    module = get_live_or_404(ModulePage, module_id)
    if not request.user.is_authenticated:
        return redirect_to_login(module.url)
    try:
        participation.reopen(request.user, module)
    except participation.CompletionNotAllowed:
        return HttpResponseBadRequest(
            _("This module is completed by passing its quiz.")
        )
    messages.info(
        request, _("“%(title)s” is no longer marked as done.") % {"title": module.title}
    )
    return redirect(module.url)


@require_safe
@login_required
def dashboard(request):
    """Mijn voortgang: every workshop the participant started, with their progress."""
    enrolments = list(
        Enrolment.objects.filter(user=request.user, workshop__live=True)
        .select_related("workshop")
        .order_by("-last_activity_at")
    )
    workshops = [enrolment.workshop for enrolment in enrolments]
    modules = live_modules_by_workshop(workshops)
    progress = progress_for(request.user, workshops, modules, enrolments)
    rows = []
    for workshop in workshops:
        workshop_progress = progress[workshop.pk]
        rows.append(
            {
                "workshop": workshop,
                "progress": workshop_progress,
                "next_module": next(
                    (
                        m
                        for m in modules[workshop.pk]
                        if m.pk == workshop_progress.next_module_id
                    ),
                    None,
                ),
            }
        )
    return TemplateResponse(request, "courses/dashboard.html", {"rows": rows})
