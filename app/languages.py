"""The three languages the service speaks, and choosing one from an Accept-Language header."""

LANGUAGES = ("ru", "en", "zh")


def from_accept_language(header: str | None) -> str | None:
    """The first of ru/en/zh named in an Accept-Language header, in its q order; None if none is."""
    ranked: list[tuple[float, str]] = []
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((q, tag.strip().lower()[:2]))
    for _, lang in sorted(ranked, key=lambda p: -p[0]):
        if lang in LANGUAGES:
            return lang
    return None
