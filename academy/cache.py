"""Django's Redis cache, made to survive a Redis outage.

Everything this site keeps in the cache can be rebuilt: cached pages and fragments
from the database, sessions from the database (`cached_db` sessions), rate-limit
counters start again. So when Redis does not answer, a request should go on without
it rather than fail or hang:

- every operation has a short socket timeout (set in the production settings);
- an operation that fails with a Redis error is logged and answered as a miss: `get`
  returns the default, `set` stores nothing, and `add` answers True as if it had
  stored, so code that uses `add` as a lock (allauth's rate limits) goes on instead
  of refusing everyone. Rate limits are therefore not counted during an outage;
  that is logged;
- after a failure the cache is skipped for `RETRY_SECONDS`, so a down Redis costs one
  timeout per process every few seconds, not one per operation;
- when Redis answers again after a failure, the content and seats versions are
  dropped (`academy.base.caching`): whatever a trainer published during the outage
  could not be recorded there, so nothing cached from before may be served.

`/healthz` reports the cache as unavailable meanwhile.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# {location: monotonic time until which Redis is not asked}, shared by the threads
# of a process.
_down_until = {}
_MISSING = object()  # marker: the operation could not be done


class ResilientRedisCache(RedisCache):
    def _call(self, name, default, *args, **kwargs):
        location = self._servers[0] if self._servers else ""
        down_until = _down_until.get(location)
        if down_until is not None and down_until > time.monotonic():
            return default() if callable(default) else default
        try:
            if down_until is not None:
                self._recover(location)
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            _down_until[location] = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "cache unavailable, going on without it for %.0f s: %s: %s",
                RETRY_SECONDS,
                type(error).__name__,
                error,
            )
            return default() if callable(default) else default

    def _recover(self, location):
        """First call after an outage: forget the content versions (see above)."""
        from academy.base.caching import CONTENT_VERSION_KEY, SEATS_VERSION_KEY

        super().delete_many([CONTENT_VERSION_KEY, SEATS_VERSION_KEY])
        _down_until.pop(location, None)
        logger.warning("cache available again; cached content versions dropped")

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            # What `incr` does for a key that is not there; callers handle it.
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        result = self._call("incr", _MISSING, key, delta, version)
        if result is _MISSING:
            missing()
        return result

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def clear(self):
        return self._call("clear", None)
