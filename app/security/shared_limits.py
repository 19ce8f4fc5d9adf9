"""Rate limits shared by every worker and machine: the same token bucket as ratelimit.RateLimiter, kept in
Redis (REDIS_URL) and taken from in one atomic script with Redis's own clock, so N workers give a key its
rate once, not N times.

Redis down or slow: the request is never refused or failed for it. The limiter falls back to its own
process's bucket (as without Redis), counts it (`rate_limit_fallbacks`), logs it once a minute at most, and
tries Redis again after a pause, so a dead server costs each request no time-out."""

import logging
import threading
import time
from collections.abc import Callable

import redis

from app.security.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# KEYS[1]: the bucket; ARGV: rate per second, capacity. Returns the seconds to wait (0: a token was taken),
# as a string (Redis turns a Lua number into an integer).
_TAKE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local rate, capacity = tonumber(ARGV[1]), tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens, ts = tonumber(b[1]), tonumber(b[2])
if tokens == nil then tokens, ts = capacity, t end
tokens = math.min(capacity, tokens + math.max(0, t - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(t))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 60)
return tostring(wait)
"""
_PAUSE_S = 5.0  # after Redis failed, this process's own buckets answer for this long
_LOG_EVERY_S = 60.0
_TIMEOUT_S = 0.1  # Redis on the local network answers in well under a millisecond


class SharedRateLimiter:
    """acquire() as RateLimiter's, over Redis; `name` keeps two limiters' keys apart (API keys, logins)."""

    def __init__(
        self,
        client: "redis.Redis",
        name: str,
        per_minute: int,
        burst: int | None = None,
        on_fallback: Callable[[], None] = lambda: None,
        pause_s: float = _PAUSE_S,
    ) -> None:
        self.local = RateLimiter(per_minute, burst)  # the fallback, and the figures
        self.rate, self.capacity = self.local.rate, self.local.capacity
        self._client = client
        self._name = name
        self._take = client.register_script(_TAKE)
        self._on_fallback = on_fallback
        self._pause_s = pause_s
        self._paused_until = 0.0
        self._logged = 0.0
        self._lock = threading.Lock()

    def acquire(self, key: str, now: float | None = None) -> float:
        if self.rate <= 0:
            return 0.0
        if time.monotonic() >= self._paused_until:
            try:
                wait = self._take(keys=[f"limits:{self._name}:{key}"], args=[self.rate, self.capacity])
                return float(wait)
            except (redis.RedisError, OSError, ValueError) as exc:
                self._fell_back(exc)
        else:
            self._on_fallback()
        return self.local.acquire(key, now)

    def _fell_back(self, exc: Exception) -> None:
        self._on_fallback()
        clock = time.monotonic()
        with self._lock:
            self._paused_until = clock + self._pause_s
            if clock - self._logged < _LOG_EVERY_S and self._logged:
                return
            self._logged = clock
        log.warning("rate limits: Redis unavailable (%s); this process limits on its own for now", exc)


def redis_client(url: str) -> "redis.Redis":
    """A client with short time-outs (no connection is made until the first limit is taken)."""
    return redis.Redis.from_url(url, socket_timeout=_TIMEOUT_S, socket_connect_timeout=_TIMEOUT_S)
