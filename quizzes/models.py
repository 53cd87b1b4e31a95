import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from . import scoring
from .blocks import FALSE, TRUE, QuestionsBlock


class Quiz(
    TranslatableMixin,
    PreviewableMixin,
    DraftStateMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """A quiz trainers write in the admin; a module page links to at most one.

    Trainers save drafts, preview and publish it like a page; every save is a
    revision in its history. The row holds what is live: participants take only a
    published (live) quiz, and a draft of a live quiz stays in its revisions until
    it is published.

    A quiz is written in Dutch and translated with wagtail-localize; attempts are
    recorded against the Dutch source (academy.base.translations), whatever the
    language it was taken in, and a translation keeps the source's question and
    option keys.
    """

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum number of attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle the answers"), default=True)
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Draw this many of the questions for each attempt (a question pool); a "
            "retake prefers questions the participant has not seen. Leave empty to "
            "ask every question."
        ),
    )
    certainty_marking = models.BooleanField(
        _("certainty-based marking"),
        default=False,
        help_text=_(
            "With each answer participants say how sure they are. They see a "
            "certainty score beside their score (+1, +2 or +3 when right; 0, -2 or "
            "-6 when wrong); passing still depends on the score alone."
        ),
    )
    questions = StreamField(QuestionsBlock(), verbose_name=_("questions"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("draw_count"),
                FieldPanel("certainty_marking"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("questions"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def question_data(self):
        """The questions as plain scoring data, in the order the trainer wrote them."""
        questions = []
        for block in self.questions:
            value = block.value
            if block.block_type == "true_false":
                options = (
                    scoring.Option(
                        TRUE,
                        pgettext("quiz answer", "True"),
                        value["correct_answer"] == TRUE,
                        value["feedback_true"],
                    ),
                    scoring.Option(
                        FALSE,
                        pgettext("quiz answer", "False"),
                        value["correct_answer"] == FALSE,
                        value["feedback_false"],
                    ),
                )
            else:
                options = tuple(
                    scoring.Option(
                        str(child.id),
                        child.value["text"],
                        bool(child.value["correct"]),
                        child.value["feedback"],
                    )
                    for child in value["options"].bound_blocks
                )
            questions.append(
                scoring.Question(
                    key=str(block.id),
                    kind=block.block_type,
                    text=value["text"],
                    options=options,
                    explanation=value["explanation"],
                )
            )
        return questions

    def get_preview_template(self, request, mode_name):
        return "quizzes/preview.html"

    def get_preview_context(self, request, mode_name):
        """The quiz as a participant sees it: the form in a fresh order, without
        answers (the same form as on the quiz page)."""
        from .attempts import presented
        from .forms import QuizForm

        context = super().get_preview_context(request, mode_name)
        questions = presented(
            self.question_data(),
            secrets.token_urlsafe(24),
            self.shuffle_questions,
            self.shuffle_options,
        )
        context.update(quiz=self, form=QuizForm(questions))
        return context

    def rules_text(self):
        if self.max_attempts:
            return gettext(
                "You pass with %(mark)s%% or more. You have %(attempts)s attempts."
            ) % {"mark": self.pass_mark, "attempts": self.max_attempts}
        return gettext("You pass with %(mark)s%% or more.") % {"mark": self.pass_mark}


class Attempt(models.Model):
    """One submitted attempt, with a copy of every question as it was then.

    The copy (in the answers) keeps history intact when the trainer edits the quiz.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    # Deleting content never deletes a participant's records: a quiz with attempts
    # cannot be deleted (unpublish it instead; see wagtail_hooks.py).
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("quiz version"),
        null=True,
        blank=True,
        # An attempt keeps its version: Wagtail's purge_revisions skips a revision
        # that is still referred to (ProtectedError), instead of unlinking it.
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("The published version of the quiz this attempt was taken on."),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    submission = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    points = models.PositiveSmallIntegerField(_("points"))
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    passed = models.BooleanField(_("passed"))
    # The language the quiz was taken in (the attempt itself belongs to the quiz's
    # source, so both languages' attempts count together).
    # The language the quiz was taken in ("" for attempts made before there were
    # two, or written around the ORM).
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    # The sum of the certainty marks, with certainty-based marking (scoring.py).
    certainty_points = models.SmallIntegerField(
        _("certainty score"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["user", "quiz", "number"]
        constraints = [
            # Concurrent submissions cannot both become attempt n: the attempt limit
            # holds on every database without locks.
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="one_attempt_per_number"
            ),
            # The same form submitted twice (refresh, double click) is one attempt.
            models.UniqueConstraint(
                fields=["user", "quiz", "submission"], name="one_attempt_per_form"
            ),
        ]
        indexes = [
            models.Index(fields=["quiz", "submitted_at"]),
            # The statistics count a quiz's participants from this index alone.
            models.Index(fields=["quiz", "user"], name="quizzes_attempt_quiz_user"),
        ]

    def __str__(self):
        return f"{self.user} – {self.quiz} #{self.number}"

    @property
    def certainty_average(self):
        if self.certainty_points is None or not self.max_points:
            return None
        return self.certainty_points / self.max_points


class Answer(models.Model):
    """The answer to one question of an attempt, with the question as it was."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField()
    question_key = models.CharField(max_length=64)
    question = models.JSONField(help_text="The question and its options, as shown.")
    selected = models.JSONField(help_text="The option keys the participant chose.")
    correct = models.BooleanField()
    certainty = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "position"]
        indexes = [models.Index(fields=["question_key"])]

    def __str__(self):
        return f"{self.attempt} – {self.question.get('text', '')[:60]}"


class ExtraAttempts(models.Model):
    """Extra attempts a trainer granted one participant for one quiz, beyond its
    maximum number of attempts: kept as a log (who, when, why)."""

    MAX_COUNT = 10

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="extra_quiz_attempts",
    )
    # A participant's record: the quiz cannot be deleted while it has any.
    quiz = models.ForeignKey(
        Quiz,
        verbose_name=_("quiz"),
        on_delete=models.PROTECT,
        related_name="extra_attempts",
    )
    count = models.PositiveSmallIntegerField(
        _("extra attempts"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COUNT)],
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("extra quiz attempts")
        verbose_name_plural = _("extra quiz attempts")
        ordering = ["granted_at", "pk"]
        indexes = [models.Index(fields=["user", "quiz"])]

    def __str__(self):
        return f"{self.user} – {self.quiz} +{self.count}"


class Tally(models.Model):
    """Running counts of a quiz's attempts, for its statistics (see tallies.py):
    derived data, kept in the transaction that stores or deletes an attempt, and
    recounted from the attempts at any time (manage.py recount_quiz_statistics).

    One row per quiz, first attempt or not, score, question and option:
    - question_key "" (the attempts themselves): count = attempts, extra = passed;
    - option_key "" (a question): count = answers, extra = right answers;
    - otherwise (an option of a question): count = times chosen, extra = 0.
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=64, blank=True)
    option_key = models.CharField(max_length=64, blank=True)
    first = models.BooleanField()
    score = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)
    extra = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("quiz statistics tally")
        verbose_name_plural = _("quiz statistics tallies")
        constraints = [
            # The upserts' conflict target; its order is the order rows are locked in.
            models.UniqueConstraint(
                fields=["quiz", "question_key", "option_key", "first", "score"],
                name="one_tally_per_bucket",
            )
        ]
        indexes = [
            # The quizzes' summary rows (attempts, passes, scores), for the index
            # of the statistics: a few per quiz among the many option rows.
            models.Index(
                fields=["quiz", "first", "score"],
                condition=models.Q(question_key="", option_key=""),
                name="quizzes_tally_summary",
            )
        ]

    def __str__(self):
        return f"{self.quiz_id} {self.question_key}/{self.option_key} {self.score}"
