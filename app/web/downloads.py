"""The dashboard's downloads as a spreadsheet reads them: headers in the supervisor's language, names instead
of ids, shares in per cent, a blank key said in words ("no substance"), in the comma dialect or in the one
Russian Excel expects (";" between cells, "," before decimals). The API's CSV (app/reports/csv.py) keeps ids
and plain numbers, for programs."""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from app.db.models import OUTCOMES
from app.reports.csv import COUNT_COLUMNS, LIQUID_COLUMNS, count_cells, liquid_cells
from app.reports.liquids import LiquidRow
from app.reports.stats import Stats
from app.reports.table import cell
from app.web.i18n import Translator

Dialect = Literal["comma", "semicolon"]
# columns whose value is a share: written in per cent
_PER_CENT = frozenset({"flagged_share", "hit_rate"})
# columns of a key (an id the sheet names): the liquids report's first two
_KEYS = {"crossing": "crossing", "category": "category"}


@dataclass(frozen=True)
class Sheet:
    """How a download is written for one supervisor."""

    t: Translator
    name_of: Callable[[str, str | None], str]  # (dimension, key) -> its name in the page's language
    dialect: Dialect

    def _number(self, value: object) -> object:
        if self.dialect == "semicolon" and isinstance(value, float):
            return cell(value).replace(".", ",")
        return value

    def header(self, column: str) -> str:
        for prefix in ("reviews_", "inspections_"):
            if column.startswith(prefix):
                return self.t(f"csv_{prefix[:-1]}", outcome=self.t("outcome_" + column[len(prefix) :]))
        return self.t("csv_" + column)

    def write(self, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
        out = io.StringIO()
        out.write("\ufeff")  # UTF-8 with its mark: Excel reads Cyrillic and Chinese right
        delimiter = ";" if self.dialect == "semicolon" else ","
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([cell(h) for h in header])
        for row in rows:
            writer.writerow([cell(self._number(v)) for v in row])
        return out.getvalue()


def _shares(columns: Sequence[str], values: Sequence[object]) -> list[object]:
    return [
        round(v * 100, 1) if c in _PER_CENT and isinstance(v, float) else v
        for c, v in zip(columns, values, strict=True)
    ]


def stats_sheet(stats: Stats, sheet: Sheet) -> str:
    """The statistics, one row per group (or the totals)."""
    header = [sheet.t("dash_group_" + g) for g in stats.group_by] + [sheet.header(c) for c in COUNT_COLUMNS]
    if not stats.group_by:
        return sheet.write(header, [_shares(COUNT_COLUMNS, count_cells(stats.totals))])
    rows = (
        [sheet.name_of(g, k) for g, k in zip(stats.group_by, key, strict=True)]
        + _shares(COUNT_COLUMNS, count_cells(tally))
        for key, tally in stats.groups
    )
    return sheet.write(header, rows)


def liquids_sheet(rows: list[LiquidRow], sheet: Sheet) -> str:
    """The liquids report, one row per crossing and goods category."""
    columns = [*LIQUID_COLUMNS, *(f"inspections_{o}" for o in OUTCOMES)]
    named = (
        [
            sheet.name_of(_KEYS[c], v) if c in _KEYS and (v is None or isinstance(v, str)) else v
            for c, v in pairs
        ]
        for pairs in (zip(columns, [*liquid_cells(r), *r.inspections.values()], strict=True) for r in rows)
    )
    return sheet.write([sheet.header(c) for c in columns], named)
