from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import INLINE_FEATURES, TEXT_FEATURES, ModuleBodyBlock

# Rendition specs used by the templates, prefetched with the pages that show them.
COVER_SPEC = "fill-800x450"
TRAINER_PHOTO_SPEC = "fill-160x160"


def with_images(queryset, field, *specs):
    """Load an image foreign key and its renditions in two fixed queries."""
    images = get_image_model().objects.prefetch_renditions(*specs)
    return queryset.prefetch_related(Prefetch(field, queryset=images))


class WorkshopIndexPage(Page):
    """Lists the published workshops (`/workshops/`)."""

    intro = RichTextField(_("introduction"), blank=True, features=INLINE_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["base.HomePage"]
    subpage_types = ["courses.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("workshop index")

    def get_workshops(self):
        return WorkshopPage.listing(WorkshopPage.objects.child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["workshops"] = self.get_workshops()
        return context


class WorkshopPage(Page):
    """A workshop: what it teaches, for whom, who gives it, and its modules in order."""

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
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.SearchField("audience"),
        index.SearchField("trainer_name"),
    ]

    parent_page_types = ["courses.WorkshopIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("workshop")

    @staticmethod
    def listing(queryset):
        """Live, public workshops with their cover and number of live modules."""
        module_count = (
            ModulePage.objects.live()
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
        return with_images(queryset, "cover_image", COVER_SPEC)

    def get_modules(self):
        return ModulePage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = list(self.get_modules())
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

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
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
        return WorkshopPage.objects.parent_of(self).first()

    def get_siblings_in_order(self):
        """The live modules of this workshop, this one included, in tree order."""
        return list(
            ModulePage.objects.sibling_of(self, inclusive=True)
            .live()
            .public()
            .only("id", "title", "slug", "url_path", "path", "depth")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = self.get_siblings_in_order()
        ids = [module.pk for module in siblings]
        position = ids.index(self.pk) if self.pk in ids else None
        context["workshop"] = self.get_workshop()
        context["module_count"] = len(siblings)
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

    class Meta:
        verbose_name = _("tips page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tips"] = list(self.tips.all())
        return context


class Tip(Orderable):
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

    class Meta(Orderable.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self):
        return self.title
