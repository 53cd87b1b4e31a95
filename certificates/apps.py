from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates: issuing them when `courses` says a workshop is finished, the PDF
    and its fonts, public verification, the credential JSON, sharing on LinkedIn and
    X, revocation and name corrections."""

    name = "certificates"
    verbose_name = _("certificates")

    def ready(self):
        from django.conf import settings

        from . import keys, signal_handlers

        signal_handlers.connect()
        if settings.CREDENTIAL_KEYS_AT_START:
            keys.check_keys()
