from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField

from academy.base import translations

from .blocks import INLINE_FEATURES, TEXT_FEATURES, ModuleBodyBlock
from .forms import TipsPageForm
from .panels import ChildInlinePanel


class WorkshopIndexPage(Page):
    """Lists the published workshops (`/workshops/`)."""

    intro = RichTextField(_("introduction"), blank=True, features=INLINE_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["base.HomePage"]
    subpage_types = ["courses.WorkshopPage"]
    max_count = 1

    cache_for_anonymous = 600  # seconds a cached copy may serve (academy.base.serving)

    class Meta:
        verbose_name = _("workshop index")

    def get_workshops(self):
        return WorkshopPage.listing(WorkshopPage.objects.child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["workshops"] = self.get_workshops()
        return context


class BelongsToSource(BaseTranslatableField):
    """A child relation that only the Dutch source has (wagtail-localize neither
    translates nor copies it): a translation shows the source's."""


class WorkshopPage(Page):
    """A workshop: what it teaches, for whom, who gives it, and its modules in order.

    Its live sessions belong to the Dutch source: a translation shows the same
    sessions (one registration list), so copying a page, for a translation or not,
    leaves them behind.
    """

    exclude_fields_in_copy = ["sessions"]
    override_translatable_fields = [BelongsToSource("sessions")]

    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two sentences for listings.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    learning_goals = StreamField(
        [("goal", blocks.CharBlock(label=_("Learning goal"), max_length=250))],
        verbose_name=_("learning goals"),
        blank=True,
    )
    audience = models.TextField(_("intended audience"), blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), default=120
    )
    trainer_name = models.CharField(_("trainer name"), max_length=120, blank=True)
    trainer_photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("trainer photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trainer_bio = models.TextField(_("trainer bio"), blank=True)
    require_attendance = models.BooleanField(
        _("certificate requires attending a session"),
        default=False,
        help_text=_(
            "Participants get the certificate only after attending a live session."
        ),
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for a certificate that does not expire. Participants are "
            "reminded 30 and 7 days before it expires."
        ),
    )
    renewal_quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("renewal quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Passing this quiz renews a certificate for another period. Without "
            "one, an expired certificate cannot be renewed online."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("learning_goals"),
        FieldPanel("audience"),
        FieldPanel("duration_minutes"),
        MultiFieldPanel(
            [
                FieldPanel("trainer_name"),
                FieldPanel("trainer_photo"),
                FieldPanel("trainer_bio"),
            ],
            heading=_("Trainer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("require_attendance"),
                ChildInlinePanel("sessions", label=_("Session"), heading=_("Sessions")),
            ],
            heading=_("Live sessions"),
        ),
        MultiFieldPanel(
            [FieldPanel("certificate_valid_months"), FieldPanel("renewal_quiz")],
            heading=_("Certificate"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.SearchField("audience"),
        index.SearchField("trainer_name"),
    ]

    parent_page_types = ["courses.WorkshopIndexPage"]
    subpage_types = ["courses.ModulePage"]

    # Anonymous visitors may get a cached copy this many seconds (academy.base.serving);
    # short, as the page lists upcoming sessions and their registration deadlines.
    cache_for_anonymous = 60

    class Meta:
        verbose_name = _("workshop")

    @staticmethod
    def listing(queryset):
        """Live, public workshops with their cover and number of live modules."""
        module_count = (
            ModulePage.objects.live()
            .public()
            .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
            .order_by()
            .values("depth")
            .annotate(count=Count("pk"))
            .values("count")
        )
        queryset = (
            queryset.live()
            .public()
            .annotate(module_count=Coalesce(Subquery(module_count), 0))
        )
        # Renditions come from the "renditions" cache, not from a query per image.
        return queryset.select_related("cover_image")

    def get_modules(self):
        """The live, public modules in order (from the cache: progress_data)."""
        from .progress_data import live_modules_by_workshop

        return live_modules_by_workshop([self])[self.pk]

    def prepare_for_cache(self):
        """Load what the page shows with it, before it is cached (base.serving)."""
        self.cover_image  # noqa: B018
        self.trainer_photo  # noqa: B018

    def get_context(self, request, *args, **kwargs):
        from . import page_extensions
        from .progress import next_module
        from .progress_data import progress_for

        context = super().get_context(request, *args, **kwargs)
        modules = list(self.get_modules())
        context["modules"] = modules
        progress = None
        if request.user.is_authenticated:
            progress = progress_for(request.user, [self], {self.pk: modules})[self.pk]
            context["progress"] = progress
            context["next_module"] = next_module(progress, modules)
        # What other apps show on the page (the certificate, the live sessions):
        # they belong to the source workshop, whatever the language read.
        panels, extra = page_extensions.panels_for(
            request, translations.source_of(self), progress
        )
        context.update(extra, panels=panels)
        return context


class ModulePage(Page):
    """One module of a workshop: the teaching text, with previous/next navigation."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("What this module is about.")
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"), default=20
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Passing this quiz completes the module."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("quiz"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.WorkshopPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("module")

    def get_workshop(self):
        if not hasattr(self, "_workshop"):
            self._workshop = WorkshopPage.objects.parent_of(self).first()
        return self._workshop

    def prepare_for_cache(self):
        """Load the workshop and the quiz with the module, before it is cached
        (base.serving)."""
        self.get_workshop()
        self.live_quiz()

    def live_quiz(self):
        """The module's quiz as participants see it: only a published one. A quiz
        that is still a draft, or was unpublished, is no quiz for them.

        In a translation: the quiz's published translation in the module's
        language, else its source (a translation made by wagtail-localize points
        at the quiz's translation while that is still a draft)."""
        if self.quiz_id is None:
            return None
        quiz = translations.in_language(
            self.quiz, translations.language_of(Page, self.pk)
        )
        return quiz if quiz.live else None

    def completed_by_marking(self):
        """The completion rule: True when the participant marks the module done.

        A module with a (published) quiz is completed by passing the quiz instead.
        """
        return self.live_quiz() is None

    def clean(self):
        super().clean()
        if self.quiz_id:
            # Its translations may share it (until the quiz is translated too).
            others = (
                ModulePage.objects.filter(quiz_id=self.quiz_id)
                .exclude(pk=self.pk)
                .exclude(translation_key=self.translation_key)
            )
            if others.exists():
                raise ValidationError(
                    {"quiz": _("This quiz already belongs to another module.")}
                )

    def serve(self, request, *args, **kwargs):
        # Modules are for logged-in participants; the login page brings them back.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_siblings_in_order(self):
        """The live modules of this workshop, this one included, in tree order."""
        workshop = self.get_workshop()
        return workshop.get_modules() if workshop is not None else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = self.get_siblings_in_order()
        ids = [module.pk for module in siblings]
        position = ids.index(self.pk) if self.pk in ids else None
        context["workshop"] = workshop = self.get_workshop()
        context["module_count"] = len(siblings)
        if request.user.is_authenticated and workshop is not None:
            from .progress_data import progress_for

            progress = progress_for(request.user, [workshop], {workshop.pk: siblings})
            context["progress"] = progress[workshop.pk]
            context["is_done"] = self.pk in context["progress"].completed_module_ids
            if context["is_done"] and self.completed_by_marking():
                from .participation import passed_its_quiz

                # Done by passing the quiz (now unpublished): that stays done.
                context["may_reopen"] = not passed_its_quiz(request.user, self)
        if position is not None:
            context["position"] = position + 1
            context["previous_module"] = siblings[position - 1] if position else None
            context["next_module"] = (
                siblings[position + 1] if position + 1 < len(siblings) else None
            )
        return context


class TipsPage(Page):
    """The ten golden relationship-management tips, as ordered, editable items."""

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("tips", heading=_("Tips"), label=_("Tip"), min_num=1),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "tips",
            [
                index.SearchField("title"),
                index.SearchField("explanation"),
                index.SearchField("reflection_question"),
                index.SearchField("try_this_week"),
            ],
        ),
    ]

    parent_page_types = ["base.HomePage"]
    subpage_types = []
    max_count = 1
    # Removing a tip that participants rated, planned or checked in on is refused.
    base_form_class = TipsPageForm

    cache_for_anonymous = 600  # seconds a cached copy may serve (academy.base.serving)

    class Meta:
        verbose_name = _("tips page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tips"] = list(self.tips.all())
        return context


class Tip(TranslatableMixin, Orderable):
    """One golden tip: what it means, a question to reflect on and something to try."""

    page = ParentalKey(TipsPage, on_delete=models.CASCADE, related_name="tips")
    title = models.CharField(_("title"), max_length=200)
    explanation = RichTextField(_("explanation"), features=TEXT_FEATURES)
    reflection_question = models.CharField(
        _("reflection question"), max_length=300, blank=True
    )
    try_this_week = models.CharField(
        _("try this week"),
        max_length=300,
        blank=True,
        help_text=_("One concrete action the participant can take this week."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("explanation"),
        FieldPanel("reflection_question"),
        FieldPanel("try_this_week"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self):
        return self.title


class Enrolment(models.Model):
    """A participant has started a workshop (once per participant and workshop).

    Deleting the workshop does not delete it (PROTECT; see dependent_records.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    workshop = models.ForeignKey(
        WorkshopPage,
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # Progress, stored for the trainer reports (sorting and filtering 100,000 rows):
    # kept up to date by courses/progress_store.py, equal to what progress_for
    # computes. db_default: bulk loaders that do not name them get zeros, and
    # `manage.py recount_progress` fills them in.
    modules_total = models.PositiveSmallIntegerField(
        _("modules"), default=0, db_default=0, editable=False
    )
    modules_done = models.PositiveSmallIntegerField(
        _("modules done"), default=0, db_default=0, editable=False
    )
    quizzes_passed = models.PositiveSmallIntegerField(
        _("quizzes passed"), default=0, db_default=0, editable=False
    )
    percent = models.PositiveSmallIntegerField(
        _("percentage"), default=0, db_default=0, editable=False
    )
    finished = models.BooleanField(
        _("finished"), default=False, db_default=False, editable=False
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workshop"], name="one_enrolment_per_workshop"
            )
        ]
        # The progress report's sorts and filters (courses/reports.py), with and
        # without a workshop.
        indexes = [
            models.Index(fields=["workshop", "last_activity_at"]),
            models.Index(fields=["last_activity_at"], name="enrolment_activity"),
            models.Index(
                fields=["workshop", "enrolled_at"], name="enrolment_w_enrolled"
            ),
            models.Index(fields=["enrolled_at"], name="enrolment_enrolled"),
            models.Index(fields=["workshop", "percent"], name="enrolment_w_percent"),
            models.Index(fields=["percent"], name="enrolment_percent"),
            # The status filters (progress_data.filter_status): finished, not
            # started, and started but not finished (in progress or stalled, by
            # the last activity).
            models.Index(
                fields=["workshop"],
                condition=models.Q(finished=True),
                name="enrolment_finished",
            ),
            models.Index(
                fields=["workshop"],
                condition=models.Q(modules_done=0),
                name="enrolment_not_started",
            ),
            models.Index(
                fields=["last_activity_at"],
                condition=models.Q(finished=False, modules_done__gt=0),
                name="enrolment_unfinished",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.workshop}"


class ModuleCompletion(models.Model):
    """A participant has completed a module (marked it done or passed its quiz).

    Deleting the module does not delete it (PROTECT; see dependent_records.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module = models.ForeignKey(
        ModulePage,
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="one_completion_per_module"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.module}"
