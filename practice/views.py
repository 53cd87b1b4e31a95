"""The tips practice pages; each view coordinates a form and a logic function."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.tips import shown_tips

from . import logic
from .forms import AssessmentForm, CheckInForm, PlanForm


def tips():
    """The source tips (what the records point at), in the participant's language."""
    return shown_tips()


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request):
    form = AssessmentForm(tips(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logic.save_assessment(request.user, form.answers(), timezone.now())
        except logic.PracticeError:
            return HttpResponseBadRequest(_("Rate every tip from 1 to 5."))
        messages.success(request, _("Your self-assessment is saved."))
        return redirect("practice:plan")
    return TemplateResponse(request, "practice/assessment.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    current = {
        item.tip_id: item.action
        for item in logic.status(request.user, timezone.localdate()).plan
    }
    initial = {}
    for tip_id, action in current.items():
        initial[f"chosen-{tip_id}"] = True
        initial[f"action-{tip_id}"] = action
    form = PlanForm(tips(), request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            logic.save_plan(request.user, form.actions())
        except logic.PracticeError:
            return HttpResponseBadRequest(_("Choose one to three tips."))
        messages.success(request, _("Your plan is saved. Check in once a week."))
        return redirect("dashboard")
    return TemplateResponse(request, "practice/plan.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request):
    today = timezone.localdate()
    current = logic.status(request.user, today)
    if not current.plan:
        return redirect("practice:plan")
    week = logic.week_of(today)
    form = CheckInForm(current.plan, request.POST or None, initial={"week": week})
    if current.checked_in_this_week and request.method == "GET":
        form = None
    if request.method == "POST" and form.is_valid():
        try:
            logic.save_check_in(
                request.user,
                form.cleaned_data["week"],
                form.answers(),
                form.ratings(),
                timezone.now(),
            )
        except logic.PracticeError:
            form.add_error(None, _("You can check in once, for this week only."))
        else:
            messages.success(request, _("Your check-in is saved. See you next week!"))
            return redirect("dashboard")
    return TemplateResponse(
        request,
        "practice/check_in.html",
        {"form": form, "status": current, "week": week},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def reminders(request):
    """The participant turns the weekly check-in reminders on or off (dashboard)."""
    choice = request.POST.get("reminders")
    if choice not in ("on", "off"):
        return HttpResponseBadRequest(_("Choose whether you want reminders."))
    logic.set_reminders(request.user.pk, on=choice == "on")
    if choice == "on":
        messages.success(request, _("Reminders are on: we will email you weekly."))
    else:
        messages.success(request, _("Reminders are off."))
    return redirect("dashboard")


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in every reminder, without logging in: stop the reminders, or turn
    them on again."""
    user_id = logic.user_id_from_token(token)
    if user_id is None:
        return TemplateResponse(
            request, "practice/unsubscribe.html", {"invalid": True}, status=400
        )
    if request.method == "POST":
        turn_on = request.POST.get("reminders") == "on"
        logic.set_reminders(user_id, on=turn_on)
        state = "on" if turn_on else "off"
    else:
        state = "ask" if logic.reminders_on(user_id) else "off"
    return TemplateResponse(
        request, "practice/unsubscribe.html", {"token": token, "state": state}
    )
