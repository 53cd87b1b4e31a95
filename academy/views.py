import secrets

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from courses.search import search_pages

from .base.serving import skip_site_lookup

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_ok():
    """Write and read back a value; False when the cache does not answer."""
    key, value = "academy:healthz", secrets.token_hex(4)
    try:
        cache.set(key, value, timeout=30)
        return cache.get(key) == value
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        return False


@skip_site_lookup
@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitoring: the state of the database and the cache.

    200 when the database answers (the site works, perhaps without its cache: it then
    says "degraded"); 503 when the database does not answer.
    """
    database, shared_cache = database_ok(), cache_ok()
    status = "ok" if database and shared_cache else "degraded" if database else "down"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unavailable",
            "cache": "ok" if shared_cache else "unavailable",
        },
        status=200 if database else 503,
    )


@skip_site_lookup
@never_cache
@require_safe
def livez(request):
    """Liveness: the process answers. Touches neither the database nor the cache;
    it is also the floor of `make bench` (the cheapest view of this app)."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def search(request):
    """Search the workshops, modules and tips; paginated results."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = search_pages(query)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "academy/search.html",
        {"query": query, "results": page, "paginator": paginator},
    )


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    """Keep crawlers out of the admin, the account pages and search results."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /en/accounts/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def frontend_login(request):
    """Wagtail's login for private pages, replaced by the site's (allauth) login."""
    query = QueryDict(mutable=True)
    if request.GET.get("next"):
        query["next"] = request.GET["next"]
    url = reverse("account_login")
    return redirect(f"{url}?{query.urlencode()}" if query else url)


def no_admin_access(request):
    """A logged-in participant opened the admin or a report: say who they are logged
    in as, that this part is for trainers, and where to go (academy.middleware).

    The admin's URLs carry no language prefix, so the page speaks the visitor's
    language (the language cookie, else the browser's), Dutch when neither says."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = TemplateResponse(request, "academy/no_access.html", status=403)
        response.render()
    response["Content-Language"] = language
    response["Cache-Control"] = "private, no-store"
    return response
