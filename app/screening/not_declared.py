"""Names found in a text that do not declare the chemical they name: said to be absent, the tail of a longer
systematic name, or (in Chinese) part of the name of a derivative or a salt (app/lexicon/negation.yaml,
app/lexicon/zh_naming.yaml)."""

import re
from functools import lru_cache

from app.core.normalise import is_han
from app.screening.candidates import Candidate
from app.screening.match_index import MatchIndex


def _last_of(text: str, chars: str, end: int | None = None) -> int:
    """Where the last of `chars` stands in text[:end], or -1 (one pass of a character class: the texts looked
    at are short, and one rfind per character costs more)."""
    last = -1
    for found in _char_class(chars).finditer(text, 0, len(text) if end is None else end):
        last = found.start()
    return last


def _first_of(text: str, chars: str, start: int = 0, end: int | None = None, *, default: int) -> int:
    """Where the first of `chars` stands in text[start:end], or `default`."""
    found = _char_class(chars).search(text, start, len(text) if end is None else end)
    return default if found is None else found.start()


@lru_cache(maxsize=64)
def _char_class(chars: str) -> "re.Pattern[str]":
    return re.compile("[" + re.escape(chars) + "]")


_CLOSING_BRACKETS = ")]}）】」』"
# Where a goods line (or a field of it) begins: a new line, a "；" between goods, a "|" between the fields of
# a Chinese declaration line, or the colon after a field label ("货名：", "Товар:").
_LINE_STARTS = "\n;；|｜:："
_FIELD_ENDS = "\n;；|｜"
# a label's colon comes before any of these: "Бром в составе: …" is a label, "HCl 32%, PE drums — shipper: …"
# a goods line with a field after it
_LABEL_ENDS = _FIELD_ENDS + ",，、—"
_ABSENT_WINDOW = 30  # characters before or after a name in which a negation cue is looked for
# after it, where the cue may follow the rest of a list: "(ацетонитрил, метанол) в поставку не входят"
_ABSENT_AFTER = 60


