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
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Errors that mean "Redis does not answer" (down, unreachable, too slow). Other
# Redis errors (a bad command, out of memory) are logged and answered as a miss,
# without switching the cache off.
OUTAGE = (RedisConnectionError, RedisTimeoutError)
# Writes that could not reach Redis, to be deleted when it answers again: a stale
# copy must not come back (a session a participant logged out of, an old session).
MAX_PENDING = 10_000
WRITES = {"set", "add", "set_many", "delete", "delete_many", "incr", "touch"}


class _State:
    """Per Redis server, shared by the threads and cache aliases of a process."""

    def __init__(self):
        self.down_until = None
        self.pending = set()  # (cache alias prefix, key, version)


_states = {}
_MISSING = object()  # marker: the operation could not be done


def _written_keys(name, args):
    """The keys a write touches: a dict or list for the *_many calls, else one key."""
    return list(args[0]) if name in ("set_many", "delete_many") else [args[0]]


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client makes a new `redis.Redis` object for every cache call;
    redis-py 8 fills some 170 response callbacks and an event dispatcher in each, which
    cost more CPU than the round trip itself (0.3 ms of a 1 ms health check, measured
    for issue 16). One client per connection pool is made once and kept: a client is
    safe to share between threads (each command takes a connection from the pool),
    and the pool makes new connections in a forked worker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _state(self):
        location = self._servers[0] if self._servers else ""
        return _states.setdefault(location, _State())

    def _remember(self, state, name, args, version):
        if name in WRITES and len(state.pending) < MAX_PENDING:
            for key in _written_keys(name, args):
                state.pending.add((self.key_prefix, key, version))

    def _call(self, name, default, *args, version=None, **kwargs):
        state = self._state()
        if state.down_until is not None and state.down_until > time.monotonic():
            self._remember(state, name, args, version)
            return default() if callable(default) else default
        try:
            if state.down_until is not None:
                self._recover(state)
            return getattr(super(), name)(*args, version=version, **kwargs)
        except OUTAGE as error:
            state.down_until = time.monotonic() + RETRY_SECONDS
            self._remember(state, name, args, version)
            logger.warning(
                "cache unavailable, going on without it for %.0f s: %s: %s",
                RETRY_SECONDS,
                type(error).__name__,
                error,
            )
        except RedisError as error:
            self._remember(state, name, args, version)
            logger.error("cache error: %s: %s", type(error).__name__, error)
        return default() if callable(default) else default

    def _recover(self, state):
        """First call after an outage, whichever alias makes it: delete what could not
        be written meanwhile, and the content versions of the default cache (see
        above)."""
        from django.core.cache import caches

        from academy.base.caching import CONTENT_VERSION_KEY, SEATS_VERSION_KEY

        pending = set(state.pending)
        default = caches["default"]
        doomed = [
            (default.key_prefix, CONTENT_VERSION_KEY, None),
            (default.key_prefix, SEATS_VERSION_KEY, None),
            *pending,
        ]
        client = self._cache.get_client(write=True)
        client.delete(  # raises if Redis is not back after all: stays down
            *{
                self.key_func(key, prefix, version or self.version)
                for prefix, key, version in doomed
            }
        )
        state.down_until = None
        state.pending -= pending
        logger.warning(
            "cache available again; content versions and %d keys written during "
            "the outage dropped",
            len(pending),
        )

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many", lambda: list(data), data, timeout, version=version
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        def missing():
            # What `incr` does for a key that is not there; callers handle it.
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        result = self._call("incr", _MISSING, key, delta, version=version)
        if result is _MISSING:
            missing()
        return result

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def clear(self):
        return self._call("clear", None)
