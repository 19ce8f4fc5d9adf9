"""Cutting a description into plain and highlighted pieces."""

import pytest

from app.web.view import highlight


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("醋酸酐 200升", [(0, 3, "substance", "aa")], [("醋酸酐", "substance"), (" 200升", None)]),
        (
            "paint with acetone",
            [(11, 18, "substance", "ac"), (0, 5, "indicator", None)],
            [("paint", "indicator"), (" with ", None), ("acetone", "substance")],
        ),
        # overlapping spans: the earlier, then the longer, wins; nothing is lost or repeated
        (
            "abcdef",
            [(0, 4, "substance", "x"), (2, 6, "indicator", None)],
            [("abcd", "substance"), ("ef", None)],
        ),
        (
            "abcdef",
            [(2, 3, "indicator", None), (2, 5, "substance", "x")],
            [("ab", None), ("cde", "substance"), ("f", None)],
        ),
        # spans outside the text are ignored
        ("abc", [(2, 9, "substance", "x"), (-1, 1, "substance", "y")], [("abc", None)]),
        ("", [], []),
    ],
)
def test_highlight(
    text: str, spans: list[tuple[int, int, str, str | None]], expected: list[tuple[str, str | None]]
) -> None:
    pieces = highlight(text, spans)
    assert [(p.text, p.kind) for p in pieces] == expected
    assert "".join(p.text for p in pieces) == text
