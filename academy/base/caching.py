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

Two levels: entries are kept in the shared cache and, for a short while, in the
process itself (`get`, `set`). A key holds the version it was made for, and the
version is read from the shared cache in every request, so a copy kept in the
process is never served after a publish; it only saves the round trip to Redis.
"""

import contextvars
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

CONTENT_VERSION_KEY = "academy:content-version"
SEATS_VERSION_KEY = "academy:seats-version"
# Derived entries are also dropped after a day, whatever happens to the versions.
DEFAULT_TIMEOUT = 60 * 60 * 24

_request_versions = contextvars.ContextVar("academy_versions", default=None)
# Copies in this process (pickled, like every Django cache: no object is shared
# between requests). Short-lived, so time-limited entries stay close to their age.
LOCAL_TIMEOUT = 30
_local = LocMemCache("academy-local", {"OPTIONS": {"MAX_ENTRIES": 2000}})


def get(key):
    """A versioned entry: from this process if it has it, else the shared cache.

    Entries carry their expiry time, so a copy in this process never outlives the
    shared entry it was taken from.
    """
    entry = _local.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None:
            return None
        left = entry[0] - time.time()
        if left <= 0:
            return None
        _local.set(key, entry, min(left, LOCAL_TIMEOUT))
    return entry[1]


def set(key, value, timeout=DEFAULT_TIMEOUT):  # noqa: A001 - like cache.set
    entry = (time.time() + timeout, value)
    cache.set(key, entry, timeout)
    _local.set(key, entry, min(timeout, LOCAL_TIMEOUT))


def request_may_share(request):
    """Whether this request may be answered with a copy made for everyone: a GET
    without a query string, by a visitor who is not logged in and has no message
    waiting to be shown."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    if "messages" in request.COOKIES:
        return False
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (
        has_session
        and (request.user.is_authenticated or request.session.get("_messages"))
    )


def response_is_shareable(request, response):
    """Whether `response` holds nothing of this visitor: answered 200 to an anonymous
    visitor, without cookies, a CSRF token or a message added meanwhile."""
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.user.is_authenticated
        and not (messages is not None and list(messages._queued_messages))
    )


def clear_local():
    """Forget this process's copies (tests)."""
    _local.clear()


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
    if CONTENT_VERSION_KEY not in versions:  # first use in this request
        versions.update(_read_versions())
    return versions


def content_version():
    return _versions()[CONTENT_VERSION_KEY]


def seats_version():
    return _versions()[SEATS_VERSION_KEY]


def _bump(key):
    """Start a new version now, and again when the current transaction commits.

    Now: this request and every other one stop using older entries at once. After
    the commit: a request that read the new version while the change was not yet
    committed may have cached what it saw then; the second token makes that
    unreachable too. (Outside a transaction both happen at once.)
    """
    _set_token(key)
    transaction.on_commit(lambda: _set_token(key))


def _set_token(key):
    token = _new_token()
    cache.set(key, token, timeout=None)
    versions = _request_versions.get()
    if versions:
        versions[key] = token
        versions.pop("memo", None)


def bump_content_version(**kwargs):
    """Forget everything derived from published content (a signal receiver)."""
    _bump(CONTENT_VERSION_KEY)


def bump_seats_version(**kwargs):
    """Forget cached pages that show seats left (a signal receiver)."""
    _bump(SEATS_VERSION_KEY)


# A stamp that expires is replaced by a new one: its entries are then simply missed.
STAMP_TIMEOUT = 60 * 60 * 24 * 30


def stamp(name, create=False):
    """The current token of one object's own version (e.g. a certificate), or None
    when it has none yet (pass create=True to start one)."""
    key = f"academy:stamp:{name}"
    value = cache.get(key)
    if value is None and create:
        cache.add(key, _new_token(), timeout=STAMP_TIMEOUT)
        value = cache.get(key)
    return value


