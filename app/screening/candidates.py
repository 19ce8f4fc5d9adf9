"""Names found in a normalised text, and the overlap guard that chooses among them.

Candidates come from the exact automaton, the lemma automaton (again for each combination of corrected
readings of unknown words) and, for Chinese, sound-alike, shape-alike and pinyin spellings. Among candidates
that overlap the longest wins, and an uncontrolled chemical wins a tie, so 二甲苯 (xylene) is not 甲苯
(toluene) and acetonitrile is not acetone.
"""

from dataclasses import dataclass, replace
from itertools import islice, pairwise, product
from operator import attrgetter

from app.core.normalise import HAN_CHAR_RE, is_han
from app.core.types import MatchMethod, Normalised, Token
from app.screening.han_alike import AlikeIndex
from app.screening.match_index import MatchIndex, Target
from app.screening.segment import Segmenter
from app.screening.spelling import cyrillic_key

# Surest first: which reading of a span wins a tie.
_METHOD_ORDER = (
    "exact",
    "lemma",
    "abbreviation",
    "fuzzy",
    "pinyin",
    "palladius",
    "sound_alike",
    "shape_alike",
    "cas",
    "hs_code",
    "standard",
)
_RANK = {m: i for i, m in enumerate(_METHOD_ORDER)}
# Pieces a spaced name word may be joined from ("Ме тил этил ке тон": five pieces of метилэтилкетон).
_MAX_JOINED = 6
# Lemma passes per item (the product of the unknown words' readings, capped).
_MAX_PASSES = 16


@dataclass(slots=True)
class Candidate:
    start: int  # normalised span
    end: int
    target: Target
    method: MatchMethod
    score: float = 100.0


@dataclass(frozen=True, slots=True)
class _Fix:
    score: float
    conditional: bool


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() and not is_han(ch)


# A name word this long may touch a number without a space ("acetone99%", "anhydride99.5%": typed in haste,
# or a photo read without its spaces); a shorter one is as often part of a product code ("mek2", "gbl2000").
_GLUED_TO_NUMBER = 5


def exact_candidates(index: MatchIndex, text: str) -> list[Candidate]:
    out = []
    for end_idx, (key, target, is_chinese) in index.exact.iter(text):
        start = end_idx - len(key) + 1
        end = end_idx + 1
        if not is_chinese and (
            (start > 0 and _runs_on(text[start - 1], text[start], len(key)))
            or (end < len(text) and _runs_on(text[end], text[end - 1], len(key)))
        ):
            continue
        out.append(Candidate(start, end, target, "exact"))
    return out


def _runs_on(outside: str, inside: str, length: int) -> bool:
    """The character beside a name continues its word: a letter or digit, except digits beside a long name's
    letter."""
    if not _is_word_char(outside):
        return False
    return not (length >= _GLUED_TO_NUMBER and outside.isdigit() and inside.isalpha())


def lemma_candidates(
    index: MatchIndex, words: list[Token], lemmas: list[str], corrected: dict[int, _Fix]
) -> list[Candidate]:
    """Run the lemma automaton over ' l1 l2 … ' and map hits back to token spans."""
    if not words or index.lemma_words.isdisjoint(lemmas):
        return []  # no word of any name: nothing to find
    lemma_text = " " + " ".join(lemmas) + " "
    # the word that starts at each offset of the lemma string (after the space that precedes it)
    word_at: dict[int, int] = {}
    at = 1
    for i, lemma in enumerate(lemmas):
        word_at[at] = i
        at += len(lemma) + 1
    out = []
    for end_idx, (key, target) in index.lemmas.iter(lemma_text):
        first = word_at.get(end_idx - len(key) + 2, -1)
        if first < 0:
            continue
        n_words = key.count(" ") - 1
        last = first + n_words - 1
        span = range(first, last + 1)
        fixes = [corrected[i] for i in span if i in corrected] if corrected else []
        if fixes and all(f.conditional for f in fixes) and len(fixes) == len(span):
            continue  # real words only, none of them spelled as in the name: not evidence enough
        method: MatchMethod = "exact"
        score = 100.0
        if fixes:
            method, score = "fuzzy", min(f.score for f in fixes)
        else:
            for i in span:
                if words[i].kind == "cyr" and words[i].lemma != words[i].text:
                    method = "lemma"  # an inflected Russian word
                    break
        out.append(Candidate(words[first].start, words[last].end, target, method, score))
    return out


