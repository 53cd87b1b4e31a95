from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses import reports

from . import bulk, issuing
from .models import Certificate, CertificateNameChange
from .views import may_manage

MANAGE_CERTIFICATES = "certificates.change_certificate"


class CertificateViewSet(SnippetViewSet):
    """Issued certificates: trainers search them and revoke or reinstate one."""

    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "name",
        "workshop_title",
        "issued_at",
        "is_revoked",
        "withdrawn_at",
        "code",
    ]
    list_filter = ["is_revoked"]
    copy_view_enabled = False


class NameChangePermissionPolicy(ModelPermissionPolicy):
    """Who may revoke certificates sees the name changes and decides the requests
    (through `decide_name_change`); nobody adds, edits or deletes one in the admin:
    the history stays as it happened."""

    def __init__(self):
        super().__init__(CertificateNameChange)

    def user_has_permission(self, user, action):
        return action == "view" and user.has_perm(MANAGE_CERTIFICATES)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return ModelPermissionPolicy(Certificate).users_with_any_permission(["change"])


class DecisionColumn(Column):
    """Approve or reject a waiting request: one button each, no page in between."""

    cell_template_name = "certificates/admin/name_change_decision.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request else ""
        context["decide_url"] = reverse(
            name_change_viewset.get_url_name("decide"), args=[instance.pk]
        )
        # Back to the listing as it was filtered (the rows may come from its
        # results view).
        query = request.GET.urlencode() if request else ""
        context["next_url"] = reverse(name_change_viewset.get_url_name("list")) + (
            f"?{query}" if query else ""
        )
        return context


class NameChangeViewSet(SnippetViewSet):
    """Every change of a name on a certificate: made at once, asked, approved or
    rejected, with who and when. Waiting requests come first."""

    model = CertificateNameChange
    icon = "edit"
    menu_label = gettext_lazy("Name changes")
    menu_order = 261
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status"]
    list_display = [
        "new_name",
        "old_name",
        Column(
            "workshop",
            label=gettext_lazy("Workshop"),
            accessor="certificate.workshop_title",
        ),
        "status",
        "changed_at",
        Column(
            "requested_by",
            label=gettext_lazy("Asked by"),
            accessor="requested_by.email",
        ),
        "decided_by",
        "decided_at",
        DecisionColumn("decision", label=gettext_lazy("Decide")),
    ]

    def get_permissions_to_register(self):
        # Its own permissions would mean nothing (see NameChangePermissionPolicy):
        # none are offered in the groups' settings.
        return Permission.objects.none()

    def get_queryset(self, request):
        pending_first = Case(
            When(status=CertificateNameChange.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return CertificateNameChange.objects.select_related(
            "certificate", "requested_by", "decided_by"
        ).order_by(pending_first, "-changed_at", "-pk")

    @property
    def decide_view(self):
        return require_POST(decide_name_change)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<id:pk>/", self.decide_view, name="decide"),
        ]


def decide_name_change(request, pk):
    """POST approve or reject: the trainer's one action on a waiting request."""
    if not request.user.has_perm(MANAGE_CERTIFICATES):
        raise Http404
    change = get_object_or_404(CertificateNameChange, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Choose to approve or to reject the new name."))
    elif issuing.decide_name_change(change, decision == "approve", by=request.user):
        if decision == "approve":
            text = _("Approved: the certificate now says “%(name)s”.")
        else:
            text = _("Rejected: the certificate keeps the name “%(old)s”.")
        messages.success(
            request, text % {"name": change.new_name, "old": change.old_name}
        )
    else:
        messages.warning(request, _("This request was already decided."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        next_url = None
    return redirect(next_url or name_change_viewset.get_url_name("list"))


class WaitingNameChangesPanel(Component):
    """On the admin's dashboard: how many name changes wait for a decision."""

    name = "waiting_name_changes"
    template_name = "certificates/admin/waiting_name_changes.html"
    order = 90  # above Wagtail's own panels

    def __init__(self, waiting):
        self.waiting = waiting

    def get_context_data(self, parent_context):
        return {
            "waiting": self.waiting,
            "url": reverse(name_change_viewset.get_url_name("list"))
            + f"?status={CertificateNameChange.Status.PENDING}",
        }


@hooks.register("construct_homepage_panels")
def add_waiting_name_changes(request, panels):
    if request.user.has_perm(MANAGE_CERTIFICATES):
        waiting = issuing.pending_name_changes().count()
        if waiting:
            panels.append(WaitingNameChangesPanel(waiting))


register_snippet(CertificateViewSet)
register_permission_policy(
    CertificateNameChange, NameChangePermissionPolicy(), exact_class=True
)
name_change_viewset = NameChangeViewSet()
register_snippet(name_change_viewset)


# The progress report's certificates as one ZIP (bulk.py): its header's menu links
# here with the report's filters (the action registered in signal_handlers.py).


@require_safe
def download_certificates_zip(request):
    """The PDFs of the valid certificates of the participants the progress report
    shows for one workshop, as filtered, in one streamed ZIP."""
    if not (
        may_manage(request.user)
        and reports.progress_permission.user_has_permission(request.user, "view")
    ):
        raise PermissionDenied
    filters, enrolments = reports.filtered_enrolments(request)
    if not filters.is_valid():
        errors = [str(e) for errors in filters.form.errors.values() for e in errors]
        return HttpResponseBadRequest(
            _("These filters are not valid: %(errors)s") % {"errors": " ".join(errors)},
            content_type="text/plain; charset=utf-8",
        )
    query = request.GET.urlencode()
    report_url = reverse("participant_progress") + (f"?{query}" if query else "")
    workshop = filters.form.cleaned_data.get("workshop")
    if workshop is None:
        messages.warning(
            request,
            _(
                "Choose a workshop in the filters first: the ZIP holds the "
                "certificates of one workshop."
            ),
        )
        return redirect(report_url)
    certificates = bulk.certificates_of(enrolments, workshop)
    if not certificates.exists():
        messages.info(
            request,
            _(
                "None of the participants the report shows for “%(workshop)s” has "
                "a valid certificate."
            )
            % {"workshop": workshop.title},
        )
        return redirect(report_url)
    response = StreamingHttpResponse(
        bulk.stream_zip(certificates, base_url=request.build_absolute_uri("/")[:-1]),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, bulk.archive_name(workshop, timezone.localdate())
    )
    response["Cache-Control"] = "private, no-store"
    return response


@hooks.register("register_admin_urls")
def register_certificates_zip_url():
    return [
        path(
            "reports/participant-progress/certificates-zip/",
            download_certificates_zip,
            name="certificates_zip",
        )
    ]
