"""The participant's boosters: what is due, answering one, its result, and the email
switch (also without logging in, from the link in the email). Thin: the rules are
in logic.py and schedule.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from quizzes.forms import QuizForm
from quizzes.scoring import InvalidAnswer

from . import logic
from .models import BoosterRound


@never_cache
@require_safe
@login_required
def my_boosters(request):
    due = list(logic.due(request.user))
    return TemplateResponse(
        request,
        "boosters/mine.html",
        {
            "due_count": len(due),
            "next_due": None if due else logic.next_due(request.user),
            "rounds": logic.recent_rounds(request.user),
            "emails_on": logic.emails_on(request.user.pk),
        },
    )


def booster_form(booster_round, questions, data=None):
    presented = [question for _quiz, question in questions]
    if data is not None:
        return QuizForm(presented, data, certainty=True)
    return QuizForm(
        presented, initial={"submission": booster_round.submission}, certainty=True
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def take(request):
    if request.method == "POST":
        submission = request.POST.get("submission", "")
        booster_round = BoosterRound.objects.filter(
            user=request.user, submission=submission
        ).first()
        if booster_round is None:
            return HttpResponseBadRequest(_("This form is not valid. Reload the page."))
        if booster_round.answered_at is not None:
            return redirect("boosters:result", round_id=booster_round.pk)
        questions = logic.questions_of(booster_round)
        if questions is None:
            messages.info(request, _("The questions changed. Here is a new booster."))
            BoosterRound.objects.filter(pk=booster_round.pk, answered_at=None).delete()
            return redirect("boosters:take")
        form = booster_form(booster_round, questions, request.POST)
        if form.is_valid():
            try:
                answered, _created = logic.answer(
                    request.user, submission, form.answers(), form.certainty()
                )
            except InvalidAnswer:
                form.add_error(None, _("Your answers do not match this booster."))
            else:
                return redirect("boosters:result", round_id=answered.pk)
        return TemplateResponse(
            request, "boosters/take.html", {"form": form, "round": booster_round}
        )
    try:
        booster_round, questions = logic.open_round(request.user)
    except logic.NoBoosterDue:
        messages.info(request, _("No booster is due now. We will email you."))
        return redirect("boosters:mine")
    return TemplateResponse(
        request,
        "boosters/take.html",
        {"form": booster_form(booster_round, questions), "round": booster_round},
    )


@never_cache
@require_safe
@login_required
def result(request, round_id):
    booster_round = (
        BoosterRound.objects.filter(pk=round_id, user=request.user)
        .exclude(answered_at=None)
        .prefetch_related("answers")
        .first()
    )
    if booster_round is None:
        raise Http404
    booster_result = logic.result_of(booster_round)
    return TemplateResponse(
        request,
        "boosters/result.html",
        {
            "round": booster_round,
            "result": booster_result,
            "more_due": logic.due(request.user).exists(),
        },
    )


@require_POST
@login_required
def email_setting(request):
    """The switch on the profile and the boosters page."""
    on = request.POST.get("emails") == "on"
    logic.set_emails(request.user.pk, on)
    if on:
        messages.success(request, _("You get an email when a booster is due."))
    else:
        messages.success(request, _("Booster emails are off."))
    target = request.POST.get("next")
    return redirect("account_profile" if target == "profile" else "boosters:mine")


@csrf_exempt  # the signed token is the authority (and mail clients' one-click POST)
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in every booster email, without logging in: stop these emails, or
    switch them on again."""
    user_id = logic.user_from_token(token)
    if user_id is None:
        return TemplateResponse(
            request, "boosters/unsubscribe.html", {"invalid": True}, status=400
        )
    if request.method == "POST":
        on = request.POST.get("emails") == "on"
        logic.set_emails(user_id, on)
        state = "on" if on else "off"
    else:
        state = "ask" if logic.emails_on(user_id) else "off"
    return TemplateResponse(
        request, "boosters/unsubscribe.html", {"token": token, "state": state}
    )
