"""The key that signs web session and CSRF cookies: SECRET_KEY from the environment, or (embedded default)
a random key created once in var/secret_key, readable by the owner only. Several workers or machines must
share one SECRET_KEY."""

import os
import secrets
from pathlib import Path


def load_secret(configured: str | None, path: Path) -> str:
    if configured:
        return configured
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two workers start together, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
