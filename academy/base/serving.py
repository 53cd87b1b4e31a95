"""Serving Wagtail pages without walking the page tree on every request.

Three layers, all in the shared cache and keyed by the content version
(`academy.caching`), so a trainer's publish is visible at once on every app server:

- `SiteMiddleware`: the Wagtail site for the request's host and the sites' root
  paths (for page URLs), cached.
- `serve`: replaces `wagtail.views.serve`. The page a path leads to is cached (the
  page object itself), so a page view no longer costs the site, route and
  view-restriction queries. Only pages without view restrictions and without
  sub-routes are cached; the others go through Wagtail's own routing and checks.
- `AnonymousPageCacheMiddleware`: the rendered HTML of public pages (home, workshop
  index, workshops, tips) for visitors who are not logged in. Pages opt in with
  `cache_for_anonymous = <seconds>` (how long a copy may be served when nothing
  changes; a workshop page, which shows upcoming sessions, keeps it short). A
  response is stored only when it is the same for everyone: a GET without a query
  string, by an anonymous visitor with no pending messages, answered 200 without
  cookies and without a CSRF token in it.
"""

import re

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from . import caching
from .caching import content_key, seats_version

PAGE_CACHE_TIMEOUT = 60 * 60
CACHE_HEADER = "X-Academy-Cache"
_NO_SITE = "no-site"


def skip_site_lookup(view):
    """Mark a view that needs no Wagtail site (health checks, the benchmark floor)."""
    view.skip_site_lookup = True
    return view


def find_site(request):
    """The Wagtail site for this request, from the cache when possible."""
    if not hasattr(request, "_wagtail_site"):
        key = content_key("site", request._get_raw_host(), request.get_port())
        site = caching.get(key)
        if site is None:
            site = Site.find_for_request(request) or _NO_SITE
            caching.set(key, site, PAGE_CACHE_TIMEOUT)
        request._wagtail_site = None if site == _NO_SITE else site
    return request._wagtail_site


class SiteMiddleware:
    """Find the request's Wagtail site in the cache instead of the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "skip_site_lookup", False):
            find_site(request)
            # Wagtail reads the sites' root paths for every page URL it makes, from
            # the shared cache once per request; here they come with the content
            # version (local to the process when it has them).
            request._wagtail_cached_site_root_paths = caching.cached_content(
                ("site-root-paths",), Site.get_site_root_paths
            )


def _route(request, path):
    """(page, args, kwargs, checked): the page for `path`; `checked` is True when it
    is known to have no view restrictions (so Wagtail's check can be skipped)."""
    site = find_site(request)
    if site is None:
        raise Http404
    # The same path leads to a different page in each language (its own tree).
    key = content_key("route", site.pk, get_language(), path)
    page = caching.get(key)
    if page is not None:
        request._wagtail_route_for_request = (page, [], {})
        return page, [], {}, True
    route = Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    unrestricted = not args and not kwargs and not page.get_view_restrictions()
    if unrestricted:
        if hasattr(page, "prepare_for_cache"):
            page.prepare_for_cache()
        caching.set(key, page, PAGE_CACHE_TIMEOUT)
    return page, args, kwargs, unrestricted


def serve(request, path):
    """Wagtail's `serve` view, with the route cached (see the module docstring)."""
    page, args, kwargs, unrestricted = _route(request, path)

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if unrestricted and fn is check_view_restrictions:
            continue  # no restriction applies: nothing to check, no queries
        on_serve_chain = fn(on_serve_chain)

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result

    response = on_serve_chain(page, request, args, kwargs)
    if unrestricted and getattr(page, "cache_for_anonymous", 0):
        response.academy_cache_seconds = page.cache_for_anonymous
    return response


# --- Rendered pages for anonymous visitors -------------------------------------------


def _page_key(request):
    return content_key(
        "html", seats_version(), get_language(), request.get_host(), request.path
    )


def _same_for_everyone(request, response):
    return getattr(
        response, "academy_cache_seconds", 0
    ) and caching.response_is_shareable(request, response)


# The paths Wagtail's pages can have (academy/urls.py: `wagtail_serve`, also under a
# language prefix): folders ending in a slash. `/livez`, `/robots.txt` and the like
# never cost a cache lookup; a path that only looks like a page costs one.
PAGE_PATH = re.compile(r"^/(?:[\w\-]+/)*$")


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache.

    A stored page is answered before the URL resolver and the view; only paths that
    can be pages are looked up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not PAGE_PATH.match(request.path_info) or not caching.request_may_share(
            request
        ):
            return self.get_response(request)
        key = _page_key(request)
        stored = caching.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        # Not when the content changed while the page was made: it may mix both.
        if _same_for_everyone(request, response) and _page_key(request) == key:
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in {"vary", "set-cookie"}
            }
            caching.set(
                key, (response.content, headers), response.academy_cache_seconds
            )
            response[CACHE_HEADER] = "miss"
        return response
