"""Extra attempts: a trainer gives one participant more attempts at one quiz.

Plain functions without request objects. The grant is logged (ExtraAttempts) and
the participant is told by email (in the site's default language, plain text, with
a link to the quiz). The attempt limit (attempts.status) counts the grants.
"""

import logging

from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from academy.base import outbox

from .models import ExtraAttempts

logger = logging.getLogger(__name__)


class GrantNotAllowed(ValueError):
    """Not a participant who has taken this quiz, or not a sensible number."""


class AlreadyGranted(GrantNotAllowed):
    """Someone granted extra attempts since the page was shown (a double click)."""


def grant(user, quiz, count, granted_by, reason="", quiz_url=None, granted_before=None):
    """Give `user` `count` more attempts at `quiz`; returns the logged grant.

    Only for a participant who has taken a quiz with an attempt limit and not
    passed it yet (that is whom it helps); the email
    goes out once the grant is committed. `quiz_url` is the absolute link to the
    quiz page (the quizzes app does not know the module pages that show it).
    `granted_before`: how many grants the trainer saw; when there are more by now,
    nothing is granted again (AlreadyGranted): a double click grants once.
    """
    if not 1 <= count <= ExtraAttempts.MAX_COUNT:
        raise GrantNotAllowed(
            _("Give between 1 and %(max)s extra attempts.")
            % {"max": ExtraAttempts.MAX_COUNT}
        )
    if quiz.max_attempts is None:
        raise GrantNotAllowed(_("This quiz has no limit on attempts."))
    taken = quiz.attempts.filter(user=user).aggregate(
        attempts=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    if not taken["attempts"]:
        raise GrantNotAllowed(_("This participant has not taken this quiz."))
    if taken["passed"]:
        raise GrantNotAllowed(_("This participant has passed this quiz."))
    with transaction.atomic():
        # One grant at a time per participant: the row lock orders them.
        type(user).objects.select_for_update().filter(pk=user.pk).first()
        so_far = ExtraAttempts.objects.filter(user=user, quiz=quiz).count()
        if granted_before is not None and so_far != granted_before:
            raise AlreadyGranted(_("These extra attempts were given already."))
        extra = ExtraAttempts.objects.create(
            user=user,
            quiz=quiz,
            count=count,
            granted_by=granted_by,
            reason=reason.strip(),
        )
    transaction.on_commit(lambda: send_grant_email(extra, quiz_url))
    return extra


def send_grant_email(extra, quiz_url=None):
    """Tell the participant (plain text, in their language). A mail server that
    does not answer is logged; the grant stands."""
    with translation.override(extra.user.preferred_language):
        context = {"extra": extra, "quiz": extra.quiz, "quiz_url": quiz_url}
        subject = render_to_string("quizzes/email/extra_attempts_subject.txt", context)
        body = render_to_string("quizzes/email/extra_attempts_body.txt", context)
    outbox.queue(
        "extra-attempts",
        extra.pk,
        [extra.user.email],
        subject,
        body,
        user=extra.user,
    )


def export_extra_attempts(user):
    """The extra attempts granted to the participant, for their data download."""
    return [
        {
            "quiz": extra.quiz.title,
            "count": extra.count,
            "granted_at": extra.granted_at.isoformat(),
            "reason": extra.reason,
        }
        for extra in ExtraAttempts.objects.filter(user=user).select_related("quiz")
    ]
