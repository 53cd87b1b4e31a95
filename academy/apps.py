from django.apps import AppConfig


def forget_certificate_page(instance, **kwargs):
    """A revoked, reinstated or renamed certificate gets a new verification page."""
    from .base.caching import bump_stamp

    bump_stamp(f"certificate:{instance.code}")


class AcademyConfig(AppConfig):
    """The project itself: site-wide views, template tags and management commands."""

    name = "academy"
    verbose_name = "Office Manager 2.0 Academy"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Locale, PageViewRestriction, Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from courses.models import Certificate, Registration, Tip, WorkshopSession
        from quizzes.models import Quiz

        from .base.caching import bump_content_version, bump_seats_version
        from .base.models import SiteSettings
        from .templatetags.academy_tags import clear_admin_access_cache

        # Whatever a page shows, except per-user data, is cached under the content
        # version (academy.caching): any change to it starts a new version.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"content-{id(signal)}")
        shown_on_pages = [
            *get_page_models(),
            PageViewRestriction,
            Site,
            Locale,
            SiteSettings,
            get_image_model(),
            Quiz,
            Tip,
            WorkshopSession,
        ]
        for model in shown_on_pages:
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"content-{model._meta.label}-{id(signal)}",
                )
        for signal in (post_save, post_delete):
            signal.connect(
                bump_seats_version,
                sender=Registration,
                dispatch_uid=f"seats-{id(signal)}",
            )
        for signal in (post_save, post_delete):
            signal.connect(
                forget_certificate_page,
                sender=Certificate,
                dispatch_uid=f"certificate-{id(signal)}",
            )
        m2m_changed.connect(
            clear_admin_access_cache,
            sender=get_user_model().groups.through,
            dispatch_uid="admin-access-groups",
        )
