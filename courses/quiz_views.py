"""Taking a module's quiz: the form, the result and the participant's history.

The quiz machinery (form, scoring, storing attempts) lives in the quizzes app; these
views only tie it to a live module page and its logged-in participant.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Page

from academy.base import translations
from academy.base.caching import cached_content
from quizzes import attempts as quiz_attempts
from quizzes import taking
from quizzes.models import Attempt
from quizzes.scoring import InvalidAnswer

from .models import ModulePage


def module_with_quiz(request, module_id, published=True):
    """The live module and its quiz, or 404 (from the content cache).

    Participants take only a published quiz (`published`); the results and history
    of their own attempts stay theirs to see when the quiz is unpublished later.
    """

    def load():
        module = (
            ModulePage.objects.live()
            .public()
            .filter(pk=module_id, quiz__isnull=False)
            .select_related("quiz")
            .first()
        )
        return module  # None (not cached) for an id that is not a live quiz module

    module = cached_content(("module-with-quiz", module_id), load)
    if module is None:
        raise Http404
    # A translation shows its quiz's published translation, else the source quiz
    # (wagtail-localize links the quiz's translation while it is still a draft).
    module.quiz = translations.in_language(
        module.quiz, translations.language_of(Page, module.pk)
    )
    if published and not module.quiz.live:
        raise Http404
    return module


def source_quiz_id(module):
    return translations.source_id(type(module.quiz), module.quiz_id)


def quiz_url(module):
    return reverse("courses:take_quiz", args=[module.pk])


@never_cache
@require_http_methods(["GET", "POST"])
def take_quiz(request, module_id):
    module = module_with_quiz(request, module_id)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz_url(module))
    quiz = module.quiz
    context = {"module": module, "quiz": quiz}

    if request.method == "POST":
        # submit() checks whether another attempt is allowed, safely; the status is
        # only needed when the form is shown again.
        form = taking.posted_form(quiz, request.POST)
        if form is None:
            return HttpResponseBadRequest(_("This form is not valid. Reload the quiz."))
        if form.is_valid():
            try:
                attempt, _created = taking.submit(request.user, quiz, form)
            except quiz_attempts.AttemptNotAllowed:
                messages.error(request, _("You cannot take this quiz again."))
                return redirect(quiz_url(module))
            except InvalidAnswer:
                form.add_error(None, _("Your answers do not match this quiz."))
            else:
                return redirect(
                    "courses:quiz_result", module_id=module.pk, attempt_id=attempt.pk
                )
        # Unanswered questions (or answers that are not options): show them again.
        context["status"] = quiz_attempts.status(request.user, quiz)
        return TemplateResponse(request, "quizzes/take.html", {**context, "form": form})

    context["status"] = status = quiz_attempts.status(request.user, quiz)
    form = taking.new_form(request.user, quiz, status) if status.may_attempt else None
    return TemplateResponse(request, "quizzes/take.html", {**context, "form": form})


@never_cache
@require_safe
def quiz_result(request, module_id, attempt_id):
    module = module_with_quiz(request, module_id, published=False)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz_url(module))
    # Attempts are kept on the quiz's source: the same in both languages.
    attempt = Attempt.objects.filter(
        pk=attempt_id, user=request.user, quiz_id=source_quiz_id(module)
    ).first()
    if attempt is None:
        raise Http404
    return TemplateResponse(
        request,
        "quizzes/result.html",
        {
            "module": module,
            "quiz": module.quiz,
            "attempt": attempt,
            "result": quiz_attempts.result_of(attempt),
            "status": quiz_attempts.status(request.user, module.quiz),
        },
    )


@never_cache
@require_safe
def quiz_history(request, module_id):
    module = module_with_quiz(request, module_id, published=False)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz_url(module))
    attempts = Attempt.objects.filter(
        user=request.user, quiz_id=source_quiz_id(module)
    ).order_by("-number")
    return TemplateResponse(
        request,
        "quizzes/history.html",
        {"module": module, "quiz": module.quiz, "attempts": attempts},
    )
