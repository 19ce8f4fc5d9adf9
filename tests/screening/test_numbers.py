"""The number reader: separators as declarations print them, and the ambiguous mark settled by the unit."""

import pytest

from app.core.numbers import format_number, read_number


@pytest.mark.parametrize(
    ("raw", "large_unit", "value", "settled"),
    [
        ("16000", False, 16000, False),
        ("18,000", False, 18000, True),  # a Chinese declaration's thousands comma
        ("16,600", False, 16600, True),
        ("10,440", False, 10440, True),
        ("17 280", False, 17280, False),
        ("12\u00a0960", False, 12960, False),  # no-break space
        ("12\u202f960", False, 12960, False),  # narrow no-break space
        ("12'960", False, 12960, False),
        ("1 250,5", False, 1250.5, False),
        ("1,5", False, 1.5, False),
        ("0,75", False, 0.75, False),
        ("1.5", False, 1.5, False),
        ("16,6", False, 16.6, False),
        ("0,600", False, 0.6, False),  # a leading zero is no group of thousands
        ("1,234.5", False, 1234.5, False),
        ("1.234,5", False, 1234.5, False),
        ("1,234,567", False, 1234567, False),
        ("1.234.567", False, 1234567, False),
        ("12.960", True, 12.96, True),  # "нетто 12.960 т": tonnes, a decimal
        ("17.280", True, 17.28, True),
        ("12,960", True, 12.96, True),
        ("12.96", True, 12.96, False),
        ("20", True, 20, False),
    ],
)
def test_read_number(raw: str, large_unit: bool, value: float, settled: bool) -> None:
    reading = read_number(raw, large_unit=large_unit)
    assert reading is not None
    assert reading.value == pytest.approx(value)
    assert reading.settled is settled


@pytest.mark.parametrize("raw", ["", "abc", "10, 500", "1,2,3", "12..5", "1 23", "--5"])
def test_not_numbers(raw: str) -> None:
    assert read_number(raw) is None


@pytest.mark.parametrize(
    ("value", "shown"), [(16600, "16 600"), (1250.5, "1 250.5"), (0.75, "0.75"), (12.96, "12.96"), (5, "5")]
)
def test_shown_back(value: float, shown: str) -> None:
    assert format_number(value) == shown
