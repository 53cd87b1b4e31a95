"""Participant actions on workshops and modules.

Views only coordinate: find the page, call a function from participation.py or
progress.py, redirect or render.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.base.caching import cached_content

from . import participation
from .models import ModulePage, WorkshopPage
from .progress import next_module
from .progress_data import live_modules_by_workshop, progress_for

QUIZ_COMPLETES = _("This module is completed by passing its quiz.")


def get_live_or_404(model, pk):
    page = model.objects.live().public().filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def live_workshops():
    """{id: live workshop page}, from the content cache."""
    return cached_content(
        ("live-workshops",),
        lambda: {page.pk: page for page in WorkshopPage.objects.live()},
    )


def progress_and_next(user, workshop):
    modules = live_modules_by_workshop([workshop])[workshop.pk]
    progress = progress_for(user, [workshop], {workshop.pk: modules})[workshop.pk]
    return progress, next_module(progress, modules)


@require_POST
def start_workshop(request, workshop_id):
    """Enrol (once) and go to the first module not done yet."""
    workshop = get_live_or_404(WorkshopPage, workshop_id)
    if not request.user.is_authenticated:
        return redirect_to_login(workshop.url)
    participation.touch(request.user, workshop)
    _progress, module = progress_and_next(request.user, workshop)
    return redirect(module.url if module else workshop.url)


@require_POST
def complete_module(request, module_id):
    """Mark a module done and go on to the next one."""
    module = get_live_or_404(ModulePage, module_id)
    if not request.user.is_authenticated:
        return redirect_to_login(module.url)
    try:
        participation.mark_done(request.user, module)
    except participation.CompletionNotAllowed:
        return HttpResponseBadRequest(QUIZ_COMPLETES)
    messages.success(request, _("“%(title)s” is marked as done.") % {"title": module})
    workshop = module.get_workshop()
    progress, following = progress_and_next(request.user, workshop)
    if progress.finished:
        messages.success(request, _("You have finished this workshop. Well done!"))
    return redirect(following.url if following else workshop.url)


@require_POST
def reopen_module(request, module_id):
    """Undo "done" for a module and stay on it."""
    module = get_live_or_404(ModulePage, module_id)
    if not request.user.is_authenticated:
        return redirect_to_login(module.url)
    try:
        participation.reopen(request.user, module)
    except participation.CompletionNotAllowed:
        return HttpResponseBadRequest(QUIZ_COMPLETES)
    messages.info(
        request, _("“%(title)s” is no longer marked as done.") % {"title": module}
    )
    return redirect(module.url)
