"""Trainer report: how well participants remember each module, at the end of the
workshop, after about a week and after about a month (the boosters' answers), with
the number of participants behind each figure."""

from types import SimpleNamespace

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base import translations
from academy.base.reports import TrainerReport
from academy.base.trainers import staff_user_ids
from courses.models import Enrolment, ModulePage, WorkshopPage

from . import logic, schedule

# Below this share right after a month, a module's content did not last.
WEAK = 60


def advice(figures):
    """One sentence a trainer can act on, from a module's figures."""
    end, week, month = (
        figures[n] for n in (schedule.END, schedule.WEEK, schedule.MONTH)
    )
    latest = month if month.answers else week if week.answers else None
    if latest is None:
        return gettext("No boosters answered yet.")
    drop = (end.percent or 0) - latest.percent if end.answers else 0
    if latest.percent < WEAK:
        return gettext(
            "Remembered by %(share)s%% after %(when)s: practise it again in a "
            "follow-up session."
        ) % {
            "share": latest.percent,
            "when": gettext("a month") if latest is month else gettext("a week"),
        }
    if drop >= 20:
        return gettext(
            "Remembered well, but %(drop)s points lower than at the end."
        ) % {"drop": drop}
    return gettext("Remembered well.")


def retention_rows():
    """Per workshop and module with a quiz, in the course's order: the figures of
    logic.remembering() (staff left out). A few queries, whatever the number of
    participants."""
    staff = list(staff_user_ids())
    modules = list(
        translations.sources(ModulePage.objects.live())
        .exclude(quiz=None)
        .order_by("path")
        .values_list("path", "title", "quiz_id", "depth")
    )
    workshops = dict(WorkshopPage.objects.values_list("path", "title"))
    figures = logic.remembering({quiz_id for _p, _t, quiz_id, _d in modules}, staff)
    empty = {
        name: schedule.Figure(0, 0, 0)
        for name in (schedule.END, schedule.WEEK, schedule.MONTH)
    }
    rows = []
    for path, title, quiz_id, depth in modules:
        workshop = workshops.get(path[: (depth - 1) * 4], "")
        values = figures.get(quiz_id, empty)
        rows.append(
            SimpleNamespace(
                workshop=workshop,
                module=title,
                end=values[schedule.END],
                week=values[schedule.WEEK],
                month=values[schedule.MONTH],
                end_percent=values[schedule.END].percent,
                end_participants=values[schedule.END].participants,
                week_percent=values[schedule.WEEK].percent,
                week_participants=values[schedule.WEEK].participants,
                month_percent=values[schedule.MONTH].percent,
                month_participants=values[schedule.MONTH].participants,
                advice=advice(values),
            )
        )
    return rows


class RetentionReport(TrainerReport):
    page_title = _("Remembering per module")
    header_icon = "history"
    template_name = "boosters/reports/retention.html"
    results_template_name = "boosters/reports/retention_results.html"
    index_url_name = "boosters_report"
    index_results_url_name = "boosters_report_results"
    permission_policy = ModelPermissionPolicy(Enrolment)
    permission_required = "view"
    paginate_by = None
    export_filename = "remembering-per-module"
    list_export = [
        "workshop",
        "module",
        "end_percent",
        "end_participants",
        "week_percent",
        "week_participants",
        "month_percent",
        "month_participants",
        "advice",
    ]
    export_headings = {
        "workshop": _("Workshop"),
        "module": _("Module"),
        "end_percent": _("Right at the end (%)"),
        "end_participants": _("Participants"),
        "week_percent": _("Right after about a week (%)"),
        "week_participants": _("Participants"),
        "month_percent": _("Right after about a month (%)"),
        "month_participants": _("Participants"),
        "advice": _("What it says"),
    }

    def get_queryset(self):
        return retention_rows()
