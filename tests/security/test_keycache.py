"""The in-memory cache of API keys found active: how long it trusts them, and expiry checked on every use."""

from datetime import UTC, datetime, timedelta

from app.security.keycache import KeyCache, KnownKey

KEY = KnownKey("k1", "desk", "system", None)


def test_a_key_is_trusted_for_the_ttl_then_looked_up_again() -> None:
    now = [0.0]
    cache = KeyCache(5.0, clock=lambda: now[0])
    assert cache.get("h") is None
    cache.put("h", KEY)
    now[0] = 4.99
    assert cache.get("h") == KEY
    now[0] = 5.0
    assert cache.get("h") is None
    assert cache.get("h") is None  # and it was dropped, not kept beside


def test_clear_forgets_every_key_and_ttl_zero_keeps_none() -> None:
    cache = KeyCache(5.0)
    cache.put("a", KEY)
    cache.put("b", KEY)
    cache.clear()
    assert cache.get("a") is None and cache.get("b") is None
    off = KeyCache(0)
    off.put("a", KEY)
    assert off.get("a") is None


def test_a_cached_key_expires_on_its_date_not_when_the_cache_forgets_it() -> None:
    ends = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    key = KnownKey("k2", "temp", "officer", ends)
    assert not key.expired(ends - timedelta(microseconds=1))
    assert key.expired(ends)
    assert not KEY.expired(ends + timedelta(days=10_000))
