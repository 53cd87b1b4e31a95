from allauth.account.views import LoginView
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import account_views, dashboard, views
from .base import serving
from .sitemaps import PageSitemap
from .users.views import AccountView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    # The admin's login is allauth's login (same form, same rate limits).
    path("admin/login/", LoginView.as_view()),
    path("admin/account/", never_cache(require_admin_access(AccountView.as_view()))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("certificates.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Dutch at the plain URLs, English under /en/.
urlpatterns += i18n_patterns(
    path("accounts/profile/", account_views.profile, name="account_profile"),
    path("accounts/data/", account_views.data_export, name="account_data"),
    path("accounts/delete/", account_views.delete, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("", include("courses.urls")),
    path("", include("certificates.urls")),
    path("", include("live_sessions.urls")),
    path("", include("practice.urls")),
    path("", include("boosters.urls")),
    path("search/", views.search, name="search"),
    # Private pages send visitors to allauth's login too (one login, one rate limit).
    path("_util/login/", views.frontend_login, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page tree last: it answers every other path. Our `serve` is
    # Wagtail's with the route cached (academy/base/serving.py).
    re_path(r"^((?:[\w\-]+/)*)$", serving.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
