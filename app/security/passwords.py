"""Passwords: argon2id (argon2-cffi's RFC 9106 low-memory profile), verified in constant time; an unknown user
is checked against a dummy hash so that the answer takes as long as for a real one."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


@cache
def dummy_hash() -> str:
    """The hash an unknown user's password is checked against: made once (0.1 s), at the first check or
    beside start-up (app/main.py), not at import, where every worker's start would wait for it."""
    return _hasher.hash("an unguessable placeholder for unknown users")


MIN_LENGTH = 10


def hash_password(password: str, *, new: bool = True) -> str:
    """An argon2id hash; a new password (not a rehash of one already in use) must be long enough."""
    if new and len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if `password` matches; with `stored_hash` None (no such user) spends the same time and says no."""
    dummy = dummy_hash()  # asked for on every path: the first check of a real user waits as long
    try:
        _hasher.verify(stored_hash or dummy, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return stored_hash is not None


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