def bump_stamp(name):
    """A new token for one object: entries keyed by the old one are unreachable
    (now, and again when the transaction commits: see _bump)."""
    key = f"academy:stamp:{name}"

    def set_token():
        cache.set(key, _new_token(), timeout=STAMP_TIMEOUT)

    set_token()
    transaction.on_commit(set_token)


def content_key(*parts):
    """A cache key for something derived from published content."""
    return ":".join(["academy", content_version(), *map(str, parts)])


def cached_content(key_parts, build, timeout=DEFAULT_TIMEOUT):
    """The cached value for `key_parts`, built (and stored) by `build()` on a miss.

    Within a request, a value read once is kept for the rest of the request.
    """
    key = content_key(*key_parts)
    versions = _request_versions.get()
    memo = versions.setdefault("memo", {}) if versions is not None else {}
    if key in memo:
        return memo[key]
    value = get(key)
    if value is None:
        value = build()
        if value is not None:  # nothing is stored for what does not exist
            set(key, value, timeout)
    memo[key] = value
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


# A page is saved for more than publishing: a draft save or an autosave in the editor
# writes these bookkeeping fields of the live row (and a lock, its own). Nothing a
# visitor sees changes, so such a save keeps the cache (publishing sends
# page_published, which starts a new version).
PAGE_BOOKKEEPING_FIELDS = frozenset(
    {
        "comments",
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "locale",
    }
)


def bump_content_version_for_page(instance, update_fields=None, **kwargs):
    """post_save of a page (or of a snippet with drafts, see connect_draft_model):
    a new content version only when what is live changed.

    A draft save, an autosave, a lock or a preview leaves the cached pages in place;
    publishing, unpublishing, moving and deleting start a new version through their
    own signals. A full save of a live page outside the editor (a script, the demo
    loader) changes what is shown, and starts one too.
    """
    if not instance.live:
        return
    if (
        update_fields is not None
        and frozenset(update_fields) <= PAGE_BOOKKEEPING_FIELDS
    ):
        return
    bump_content_version()


def connect_content_signals():
    """The content version follows what visitors can see of the page tree and the
    site: publishing, unpublishing, moving and deleting pages, view restrictions,
    sites, locales, the site settings, images and documents. Apps connect their own
    models (a quiz, a tip, a session) in their own apps.py."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import SiteSettings

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"content-{id(signal)}")
    for model in get_page_models():
        post_save.connect(
            bump_content_version_for_page,
            sender=model,
            dispatch_uid=f"content-page-save-{model._meta.label}",
        )
        post_delete.connect(
            bump_content_version,
            sender=model,
            dispatch_uid=f"content-page-delete-{model._meta.label}",
        )
    connect_model(
        PageViewRestriction,
        Site,
        Locale,
        SiteSettings,
        get_image_model(),
        get_document_model(),  # a download block shows its documents' names and sizes
    )


def connect_model(*models):
    """Saving or deleting a row of these models starts a new content version: for
    models that are shown live as soon as they are saved (no draft of their own)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                bump_content_version,
                sender=model,
                dispatch_uid=f"content-{model._meta.label}-{id(signal)}",
            )


def connect_draft_model(*models):
    """Models with drafts of their own (Wagtail's DraftStateMixin, e.g. a quiz): the
    row holds what is live, and a draft waits in the revisions. Publishing,
    unpublishing and deleting start a new content version; a draft save or a
    preview does not (a draft save of a live object only writes its bookkeeping
    fields; a draft that was never published is not live). A full save of a live
    object outside the editor (a script, the demo loader) changes what is shown,
    and starts one too."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import published, unpublished

    for model in models:
        for signal in (published, unpublished, post_delete):
            signal.connect(
                bump_content_version,
                sender=model,
                dispatch_uid=f"content-{model._meta.label}-{id(signal)}",
            )
        post_save.connect(
            bump_content_version_for_page,
            sender=model,
            dispatch_uid=f"content-draft-save-{model._meta.label}",
        )
