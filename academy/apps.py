from django.apps import AppConfig


class AcademyConfig(AppConfig):
    """The project itself: site-wide views, template tags and management commands."""

    name = "academy"
    verbose_name = "Office Manager 2.0 Academy"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .base.models import SiteSettings
        from .templatetags.academy_tags import (
            clear_admin_access_cache,
            clear_branding_cache,
            clear_menu_cache,
        )

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(clear_menu_cache, dispatch_uid=f"menu-{id(signal)}")
        post_delete.connect(clear_menu_cache, sender=Page, dispatch_uid="menu-delete")
        post_save.connect(
            clear_branding_cache, sender=SiteSettings, dispatch_uid="branding-save"
        )
        m2m_changed.connect(
            clear_admin_access_cache,
            sender=get_user_model().groups.through,
            dispatch_uid="admin-access-groups",
        )
