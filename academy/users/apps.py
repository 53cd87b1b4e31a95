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
        from django.db.models.signals import post_delete, post_save

        from .middleware import forget_user
        from .privacy import register_sections

        register_sections()
        for signal in (post_save, post_delete):
            signal.connect(
                forget_user,
                sender=self.get_model("User"),
                dispatch_uid=f"forget-cached-user-{id(signal)}",
            )


class AcademyWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our User has one full name."""

    user_viewset = "academy.users.viewsets.UserViewSet"
