from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(AppConfig):
    """The site's User: email as the login, a full name for certificates."""

    default = True  # this module holds two configs: this one is the app's
    name = "academy.users"
    label = "users"
    verbose_name = _("users")

    def ready(self):
        from .privacy import register_sections

        register_sections()


class AcademyWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our User has one full name."""

    user_viewset = "academy.users.viewsets.UserViewSet"
