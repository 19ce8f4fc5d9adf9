"""API keys: random secrets shown once; only their SHA-256 is stored (the keys are 256-bit random, so a
fast hash is enough), looked up by hash and compared in constant time."""

import hashlib
import hmac
import secrets
from typing import Literal

Role = Literal["system", "officer", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("system", "officer", "supervisor", "admin")
KEY_PREFIX = "psk_"


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def display_prefix(key: str) -> str:
    return key[: len(KEY_PREFIX) + 6]


def matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(key), stored_hash)
