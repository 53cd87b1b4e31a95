from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Certificate


class CertificateViewSet(SnippetViewSet):
    """Issued certificates: trainers search them and revoke or reinstate one."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "workshop_title", "issued_at", "is_revoked", "code"]
    list_filter = ["is_revoked"]
    copy_view_enabled = False


register_snippet(CertificateViewSet)
