"""The form of one attempt, new or as sent back: shared by every page that lets a
participant take a quiz (a module's quiz, a certificate's renewal quiz).

It asks all of the quiz's questions, or a question pool's draw (signed into the
form, so the answers are scored against exactly what was shown), in the form's own
order, with the certainty fields when the quiz uses certainty-based marking.
"""

import secrets

from . import attempts
from .forms import QuizForm


def quiz_form(quiz, submission, questions, data=None, drawn=None):
    presented = attempts.presented(
        quiz.question_data() if questions is None else questions,
        submission,
        quiz.shuffle_questions,
        quiz.shuffle_options,
    )
    kwargs = {"certainty": quiz.certainty_marking, "drawn": drawn}
    if data is not None:
        return QuizForm(presented, data, **kwargs)
    return QuizForm(presented, initial={"submission": submission}, **kwargs)


def new_form(user, quiz, status):
    """A fresh form for `user`'s next attempt (status: attempts.status)."""
    submission = secrets.token_urlsafe(24)
    if not quiz.draw_count:
        return quiz_form(quiz, submission, None)
    seen = attempts.seen_counts(user, quiz) if status.attempts else {}
    questions = attempts.drawn_questions(quiz, submission, seen)
    return quiz_form(
        quiz, submission, questions, drawn=attempts.draw_token(submission, questions)
    )


def posted_form(quiz, data):
    """The form as sent, or None when it is not one we made (a bad submission value
    or draw token): answer that with a 400."""
    submission = data.get("submission", "")
    if not quiz.draw_count:
        form = quiz_form(quiz, submission, None, data)
    else:
        drawn = data.get("drawn", "")
        questions = attempts.questions_from_token(quiz, submission, drawn)
        if questions is None:
            return None
        form = quiz_form(quiz, submission, questions, data, drawn=drawn)
    return None if form.has_error("submission") else form


def submit(user, quiz, form, since=None):
    """attempts.submit() of a valid form: its questions, answers and certainty."""
    return attempts.submit(
        user,
        quiz,
        form.answers(),
        form.cleaned_data["submission"],
        since=since,
        questions=[field.question for field in form.question_fields()],
        certainty=form.certainty(),
    )
