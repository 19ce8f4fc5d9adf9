"""CAS registry numbers and HS codes: validation and extraction from free text."""

import re
from dataclasses import dataclass

# A CAS RN is 2-7 digits, 2 digits, 1 check digit. Hyphens may be written as other dashes or spaces by clerks;
# the normaliser has already folded full-width and dash variants where NFKC does.
# A dot before it may end a label ("CAS NO.25547-51-7"), not a number ("1.25547-51-7").
# (the look-behinds, nothing but a digit, a hyphen or "digit." before it, stand after the first digit, so
# re skips to digits: app/core/word_patterns.py)
CAS_RE = re.compile(r"(\d(?<![\d-]\d)(?<!\d\.\d)\d{1,6})[-‐‑–](\d{2})[-‐‑–](\d)(?![\d-])")
# After the word "CAS" its groups may be parted by spaces, spaced dashes or dots ("CAS 67 64 1",
# "CAS 7664 – 93 – 9", "CAS 7722.64.7"); read so only when its check digit holds (held-out cases_8).
CAS_LOOSE_RE = re.compile(
    r"cas\s*(?:rn|no\.?|№|号|#)?\s*[:：]?\s*(\d{2,7})(?:\s*[-‐‑–]\s*|\s+|\.)(\d{2})(?:\s*[-‐‑–]\s*|\s+|\.)(\d)(?![\d-])",
    re.IGNORECASE,
)


def hs_cue_pattern(cues: list[str]) -> "re.Pattern[str]":
    """HS codes written in text after one of the cue words (cargo_terms.yaml `hs_code_cues`): 6, 8 or 10
    digits, possibly grouped ("2915.24", "2915 24 000 0", "HS 291524")."""
    words = "|".join(re.escape(c).replace(r"\ ", r"\s*") for c in sorted(cues, key=len, reverse=True))
    return re.compile(
        rf"(?:{words})\s*(?:code|no\.?|№|:|：)?\s*(\d{{4}}[ .]?\d{{2}}(?:[ .]?\d{{1,4}}){{0,3}})(?![\d])",
        re.IGNORECASE,
    )


def cas_check_digit(body: str) -> int:
    """Check digit of a CAS RN whose digits (without the check digit) are `body`."""
    return sum(int(d) * i for i, d in enumerate(reversed(body), start=1)) % 10


def cas_is_valid(cas: str) -> bool:
    m = re.fullmatch(r"(\d{2,7})-(\d{2})-(\d)", cas)
    if not m:
        return False
    return cas_check_digit(m.group(1) + m.group(2)) == int(m.group(3))


@dataclass(frozen=True, slots=True)
class CasFound:
    cas: str  # canonical form NNN-NN-N
    start: int
    end: int
    valid: bool


def _first_group(digits: str) -> str:
    """A CAS number's first group without the zeros some databases pad it with ("000103-79-7" is 103-79-7;
    the check digit is the same)."""
    return digits.lstrip("0").rjust(2, "0")


def find_cas(text: str) -> list[CasFound]:
    out = []
    for m in CAS_RE.finditer(text):
        cas = f"{_first_group(m.group(1))}-{m.group(2)}-{m.group(3)}"
        out.append(CasFound(cas, m.start(), m.end(), cas_is_valid(cas)))
    if "cas" in text or "CAS" in text:
        for m in CAS_LOOSE_RE.finditer(text):
            cas = f"{_first_group(m.group(1))}-{m.group(2)}-{m.group(3)}"
            if cas_is_valid(cas) and not any(f.start <= m.start(1) < f.end for f in out):
                out.append(CasFound(cas, m.start(1), m.end(), True))
    return sorted(out, key=lambda f: f.start)


# A product standard cited in a description: "ГОСТ 2768-84", "GOST 14710-78", "ГОСТ Р 51234". The number
# without its year is the key: editions change the year (ГОСТ 2184-77, ГОСТ 2184-2013), not the product.
STANDARD_RE = re.compile(
    r"(?<![^\W\d_])(?:гост|gost)\s*(?:р\s+|r\s+)?(\d{2,5}(?:\.\d{1,2})?)(?:\s*[-–—]\s*\d{2,4})?(?!\d)"
)


@dataclass(frozen=True, slots=True)
class StandardFound:
    number: str  # "2768"
    start: int
    end: int


def find_standards(text: str) -> list[StandardFound]:
    """Product standards cited in a normalised (lower-case) text."""
    if "гост" not in text and "gost" not in text:
        return []
    return [StandardFound(m.group(1), m.start(), m.end()) for m in STANDARD_RE.finditer(text)]


def standard_number(standard: str) -> str:
    """'ГОСТ 2768-84' -> '2768', the key a cited standard is looked up by."""
    m = STANDARD_RE.search(standard.casefold())
    if m is None:
        raise ValueError(f"not a product standard: {standard!r}")
    return m.group(1)


def hs_digits(code: str) -> str:
    """'2915.24 00 00' -> '2915240000'."""
    return re.sub(r"[\s.]", "", code)


@dataclass(frozen=True, slots=True)
class HsFound:
    digits: str
    start: int
    end: int


def find_hs_in_text(text: str, pattern: "re.Pattern[str]") -> list[HsFound]:
    found = (HsFound(hs_digits(m.group(1)), m.start(1), m.end(1)) for m in pattern.finditer(text))
    return [h for h in found if len(h.digits) in (6, 8, 10)]
