from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """The ground floor every app may use: the home page, the site settings, the
    content cache and page serving, the report base, the data-export registry. It
    imports no app of ours."""

    name = "academy.base"
    label = "base"
    verbose_name = _("site")

    def ready(self):
        from . import caching, ids, outbox, privacy, trainers

        caching.connect_content_signals()
        trainers.connect()
        ids.register()  # <id:...> in the URLs: before any urls.py is read
        privacy.register("emails", outbox.export_emails, ["base.OutgoingEmail"])
