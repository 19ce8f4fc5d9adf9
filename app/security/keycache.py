"""API keys found recently, kept in memory for a few seconds so that a busy client's every request does not
cost a database query. A key revoked through this worker's admin API stops at once (the cache is cleared);
one revoked elsewhere (the CLI, another worker) stops within `ttl` seconds. Expiry dates are checked on
every use."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.db.models import utcnow
from app.security.keys import Role


@dataclass(frozen=True)
class KnownKey:
    id: str
    name: str
    role: Role
    expires_at: datetime | None

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or utcnow())


class KeyCache:
    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl_seconds
        self._clock = clock
        self._keys: dict[str, tuple[KnownKey, float]] = {}
        self._lock = threading.Lock()

    def get(self, key_hash: str) -> KnownKey | None:
        """The key with this hash if it was found active less than `ttl` seconds ago."""
        with self._lock:
            entry = self._keys.get(key_hash)
            if entry is None:
                return None
            if self._clock() - entry[1] >= self.ttl:
                del self._keys[key_hash]
                return None
            return entry[0]

    def put(self, key_hash: str, key: KnownKey) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._keys) >= 10_000:  # unbounded growth is not worth a smarter policy here
                self._keys.clear()
            self._keys[key_hash] = (key, self._clock())

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()
