"""One reader for numbers as declarations print them, used by the facts stage and the officers' form.

    read_number("16,600")                 -> 16600  (a Chinese declaration's thousands comma)
    read_number("1,5")                    -> 1.5    (a Russian decimal comma)
    read_number("12 960"), ("12'960")     -> 12960  (space, no-break, narrow no-break or apostrophe groups)
    read_number("1.234,5"), ("1,234.5")   -> 1234.5 (both marks: the last one is the decimal mark)
    read_number("12.960", large_unit=True) -> 12.96 (tonnes or cubic metres: "нетто 12.960 т")

One mark followed by exactly three digits ("16,600", "17.280") is ambiguous. It is settled by what is
plausible for the unit: for a large unit (a tonne, a cubic metre: factor >= 1000 base units) it is a
decimal mark, since 16 600 t would be a ship's cargo, not a truck's; for any other unit it groups
thousands, since goods are not weighed to the gram in a declaration. The reading says it was settled so,
and `shown()` writes the value back unambiguously ("16 600").
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# Group separators: space, no-break space, narrow no-break space, thin space, apostrophes.
_GROUP = " \u00a0\u202f\u2009'\u2019"
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(rf"\d{{1,3}}(?:[{_GROUP}]\d{{3}})+(?:[.,]\d+)?")
_ONE_MARK = re.compile(r"(\d+)([.,])(\d+)")
_REPEATED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})+")
_BOTH = re.compile(r"\d{1,3}(?:([.,])\d{3})*([.,])\d+")

# The pattern of a number in running text, for the facts stage (kept in step with read_number). It starts
# with its first digit, the look-behinds after it, so re skips to digits (app/core/word_patterns.py).
NUMBER_PATTERN = (
    # not inside "16,600" nor "1.5", but after a comma between words ("12.96吨,200升")
    r"(\d(?<![\d.]\d)(?<!\d,\d)"
    # space-grouped only when it is not the tail of a grade or a code ("15W-40 200L" is no 40 200)
    rf"(?:(?<![-/A-Za-z\u0400-\u04ff]\d)\d{{0,2}}(?:[{_GROUP}]\d{{3}})+(?:[.,]\d+)?"
    r"|\d{0,2}(?:[.,]\d{3}){2,}(?:[.,]\d+)?|\d{0,2}(?:,\d{3})+\.\d+|\d{0,2}(?:\.\d{3})+,\d+|\d*(?:[.,]\d+)?))"
    r"(?![\d])"
)


@dataclass(frozen=True, slots=True)
class NumberReading:
    value: float
    raw: str
    settled: bool = False  # an ambiguous mark, read by what is plausible for the unit

    def shown(self) -> str:
        return format_number(self.value)


def format_number(value: float) -> str:
    """16600 -> '16 600', 1250.5 -> '1 250.5', 0.75 -> '0.75' (thin spaces would not survive a form)."""
    whole = int(value)
    if value == whole:
        return f"{whole:,}".replace(",", " ")
    return f"{value:,.3f}".rstrip("0").rstrip(".").replace(",", " ")


@lru_cache(maxsize=8192)  # the same figures recur from item to item ("200", "25", "80"); a reading is frozen
def read_number(raw: str, *, large_unit: bool = False) -> NumberReading | None:
    """The value of a number written as a person or a printer writes it; None when it is not one."""
    text = raw.strip()
    if not text:
        return None
    if _PLAIN.fullmatch(text):
        return NumberReading(float(text), raw)
    if _GROUPED.fullmatch(text):
        body = re.sub(rf"[{_GROUP}]", "", text)
        return NumberReading(float(body.replace(",", ".")), raw)
    if _REPEATED.fullmatch(text):  # 1,234,567 / 1.234.567
        return NumberReading(float(re.sub(r"[.,]", "", text)), raw)
    one = _ONE_MARK.fullmatch(text)
    if one:
        whole, _, part = one.groups()
        ambiguous = len(part) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
        if ambiguous and not large_unit:
            return NumberReading(float(whole + part), raw, settled=True)
        return NumberReading(float(f"{whole}.{part}"), raw, settled=ambiguous)
    both = _BOTH.fullmatch(text)
    if both and both.group(1) and both.group(1) != both.group(2):  # 1,234.5 / 1.234,5
        group, decimal = both.group(1), both.group(2)
        return NumberReading(float(text.replace(group, "").replace(decimal, ".")), raw)
    return None
