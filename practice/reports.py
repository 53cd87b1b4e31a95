"""Trainer report: the tips practice per workshop cohort (no private notes)."""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base.reports import TrainerReport
from courses.models import Enrolment

from .logic import cohort_rows


class PracticeReport(TrainerReport):
    page_title = _("Tips practice per workshop")
    header_icon = "pick"
    template_name = "practice/reports/cohorts.html"
    results_template_name = "practice/reports/cohorts_results.html"
    index_url_name = "practice_report"
    index_results_url_name = "practice_report_results"
    permission_policy = ModelPermissionPolicy(Enrolment)
    permission_required = "view"
    paginate_by = None
    export_filename = "tips-practice"
    list_export = [
        "workshop",
        "participants",
        "with_plan",
        "checking_in",
        "tip",
        "rated",
        "average_change",
    ]
    export_headings = {
        "workshop": _("Workshop"),
        "participants": _("Participants"),
        "with_plan": _("With a plan"),
        "checking_in": _("Checking in (last two weeks)"),
        "tip": _("Tip"),
        "rated": _("Rated themselves"),
        "average_change": _("Average change in self-rating"),
    }

    def get_queryset(self):
        return [SimpleNamespace(**row) for row in cohort_rows(timezone.localdate())]
