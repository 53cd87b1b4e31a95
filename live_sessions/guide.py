"""The trainer's guide for the live sessions: a page only trainers may read.

Its blocks are the module pages' (headings, text, tips, exercises for role plays)
plus a timetable. The page itself refuses everyone but trainers and administrators,
whatever its privacy setting in the admin says: anonymous visitors go to the login,
participants get a 403 that says the page is for trainers. It is never cached for
visitors (it does not opt in to the anonymous page cache), never in the site search
and never in the sitemap.
"""

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PagePermissionTester

from academy.base.trainers import is_trainer
from courses.blocks import (
    TEXT_FEATURES,
    ExerciseBlock,
    HeadingBlock,
    TipBlock,
    paragraph_block,
)


class TimetableRowBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("time"), max_length=20, help_text="09.00")
    minutes = blocks.IntegerBlock(label=_("minutes"), min_value=1, max_value=480)
    activity = blocks.CharBlock(label=_("activity"), max_length=200)
    notes = blocks.CharBlock(label=_("notes"), max_length=300, required=False)


class TimetableBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    rows = blocks.ListBlock(TimetableRowBlock(), label=_("rows"), min_num=1)

    class Meta:
        icon = "time"
        template = "live_sessions/blocks/timetable_block.html"
        label = _("Timetable")
        description = _("The parts of a session with their start and length.")


class TrainerGuideBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = paragraph_block()
    tip = TipBlock()
    exercise = ExerciseBlock()
    timetable = TimetableBlock()


class NoPermissions(PagePermissionTester):
    """What someone who is not a trainer may do with the guide in the admin: nothing
    (not edit, preview, compare revisions, copy or move it), whatever their group's
    page permissions (Wagtail's own Editors and Moderators have them on the whole
    tree)."""


for _name in [n for n in dir(PagePermissionTester) if n.startswith("can_")]:
    setattr(NoPermissions, _name, lambda self, *args, **kwargs: False)


class TrainerGuidePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    body = StreamField(TrainerGuideBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [FieldPanel("slug"), FieldPanel("seo_title")]
    search_fields = []  # not in the site search: for trainers only
    parent_page_types = ["base.HomePage"]
    subpage_types = []
    template = "live_sessions/trainer_guide_page.html"

    class Meta:
        app_label = "live_sessions"
        verbose_name = _("trainer's guide")
        verbose_name_plural = _("trainer's guides")

    def get_sitemap_urls(self, request=None):
        return []

    def permissions_for_user(self, user):
        if is_trainer(user):
            return super().permissions_for_user(user)
        return NoPermissions(user, self)

    def save(self, *args, **kwargs):
        self.show_in_menus = False  # never in the site's menu, which visitors see
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_trainer(request.user):
            return TemplateResponse(
                request, "live_sessions/trainer_guide_forbidden.html", status=403
            )
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response