_START = attrgetter("start")


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first, then the closest spelling; on a tie the uncontrolled chemical, then the surer method."""
    if len(candidates) < 2:
        return list(candidates)
    ordered = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), -c.score, c.target.controlled, _RANK[c.method], c.start),
    )
    taken: list[Candidate] = []
    for cand in ordered:
        for t in taken:
            if cand.end > t.start and cand.start < t.end:
                break  # overlaps one taken before it
        else:
            taken.append(cand)
    taken.sort(key=_START)
    return taken


def name_matches(
    index: MatchIndex, norm: Normalised, tokens: tuple[Token, ...], segmenter: Segmenter
) -> list[Candidate]:
    """Every name of the index found in the text, overlaps resolved, in text order."""
    candidates = exact_candidates(index, norm.text)
    words = [t for t in tokens if t.kind != "han" and not _oxidation_state(index, norm.text, t)]
    # A word of a lexicon name gets the lemma the name was indexed under (pymorphy guesses unknown words).
    lemmas = [index.cyrillic_forms.get(t.text, t.lemma) if t.kind == "cyr" else t.lemma for t in words]
    candidates += lemma_candidates(index, words, lemmas, {})
    joined = _joined(index, norm.text, words)
    if joined is not None:
        candidates += lemma_candidates(index, joined, [t.lemma for t in joined], {})
    plain = list(candidates)  # names read as written (or joined): corrections go around them
    candidates += _corrected_candidates(index, words, lemmas, plain, segmenter)
    if joined is not None:  # a word joined and another misspelt: "Phenyl acetic aicd"
        candidates += _corrected_candidates(index, joined, [t.lemma for t in joined], plain, segmenter)
    if index.alike is not None:
        candidates += _alike_candidates(index.alike, norm.text, tokens, segmenter)
    if index.splits is not None:
        candidates += [
            Candidate(f.start, f.end, f.value[1], "shape_alike", f.score)
            for f in index.splits.find(norm.text, index.exact)
        ]
    return resolve(candidates)


def _joined(index: MatchIndex, text: str, words: list[Token]) -> list[Token] | None:
    """The words with a name word split by spaces or into hyphened syllables joined again ("Hydro chloric
    acid", "Уксус ный ан гидрид", "Pseudo ephedrine", "Ук-сус-ный", "Эр-го-та-мин"): two to six pieces of one
    script, only spaces (or single hyphens) between, that together spell a word of the lexicon's names. None
    when nothing was joined."""
    forms, known, prefixes = index.cyrillic_forms, index.lemma_words, index.join_prefixes
    if prefixes.isdisjoint([w.text for w in words[:-1]]):
        return None  # no word but the last begins a name word: nothing to join (most texts)
    out: list[Token] = []
    i, changed = 0, False
    keys = index.join_keys
    while i < len(words):
        kind = words[i].kind
        spelt, joins = words[i].text, []
        if spelt not in prefixes:  # begins no name word: nothing to join from here (most words)
            out.append(words[i])
            i += 1
            continue
        if kind in ("lat", "cyr"):
            # spellings of two, three, four pieces, grown while they still start a word of a name
            for n in range(2, _MAX_JOINED + 1):
                if spelt not in prefixes or i + n > len(words):
                    break
                spelt += words[i + n - 1].text
                lemma = spelt if kind == "lat" else forms.get(spelt) or _join_key(keys, spelt, words[i].text)
                # a whole name word is not joined to what follows it into another form of itself
                # ("бутиролактон не" is not "бутиролактоне")
                if lemma is not None and lemma in known and forms.get(words[i].text) != lemma:
                    joins.append((n, spelt, lemma))
        for n, spelt, lemma in reversed(joins):  # the longest first
            parts = words[i : i + n]
            if _one_spaced_run(text, parts):
                out.append(Token(spelt, parts[0].start, parts[-1].end, kind, lemma))
                i, changed = i + n, True
                break
        else:
            out.append(words[i])
            i += 1
    return out if changed else None


def _join_key(keys: dict[str, str], spelt: str, first: str) -> str | None:
    """The name word a joined spelling's key stands for, unless the first piece adds nothing to the key: "с
    серной" keys as "серной" once its doubled letter folds (a preposition, not a piece of the word)."""
    key = cyrillic_key(spelt)
    return keys.get(key) if key != cyrillic_key(spelt[len(first) :]) else None


def _one_spaced_run(text: str, parts: list[Token]) -> bool:
    """Pieces of one script with only spaces, or a hyphen and maybe spaces, between ("Пипери- дин")."""
    kind = parts[0].kind
    return kind in ("lat", "cyr") and all(
        p.kind == kind and (text[a.end : p.start].isspace() or text[a.end : p.start].rstrip() == "-")
        for a, p in pairwise(parts)
    )


def _oxidation_state(index: MatchIndex, text: str, token: Token) -> bool:
    """ "(ii)" between a metal and its anion ("палладий(ii) хлорид"): not a word of the name."""
    return (
        token.text in index.oxidation_states
        and token.start > 0
        and text[token.start - 1] == "("
        and text.startswith(")", token.end)
    )


def _corrected_candidates(
    index: MatchIndex, words: list[Token], lemmas: list[str], found: list[Candidate], segmenter: Segmenter
) -> list[Candidate]:
    """Names that unknown words complete once corrected. An unknown word gets its nearest name words, possibly
    several ("keton": English ketone or transliterated кетон); the lemma automaton runs once per combination
    of readings. Words inside a name already `found` are left as they are."""
    covered = [(c.start, c.end) for c in found]
    options: list[tuple[int, list[tuple[str, _Fix]]]] = []
    for i, tok in enumerate(words):
        if tok.kind == "num" or (covered and _inside(tok, covered)):
            continue
        fix = index.corrector.correct(tok.text, tok.kind, segmenter)
        if fix is not None:
            options.append((i, [(lemma, _Fix(score, fix.conditional)) for _, lemma, score in fix.readings]))
    if any(words[i].kind == "cyr" and lemma.isascii() for i, alts in options for lemma, _ in alts):
        options = sorted(options + _english_aliases(index, words, lemmas, options, covered))
    keep = {i: words[i].lemma for i, _ in options}
    out: list[Candidate] = []
    for combo in islice(product(*(alts for _, alts in options)), _MAX_PASSES):
        pass_lemmas = list(lemmas)
        corrected: dict[int, _Fix] = {}
        for (i, _), (lemma, fix_) in zip(options, combo, strict=True):
            if lemma != keep[i]:
                pass_lemmas[i] = lemma
                corrected[i] = fix_
        if not corrected:
            continue  # every word as written: the plain pass found its names already
        out += [c for c in lemma_candidates(index, words, pass_lemmas, corrected) if c.method == "fuzzy"]
    return out


def _inside(tok: Token, spans: list[tuple[int, int]]) -> bool:
    """The word overlaps one of the spans (a loop: a generator costs more than the one or two spans)."""
    for start, end in spans:  # noqa: SIM110
        if start < tok.end and tok.start < end:
            return True
    return False


def _english_aliases(
    index: MatchIndex,
    words: list[Token],
    lemmas: list[str],
    options: list[tuple[int, list[tuple[str, _Fix]]]],
    covered: list[tuple[int, int]],
) -> list[tuple[int, list[tuple[str, _Fix]]]]:
    """Where a Cyrillic word was read as the English name word it sounds like ("китон": ketone), the Russian
    name words around it may be English ones too ("Метил этил китон": methyl ethyl ketone): each gets its
    English reading as an alternative."""
    corrected = {i for i, _ in options}
    out = []
    for i, tok in enumerate(words):
        if tok.kind != "cyr" or i in corrected or _inside(tok, covered):
            continue
        alias = index.corrector.english_alias(lemmas[i])
        if alias is not None:
            # the word is a name word, in Russian: spelt as in a name, it needs no other word to be trusted
            out.append((i, [(tok.lemma, _Fix(100.0, False)), (alias, _Fix(100.0, False))]))
    return out


def _alike_candidates(
    alike: AlikeIndex, text: str, tokens: tuple[Token, ...], segmenter: Segmenter
) -> list[Candidate]:
    """Chinese names written with sound- or shape-alike characters, or in pinyin."""
    chinese = HAN_CHAR_RE.search(text) is not None  # what every reading but pinyin and Palladius needs
    found = alike.find_han(text, segmenter.cut_han, segmenter.dictionary_word) if chinese else []
    if chinese:
        found += alike.find_mixed(text, tokens, segmenter.dictionary_word)
    found += alike.find_pinyin(text, tokens)
    found += alike.find_palladius(text, tokens, segmenter.is_known_word)
    if chinese:
        found += alike.find_slips(text, segmenter.cut_han, segmenter.dictionary_word)
    out = []
    for f in found:
        target = f.name.owner
        if isinstance(target, Target):
            if f.in_context:
                target = replace(target, needs_context=True)
            out.append(Candidate(f.start, f.end, target, f.method, f.score))
    return out
