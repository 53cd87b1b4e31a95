"""A small fixed-window rate limit per client address, counted in the shared cache."""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def allow(request, scope, limit, period):
    """True while this address made at most `limit` requests in this `period`."""
    # The same client address as allauth's rate limits (TRUSTED_PROXY_COUNT).
    address = get_adapter().get_client_ip(request) or "unknown"
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{address}:{window}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
