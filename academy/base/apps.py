from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """Site-wide pieces every app may use: the home page and the site settings."""

    name = "academy.base"
    label = "base"
    verbose_name = _("site")
