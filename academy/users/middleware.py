"""Who is logged in, without a database query on every request.

Django's AuthenticationMiddleware loads the user's row from the database on every
request of a logged-in visitor. Here the row comes from the shared cache, keyed by
the user's id and kept for a few minutes; saving or deleting the user drops it at
once (and again when the transaction commits), so a new password, a deactivated
account or a changed name counts from the next request on, on every app server.

Everything else is Django's `get_user`: the session's backend must still be
configured, and the session's hash must match the user's password hash (or one of
the fallback secrets' hashes), else the session is ended.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    _get_user_session_key,
    get_user_model,
    load_backend,
)
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

TIMEOUT = 5 * 60


def _fields_token():
    """Changes with the User model's columns: a copy pickled by an older release
    is never unpickled into a newer model."""
    names = ",".join(f.attname for f in get_user_model()._meta.concrete_fields)
    return hashlib.sha256(names.encode()).hexdigest()[:8]


def cache_key(user_id):
    return f"academy:user:{_fields_token()}:{user_id}"


def load_user(backend, user_id):
    key = cache_key(user_id)
    user = cache.get(key)
    if user is None:
        user = backend.get_user(user_id)  # None for an inactive or deleted user
        if user is not None:
            cache.set(key, user, TIMEOUT)
    return user


def forget_user(instance, **kwargs):
    """post_save / post_delete of a user: the cached copy goes, now and after the
    commit (a request in between may have cached the old row)."""
    key = cache_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def get_user(request):
    """django.contrib.auth.get_user, with the user's row from the cache."""
    user = None
    try:
        user_id = _get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            user = load_user(load_backend(backend_path), user_id)
            if hasattr(user, "get_session_auth_hash"):
                session_hash = request.session.get(HASH_SESSION_KEY)
                session_auth_hash = user.get_session_auth_hash()
                verified = bool(session_hash) and constant_time_compare(
                    session_hash, session_auth_hash
                )
                if not verified:
                    if session_hash and any(
                        constant_time_compare(session_hash, fallback)
                        for fallback in user.get_session_auth_fallback_hash()
                    ):
                        request.session.cycle_key()
                        request.session[HASH_SESSION_KEY] = session_auth_hash
                    else:
                        request.session.flush()
                        user = None
    return user or AnonymousUser()


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))