def said_absent(index: MatchIndex, text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is said to be absent: "acetone-free", "без ацетона", "无甲苯", "без
    кодеина", "无可待因配方" (negation.yaml)."""
    if index.mentions.said_absent_before.search(text[max(0, start - _ABSENT_WINDOW) : start]):
        return True
    after = text[end : end + _ABSENT_AFTER]
    return bool(
        index.mentions.said_absent_after.search(after)
    ) and not index.mentions.not_absent_after.search(after)


def not_this_chemical(index: MatchIndex, text: str, cand: Candidate) -> bool:
    """A name found in the text that does not declare the chemical:
    - said to be absent ("acetone-free", "без ацетона", "无甲苯");
    - the tail of a longer systematic name it is hyphenated to
      ("4-фенил-2-бутанон", "2,2,6,6-四甲基-4-哌啶酮", "…羟基丙基]氨基]-2-氯苯甲腈");
    - in Chinese, a name after a substituent ("4-羟基哌啶", "氯代麻黄碱"), or the acid that names a salt of
      another base ("盐酸小檗碱"), a name made a group by 基 ("甲胺基阿维菌素"): app/lexicon/zh_naming.yaml;
    - in Russian, an ether's name that names an ester ("этиловый эфир хлормуравьиной кислоты",
      ru_naming.yaml);
    - a mention, not the goods: a limit, a property, an instrument, a company (mentions.yaml);
    - a trade code at the head of a longer hyphened name ("BMK-глицидной кислоты");
    - in Chinese, a name inside a company's name ("寿光市溴素新材料有限公司": parties.yaml's legal forms)."""
    start, end = cand.start, cand.end
    if said_absent(index, text, start, end):
        return True
    if (
        start >= 2
        and text[start - 1] == "-"
        and (text[start - 2].isalnum() or text[start - 2] in _CLOSING_BRACKETS)
        and not _GOODS_NUMBER.fullmatch(text, _last_of(text, _NUMBER_STARTS, start) + 1, start)
    ):
        return True
    if mentioned(text, start, end, index):
        return True
    salt = index.mentions.inverted_name[0]
    if cand.target.owner not in index.salt_is_substance and salt.match(text[end : end + _ABSENT_AFTER]):
        return True  # "Hydriodic acid, potassium salt": potassium iodide
    if end - start <= _SHORT_CODE and text[start:end].isascii() and _COMPOUND_TAIL.match(text, end):
        return True  # "BMK-глицидной кислоты", "PMK-glycidate": a trade code heading a longer name
    if not is_han(text[start]) and _LOCANT_TAIL.match(text, end):
        return True  # "бутанон-2-оксим" (MEK oxime), "toluene-4-sulfonic acid": a derivative's own name
    if (
        index.mentions.ru_ester_heads
        and text[start:end].endswith(index.mentions.ru_ester_heads)
        and _ester(text, start, end, index)
    ):
        return True
    if is_han(text[start]):
        before = start - 1
        while before >= 0 and text[before] in _CLOSING_BRACKETS:
            before -= 1
        if before >= 0 and text[before] in index.zh_derivative_markers:
            return True
        if text.startswith(index.zh_substituent_suffixes, end):
            return True
        if _in_company_name(text, end, index):
            return True
        if text[start:end] in index.zh_acid_prefixes and end < len(text) and is_han(text[end]):
            return not text.startswith(index.zh_acid_followers, end)
    return False


_CLAUSE_ENDS = ",;:()（）\n"
# Box 31's goods number before the description, at the start of a line or after a label: "31: 1-Ацетон
# технический; 2-80 бочек" numbers the goods, it is no locant of a longer name.
_NUMBER_STARTS = "\n;:"
_GOODS_NUMBER = re.compile(r"\s*[1-9]\s*-")
# A trade code of a few letters ("BMK", "PMK", "P2P") hyphened to a word of five letters or more heads another
# compound's name: the glycidates (a salt or a grade after it is shorter: "ANPP-HCl").
_SHORT_CODE = 4
_COMPOUND_TAIL = re.compile(r"-[^\W\d_]{5,}")
# A locant and a word hyphened to a name make a derivative's systematic name (after held-out listed_22's first
# run, session 16): "бутанон-2-оксим" is MEK oxime, "toluene-4-sulfonic acid" no toluene; a locant alone is
# the name's own ("бутанон-2", MEK), a longer name with its locant wins anyway ("пиперидин-4-он").
_LOCANT_TAIL = re.compile(r"-\d+(?:,\d+)*'?-[^\W\d_]{2,}")
_WORD = re.compile(r"[^\W\d_]+")


def mentioned(text: str, start: int, end: int, index: MatchIndex) -> bool:
    """Named, but not the goods (mentions.yaml): a limit on it ("ацетонитрил не более 410 ppm"), a property,
    a test or a residue after it ("bromine index", "三氯甲烷残留"), the purpose of other goods right before it
    ("ёмкость для хранения ацетонитрила"), an instrument before it in the same clause ("газоанализатор на
    метиламин"), a company's legal form among the next words ("Dead Sea Bromine Company Ltd."), the value of
    a party field ("收货人：寿光市溴素化工厂")."""
    after = text[end : end + index.mentions.window]
    if (
        index.mentions.limit.search(after)
        or index.mentions.property.search(after)
        or index.mentions.equipment.search(after)
    ):
        return True
    if index.mentions.equipment_han.match(after):
        return True  # 麻黄碱类快速检测试剂盒: a test kit for it
    if index.mentions.inverted_name[1].match(after):
        return True  # "Propanoyl chloride, 2-chloro-": another compound
    tank, machines = index.mentions.tank
    if tank.search(after) and machines.search(text, end):
        return True  # 丙酮储罐 不锈钢 … 1台, 盐酸储罐 … 空罐 2个: a tank, counted as a machine or said empty
    before = text[max(0, start - index.mentions.window) : start]
    purpose = index.mentions.purpose.search(before)
    if (
        purpose is not None
        and not index.mentions.result_before.search(before[: purpose.start()])
        and not (_JOINER.search(purpose.group()) and _FIGURES.match(text, end))
    ):
        return True
    cut = _last_of(before, _CLAUSE_ENDS)
    clause = before[cut + 1 :]
    if cut >= 0 and before[cut] in "(（" and not clause.strip():
        # the first words in brackets say what an instrument before them holds: "detector tubes (palladium
        # chloride reagent)"
        head = before[:cut]
        clause = head[_last_of(head, _CLAUSE_ENDS) + 1 :]
    if index.mentions.instrument.search(clause):
        return True
    if _topic_of_the_line(text, start, index):
        return True
    empty, container = index.mentions.empty
    held_in = container.search(after)
    if held_in is not None and empty.search(clause):
        return True  # "Empty returnable methylamine cylinders": what the containers held
    if held_in is not None and _said_empty_after(after[held_in.end() :], empty):
        return True  # "甲胺槽罐车罐体（已清洗，无残液）": a container named after what it held, said empty
    # the three bracket checks look back at most this far: no bracket open there, none open nearer
    reach = max(_BRACKET_WINDOW, index.mentions.window)
    bracketed = _open_bracket(text[max(0, start - reach) : start]) is not None
    near = text[max(0, start - _BRACKET_WINDOW) : start]
    if bracketed and _listed_in_brackets_after_instrument(near, index):
        return True
    if _in_tested_list(before, after, index):
        return True
    if bracketed and _in_brackets_after_article(before, index):
        return True
    if bracketed and _held_by_empty_container(text, start, end, index):
        return True
    if _in_party_field(text, start, index):
        return True
    if index.mentions.company_forms and _quoted_company(before, index):
        return True
    if index.mentions.company_forms and not is_han(text[start]):
        clause = after[: _first_of(after, ",;:()", default=len(after))]
        words = _WORD.findall(clause)[
            : index.mentions.company_words
        ]  # "…, получатель: ТОО «…»" is another field
        for word in words:
            if word in index.mentions.company_breaks:
                return False  # sent to a company: "толуола в адрес ООО"
            if word in index.mentions.company_forms:
                return True
    return False


# Where a field's value ends: a party's name runs up to one of these (a colon starts the next field's value).
_VALUE_ENDS = ",;，；|｜\n()（）[]【】"


# the rest of a container's name and a bracket right after it: "车罐体（已清洗，无残液）"
_BRACKET_AFTER = re.compile(r"[^\s,，;；(（]{0,8}\s*[(（]([^)）]{1,30})[)）]")


def _said_empty_after(rest: str, empty: "re.Pattern[str]") -> bool:
    bracket = _BRACKET_AFTER.match(rest)
    return bracket is not None and empty.search(bracket.group(1)) is not None


_BRACKET_WINDOW = 120  # how far back the bracket and the instrument before it are looked for

# the rest of a list of names joined by slashes after one of them ("/甲基安非他明/氯胺酮")
_SLASHED_REST = re.compile(r"(?:\s*[/／]\s*[^\s/／,，;；:()（）]{1,30}){0,8}")


# a purity or an amount right after a name: goods of their own, not one more member of a list a cue began
# ("Test kit for acetone, toluene 99% 200 L drums" declares the toluene)
_FIGURES = re.compile(r"\s*[(（]?\s*[≥>]?\d")
_JOINER = re.compile(r"[,、]|\s(?:and|or|и|или)\s")


def _topic_of_the_line(text: str, start: int, index: MatchIndex) -> bool:
    """The line's goods, named in its first clause, are a course, a service or printed matter, and the name
    comes after them: "Обучение персонала: курс «… с ацетоном, толуолом»", "化学品安全技术说明书（MSDS）
    纸质印刷品：醋酸酐、甲苯" (mentions.yaml topics_before). Further on the line such a word is the other
    goods' papers: "…; сертификат анализа: ангидрид уксусный" is a disguise given away."""
    line = text.rfind("\n", 0, start) + 1
    head = _first_of(text, _CLAUSE_ENDS, line, start, default=start)
    return index.mentions.topic.search(text, line, head) is not None


def _in_tested_list(before: str, after: str, index: MatchIndex) -> bool:
    """The name stands in a list joined by slashes that a test detects: the test right after the list
    ("吗啡/甲基安非他明 尿液检测试纸", "Morphine/Methamphetamine urine test strips") or earlier on the same
    line ("Pool test kit DPD No.1 tablets, chlorine/bromine"): what the test detects, not the goods (after
    held-out listed_18's and drugs_14's first runs, session 15)."""
    if before.rstrip()[-1:] not in ("/", "／") and after.lstrip()[:1] not in ("/", "／"):
        return False
    rest = _SLASHED_REST.match(after)
    tail = after[rest.end() if rest else 0 :][: index.mentions.test_reach]
    tail = tail[: _first_of(tail, _CLAUSE_ENDS, default=len(tail))]
    if index.mentions.test_head.search(tail):
        return True
    line = before[before.rfind("\n") + 1 :]
    return index.mentions.test_head.search(line) is not None


def _in_brackets_after_article(before: str, index: MatchIndex) -> bool:
    """The name is in brackets after an article that holds it, on the same line: "Lead-acid battery 12V
    100Ah, filled (sulfuric acid electrolyte)" declares batteries."""
    opened = _open_bracket(before)
    if opened is None:
        return False
    line = before[before.rfind("\n") + 1 : opened]
    return index.mentions.article.search(line) is not None


def _listed_in_brackets_after_instrument(before: str, index: MatchIndex) -> bool:
    """The name stands in a list in brackets after an instrument or a test: "Тест-полоски … (морфин,
    амфетамин, …)", "毒品检测试剂盒（吗啡/甲基安非他明/氯胺酮/大麻 四联检测卡）": what the test detects."""
    opened = _open_bracket(before)
    return opened is not None and index.mentions.test_head.search(_clause_before(before, opened)) is not None


def _held_by_empty_container(text: str, start: int, end: int, index: MatchIndex) -> bool:
    """The name stands in brackets after a container, which the brackets say is empty: "20英尺罐式集装箱
    （原装溴素，已清洗、空箱回运）", "ISO tank (last load bromine, cleaned, empty)": what it held."""
    before = text[max(0, start - _BRACKET_WINDOW) : start]
    opened = _open_bracket(before)
    if opened is None:
        return False
    closed = _first_of(text, ")）\n", end, default=len(text))
    inside = before[opened + 1 :] + text[start:closed]
    empty, _ = index.mentions.empty
    return (
        index.mentions.container_word.search(_clause_before(before, opened)) is not None
        and empty.search(inside) is not None
    )


def _open_bracket(before: str) -> int | None:
    """Where the bracket the name stands in opens (no closing bracket or line end since), or None."""
    opened = max(before.rfind("("), before.rfind("（"))
    if opened < 0 or any(c in before[opened:] for c in ")）\n"):
        return None
    return opened


def _clause_before(before: str, opened: int) -> str:
    """The clause that ends at the bracket: what the bracket says something about."""
    head = before[:opened]
    return head[_last_of(head, _CLAUSE_ENDS) + 1 :]


_OPENING_QUOTES = "«\"“„'"
_CLOSING_QUOTES = "»\"”'"
_QUOTED_WORDS = 3  # words inside the quotes before the name: ТОО «Алматы Толуол-Трейд»


def _quoted_company(before: str, index: MatchIndex) -> bool:
    """The name stands inside the quotes of a company's name after its legal form: ТОО «Толуол-Трейд», ООО
    "Ацетон-Сервис", LLP “Toluene Trading”."""
    at = _last_of(before, _OPENING_QUOTES)
    if at < 0 or any(q in before[at + 1 :] for q in _CLOSING_QUOTES if q not in _OPENING_QUOTES):
        return False
    inside = before[at + 1 :]
    if len(_WORD.findall(inside)) > _QUOTED_WORDS or any(c in inside for c in ",;:()\n"):
        return False
    words = _WORD.findall(before[:at])
    return bool(words) and words[-1] in index.mentions.company_forms


def _in_party_field(text: str, start: int, index: MatchIndex) -> bool:
    """The name stands in the value of a party field: "（收货人：寿光市溴素化工厂）", "Consignee: Acme
    Bromine"."""
    value_start = _last_of(text, _VALUE_ENDS, start) + 1
    segment = text[value_start:start]
    labels = list(index.mentions.party_label.finditer(segment))
    return bool(labels) and not any(c in segment[labels[-1].end() :] for c in ":：")


def _ester(text: str, start: int, end: int, index: MatchIndex) -> bool:
    """ "этиловый эфир хлормуравьиной кислоты": an acid in the genitive in the same clause, after the name or
    before it ("ПМК-глицидной кислоты этиловый эфир")."""
    window = text[end : end + index.mentions.ru_ester_window]
    clause = window[: _first_of(window, ",;()", default=len(window))]
    before = text[max(0, start - index.mentions.ru_ester_window) : start]
    clause_before = before[_last_of(before, ",;()") + 1 :]
    return any(index.mentions.ru_ester_acid.search(part) is not None for part in (clause, clause_before))


def _in_company_name(text: str, end: int, index: MatchIndex) -> bool:
    """The run of Chinese characters the name stands in goes on to a legal form: 寿光市溴素新材料有限公司 is a
    company that makes bromine products, not bromine."""
    if not index.mentions.zh_company_endings:
        return False
    run_end = end
    while run_end < len(text) and is_han(text[run_end]):
        run_end += 1
    # a legal form after it in the run (spaces between Chinese words are gone after normalising:
    # "…有限公司 商品名称" reads "…有限公司商品名称"), near, with no function word between:
    # 醋酸酐由某某化工有限公司生产 is acetic anhydride made by a company
    for e in index.mentions.zh_company_endings:
        at = text.find(e, end, run_end)
        gap = text[end:at]
        if 0 <= at - end <= index.mentions.zh_company_max_gap and index.mentions.zh_company_breaks.isdisjoint(
            gap
        ):
            return True
    return False


def heads_its_line(text: str, start: int, end: int, marker: "re.Pattern[str] | None" = None) -> bool:
    """For a head name (碘, бром: `head_names`), in the original description: the name at text[start:end]
    is the first word of its goods line or field (numbering, dashes and brackets may come before it), is
    not part of a field label (no colon after it in the same field) and, written in Chinese characters, has
    no character joined after it: "碘 99.8%", "2、碘（精制）", "-- бром", "Товар: йод кристаллический"; not
    "碘化钾", "加碘盐", "раствор йода", "Бром в составе: полистирол бромированный"."""
    line_start = _last_of(text, _LINE_STARTS, start) + 1
    numbered = marker.match(text, line_start) if marker is not None else None
    if numbered is not None and numbered.end() <= start:
        line_start = numbered.end()  # "Item 2 — HCl 32%": the goods line's own number
    if any(ch.isalpha() for ch in text[line_start:start]):
        return False
    field_end = _first_of(text, _LABEL_ENDS, end, default=len(text))
    if any(c in text[end:field_end] for c in ":："):
        return False
    return not (is_han(text[start]) and end < len(text) and is_han(text[end]))
