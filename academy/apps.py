from django.apps import AppConfig


class AcademyConfig(AppConfig):
    """The roof: site-wide views and commands that compose several apps (dashboard,
    search, health, load_demo) and the template tags of the layout. Every app wires
    its own signals in its own apps.py; this one connects only its own."""

    name = "academy"
    verbose_name = "Office Manager 2.0 Academy"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.core.signals import setting_changed
        from django.db.models.signals import m2m_changed

        from .middleware import forget_csp_policy
        from .templatetags.academy_tags import clear_admin_access_cache

        setting_changed.connect(forget_csp_policy, dispatch_uid="forget-csp-policy")
        m2m_changed.connect(
            clear_admin_access_cache,
            sender=get_user_model().groups.through,
            dispatch_uid="admin-access-groups",
        )
