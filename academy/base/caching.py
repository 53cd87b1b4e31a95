"""What every visitor sees the same way, cached in the shared cache and versioned.

Published content (pages, their modules, tips, quizzes, sessions, images, the site
settings) changes rarely and is read on every page view. Everything derived from it is
cached under a key that contains the *content version*: a random token kept in the
cache and replaced whenever a trainer publishes, unpublishes, moves or deletes a page,
or saves anything else the pages show (see `academy.apps`). Replacing the token makes
every older entry unreachable at once, on every app server that shares the cache; they
expire on their own. A second token, the *seats version*, changes when a registration
changes, so the seats left on a workshop page are never older than the last
registration.

Nothing here holds one participant's data: per-user facts (progress, attempts,
certificates) are always read from the database.

Within a request the versions are read once, on first use (`VersionMiddleware`);
outside a request (management commands, tests) they are read from the cache each time.
"""

import contextvars
import secrets

from django.core.cache import cache

CONTENT_VERSION_KEY = "academy:content-version"
SEATS_VERSION_KEY = "academy:seats-version"
# Derived entries are also dropped after a day, whatever happens to the versions.
DEFAULT_TIMEOUT = 60 * 60 * 24

_request_versions = contextvars.ContextVar("academy_versions", default=None)


def _new_token():
    return secrets.token_hex(6)


def _read_versions():
    found = cache.get_many([CONTENT_VERSION_KEY, SEATS_VERSION_KEY])
    versions = {}
    for key in (CONTENT_VERSION_KEY, SEATS_VERSION_KEY):
        value = found.get(key)
        if value is None:
            # First use, or the cache lost it: any new token invalidates old entries.
            cache.add(key, _new_token(), timeout=None)
            value = cache.get(key) or _new_token()
        versions[key] = value
    return versions


def _versions():
    versions = _request_versions.get()
    if versions is None:  # outside a request
        return _read_versions()
    if not versions:  # first use in this request
        versions.update(_read_versions())
    return versions


def content_version():
    return _versions()[CONTENT_VERSION_KEY]


def seats_version():
    return _versions()[SEATS_VERSION_KEY]


def _bump(key):
    token = _new_token()
    cache.set(key, token, timeout=None)
    versions = _request_versions.get()
    if versions:
        versions[key] = token


def bump_content_version(**kwargs):
    """Forget everything derived from published content (a signal receiver)."""
    _bump(CONTENT_VERSION_KEY)


def bump_seats_version(**kwargs):
    """Forget cached pages that show seats left (a signal receiver)."""
    _bump(SEATS_VERSION_KEY)


def content_key(*parts):
    """A cache key for something derived from published content."""
    return ":".join(["academy", content_version(), *map(str, parts)])


def cached_content(key_parts, build, timeout=DEFAULT_TIMEOUT):
    """The cached value for `key_parts`, built (and stored) by `build()` on a miss."""
    key = content_key(*key_parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


class VersionMiddleware:
    """Read the content and seats versions at most once per request, when first
    needed (one cache round trip), so a request sees one consistent version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)
