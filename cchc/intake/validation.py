"""A table under a mapping → the :class:`~cchc.intake.model.Report`: every problem with its file
row and column (the header as written), and the long observations an import would write.

Rules of :func:`validate` (codes of :class:`~cchc.intake.model.Problem`; messages from the words
catalogue, :mod:`cchc.words.intake`):

- **Units** are resolved (:func:`cchc.names.resolve_names`) among the index's levels, on the
  period's geography (:func:`~cchc.intake.mapping.geography_of`), below ``mapping.parent`` (any
  ancestor); ``mapping.units`` corrections win. ``unknown_unit`` (suggestions: the closest names
  in scope), ``ambiguous_unit`` (suggestions: the candidates), ``wrong_geography`` (a unit, an id
  or the parent of the other geography; suggestions: its counterparts), ``duplicate`` (a unit
  twice for one period — and one indicator, in a long table). Without a period (``no_period``;
  ``bad_period`` for a cell that is not one), or with a parent unknown or of the other
  geography, the units are not checked: the scope must be fixed first.
- **Formulas** without a saved value (a workbook never calculated, :attr:`Table.formulas
  <cchc.intake.model.Table>`): ``formula_without_value`` for each, an error (open the file in
  Excel and save it again); the cell is neither a unit name nor a value, not even "not scored".
- **Values**: "-", "x" or an empty cell → a null observation noted "không được chấm điểm" (not
  scored, never 0); otherwise ``not_numeric``, or ``out_of_scale`` outside the node's scale; raw
  counts (``onestop.*``) must be whole numbers ≥ 0. ``unknown_indicator`` for an id that is
  not the index's.
- **Totals**: a ``sum`` composite given with all its parts must equal their sum within the file's
  precision: tolerance = number of parts × half a unit of the last decimal found in the file for
  those columns (4 decimals: 0.00005 per part; 2 decimals: 0.005) — else ``total_mismatch``. A
  total that agrees is kept exactly as published, never recomputed. A composite given without
  its parts (``composite_without_parts``) or parts without their composite (computed later,
  ``parts_without_composite``) are warnings. The "Tổng cộng" row must equal the sum of the
  units' counts, exactly (``sum_mismatch``, a warning: the total may count more than the
  units listed).

>>> tolerance(4, 4), tolerance(4, 2)
(0.0002, 0.02)
>>> decimals_of("7,8486", ","), decimals_of("1.234", ","), decimals_of("7.848600000000001", ".")
(4, 0, 4)
"""

from __future__ import annotations

import re
from collections import defaultdict

import polars as pl

from cchc.definitions import IndexDef
from cchc.intake.layout import MISSING_MARKS, parse_number
from cchc.intake.mapping import Vocabulary, find_period, geography_of, used_columns
from cchc.intake.model import Mapping, Problem, Report, Table
from cchc.loading import OBSERVATIONS_SCHEMA
from cchc.names import closest_names, resolve_names
from cchc.numbers import format_number
from cchc.periods import parse_period, period_label
from cchc.safety import neutralise, shorten
from cchc.store import Store
from cchc.words import word

NOT_SCORED = word("intake.not_scored", "vi")  # stored with the data: always Vietnamese
WARNINGS = frozenset({"composite_without_parts", "parts_without_composite", "sum_mismatch"})
HUGE = 1e15  # no indicator comes near: a number this large is shown as written, never rounded
ECHOED = frozenset({"name", "text"})  # fields of a message that repeat the file's text (see echo)


def echo(text: object) -> str:
    """Text of the file as a problem repeats it: shortened, and a formula-like text neutralised
    (:mod:`cchc.safety`), so that a report pasted into a spreadsheet runs nothing.

    >>> echo("=cmd|' /C calc'!A0"), echo("Hà Nội")
    ("'=cmd|' /C calc'!A0", 'Hà Nội')
    """
    return neutralise(shorten(text))


def tolerance(parts: int, decimals: int) -> float:
    """How far a published total may be from the sum of its published parts: ``parts`` × half a
    unit of the last decimal."""
    return round(parts * 0.5 * 10.0 ** -decimals, 12)


def decimals_of(text: str, decimal: str) -> int:
    """Decimals written in a number's text (float noise of a spreadsheet cell ignored)."""
    body = text.strip().rstrip("%").strip()
    if decimal not in body:
        return 0
    digits = re.sub(r"\D", "", body.rsplit(decimal, 1)[1])
    if len(digits) <= 8:
        return len(digits)
    return len(f"{float(body.replace(decimal, '.')):.8f}".rstrip("0").split(".")[1])


class _Checker:
    """One validation: collects problems as it goes."""

    def __init__(self, table: Table, mapping: Mapping, store: Store, lang: str) -> None:
        self.table, self.mapping, self.store, self.lang = table, mapping, store, lang
        self.problems: list[Problem] = []
        units = store.units
        self.geo_of = dict(zip(units["unit_id"].to_list(), units["geography"].to_list()))
        self.pending = {(row, j) for row, j, _ in table.formulas if j is not None}   # formulas never calculated

    def add(self, code: str, key: str | None = None, row: int | None = None, column: str | None = None,
            suggestions=(), **fields: object) -> None:
        severity = "warning" if code in WARNINGS else "error"
        echoed = {k: echo(v) for k, v in fields.items()
                  if k in ECHOED or (k == "indicator" and code == "unknown_indicator")}
        self.problems.append(Problem(severity, code, word(key or f"problem.{code}", self.lang, **{**fields, **echoed}),
                                     row, None if column is None else echo(column), tuple(suggestions)))

    def cell(self, i: int, j: int | None) -> str | None:
        row = self.table.rows[i]
        text = row[j] if j is not None and j < len(row) else None
        return str(text).strip() or None if text is not None else None

    # ------------------------------------------------------------------ periods
    def periods(self, rows: list[int]) -> dict[int, str]:
        m, out = self.mapping, {}
        if m.period is not None:
            try:
                parse_period(m.period)
            except ValueError:
                self.add("bad_period", text=m.period)
                return {}
            return dict.fromkeys(rows, m.period)
        if m.period_column is None:
            self.add("no_period")
            return {}
        for i in rows:
            text = self.cell(i, m.period_column) or ""
            if found := find_period(text):
                out[i] = found
            else:
                self.add("bad_period", row=self.table.row_numbers[i], column=self.table.headers[m.period_column],
                         text=text)
        return out

    # ------------------------------------------------------------------ units
    def units(self, rows: list[int], periods: dict[int, str], definition: IndexDef) -> dict[int, str]:
        m, out = self.mapping, {}
        parent = m.parent
        if parent is not None and parent not in self.geo_of:   # the scope must be fixed first
            self.add("unknown_unit", "problem.unknown_parent", name=parent)
            return out
        by_geo: dict[str, list[int]] = defaultdict(list)
        for i in rows:
            if i in periods:
                by_geo[geography_of(periods[i])].append(i)
        for geo, idx in by_geo.items():
            idx = [i for i in idx if (self.table.row_numbers[i], m.unit_column) not in self.pending]
            scope = parent
            if parent is not None and self.geo_of[parent] != geo:
                self.add("wrong_geography", name=self.store.unit_name(parent, self.lang),
                         **self._geo(parent, periods[idx[0]]))
                continue
            names = [self.cell(i, m.unit_column) or "" for i in idx]
            found = resolve_names(names, self.store.units, geography=geo, level=list(definition.levels),
                                  parent_id=scope)
            other = resolve_names(names, self._elsewhere(scope), geography="vn63" if geo == "vn34" else "vn34",
                                  level=list(definition.levels))
            for i, name, hit, elsewhere in zip(idx, names, found.iter_rows(named=True), other.iter_rows(named=True)):
                where = {"row": self.table.row_numbers[i], "column": self.table.headers[m.unit_column]}
                uid = m.units.get(name) or hit["unit_id"] or (
                    elsewhere["unit_id"] if hit["status"] == "not_found" else None)
                if name in m.units and uid not in self.geo_of:
                    self.add("unknown_unit", name=uid, **where)
                elif uid is not None and self.geo_of[uid] != geo:
                    self.add("wrong_geography", suggestions=self._counterparts(uid), name=name,
                             **self._geo(uid, periods[i]), **where)
                elif uid is not None:
                    out[i] = uid
                elif hit["status"] == "ambiguous":
                    cands = hit["candidates"]
                    self.add("ambiguous_unit", suggestions=cands, name=name, **where,
                             candidates=", ".join(f"{self.store.unit_name(c, self.lang)} ({c})" for c in cands))
                else:
                    self.add("unknown_unit", name=name, **where, suggestions=closest_names(
                        name, self.store.units, geography=geo, level=list(definition.levels), parent_id=scope))
        return out

    def _geo(self, uid: str, period: str) -> dict[str, str]:
        return {"unit_geo": word(f"geography.{self.geo_of[uid]}", self.lang), "period": period_label(period, self.lang),
                "period_geo": word(f"geography.{geography_of(period)}", self.lang)}

    def _elsewhere(self, parent: str | None) -> pl.DataFrame:
        """The units where a name not found may be from the other geography: under the counterparts
        of the parent's province (everywhere without a parent)."""
        units = self.store.units
        if parent is None:
            return units
        province = units.filter(pl.col("unit_id") == parent)["province_id"][0]
        return units.filter(pl.col("province_id").is_in(self._counterparts(province)))

    def _counterparts(self, uid: str) -> list[str]:
        cw = self.store.crosswalk
        return sorted(set(cw.filter(pl.col("from_id") == uid)["to_id"])
                      | set(cw.filter(pl.col("to_id") == uid)["from_id"]))


def validate(table: Table, mapping: Mapping, store: Store, *, lang: str = "vi") -> Report:
    """The problems of ``table`` under ``mapping`` and the observations to write (rules above)."""
    c = _Checker(table, mapping, store, lang)
    rows = [i for i, r in enumerate(table.rows) if any(x is not None and str(x).strip() for x in r)]
    observations = pl.DataFrame(schema=OBSERVATIONS_SCHEMA)
    for row, _, column in table.formulas:
        c.add("formula_without_value", row=row, column=column)
    if mapping.index not in store.definitions:
        c.add("unknown_index", index=mapping.index)
        return Report(c.problems, observations, len(rows))
    if (bad := max(used_columns(mapping))) >= len(table.headers):
        c.add("bad_column", number=bad + 1, count=len(table.headers))
        return Report(c.problems, observations, len(rows))
    definition = store.definition(mapping.index)
    cells = _value_cells(c, rows, definition)
    periods = c.periods(rows)
    units = c.units(rows, periods, definition)
    values, precision = _values(c, cells, definition)
    _duplicates(c, cells, units, periods)
    _totals(c, values, precision, definition)
    _parts(c, cells, definition)
    _sum_row(c, values, cells)
    extra = {i: (_number(c, i, mapping.n_column, whole=True), _number(c, i, mapping.se_column)) for i in rows}
    records = [{"unit_id": units[i], "period": periods[i], "indicator_id": ind, "value": value,
                "n": extra[i][0], "se": extra[i][1], "note": note}
               for (i, _, ind), (value, note) in values.items() if i in units and i in periods]
    if records:
        observations = pl.DataFrame(records, schema=OBSERVATIONS_SCHEMA)
    problems = sorted(c.problems, key=lambda p: (p.row is not None, p.row or 0))
    return Report(problems, observations, len(rows))


def _value_cells(c: _Checker, rows: list[int], definition: IndexDef) -> list[tuple[int, int, str]]:
    """``(row index, column, indicator id)`` of every value the mapping reads."""
    m, known = c.mapping, set(definition.indicator_ids()) | set(definition.leaf_inputs())
    if m.layout == "long":
        vocab, out = Vocabulary(definition), []
        for i in rows:
            text = c.cell(i, m.indicator_column) or ""
            if ind := vocab(text):
                out.append((i, m.value_column, ind))
            else:
                c.add("unknown_indicator", row=c.table.row_numbers[i], column=c.table.headers[m.indicator_column],
                      indicator=text, index=definition.short(c.lang))
        return out
    for j, ind in m.indicators.items():
        if ind not in known:
            c.add("unknown_indicator", column=c.table.headers[j], indicator=ind, index=definition.short(c.lang))
    columns = {j: ind for j, ind in m.indicators.items() if ind in known}
    if not columns:
        c.add("no_indicators")
    return [(i, j, ind) for i in rows for j, ind in sorted(columns.items())]


def _values(c: _Checker, cells, definition: IndexDef):
    """``{(i, j, id): (value, note)}`` of the cells that pass, and ``{id: decimals found}``."""
    out, precision = {}, defaultdict(int)
    for i, j, ind in cells:
        text, where = c.cell(i, j), {"row": c.table.row_numbers[i], "column": c.table.headers[j]}
        if (where["row"], j) in c.pending:
            continue
        if text is None or text in MISSING_MARKS:
            out[(i, j, ind)] = (None, NOT_SCORED)
            continue
        try:
            value = parse_number(text, c.table.decimal)
        except ValueError:
            c.add("not_numeric", text=text, **where)
            continue
        places = decimals_of(text, c.table.decimal)
        precision[ind] = max(precision[ind], places)
        shown = format_number(value, places, c.lang) if abs(value) < HUGE else echo(text)   # 1e40: no rounding
        if ind in definition:
            node = definition.node(ind)
            low, high = (node.scale.min if node.scale else None), (node.scale.max if node.scale else node.max_points)
            if (low is not None and value < low - 1e-9) or (high is not None and value > high + 1e-9):
                c.add("out_of_scale", value=shown, indicator=node.label(c.lang), low=format_number(low, 2, c.lang),
                      high=format_number(high, 2, c.lang), **where)
                continue
        elif value < 0 or value != int(value):
            c.add("out_of_scale", "problem.not_count", value=shown, indicator=ind, **where)
            continue
        out[(i, j, ind)] = (value, None)
    return out, precision


def _duplicates(c: _Checker, cells, units: dict[int, str], periods: dict[int, str]) -> None:
    first: dict[tuple, int] = {}
    long = c.mapping.layout == "long"
    for i in dict.fromkeys(i for i, _, _ in cells) if not long else ():
        key = (units.get(i), periods.get(i))
        _duplicate(c, first, key, i)
    for i, _, ind in cells if long else ():
        _duplicate(c, first, (units.get(i), periods.get(i), ind), i)


def _duplicate(c: _Checker, first: dict[tuple, int], key: tuple, i: int) -> None:
    if key[0] is None or key[1] is None:
        return
    if key in first:
        c.add("duplicate", row=c.table.row_numbers[i], column=c.table.headers[c.mapping.unit_column],
              name=c.cell(i, c.mapping.unit_column), first=c.table.row_numbers[first[key]])
    else:
        first[key] = i


def _totals(c: _Checker, values, precision, definition: IndexDef) -> None:
    """``total_mismatch`` for each ``sum`` composite given with all its parts for a unit and period
    (one row of a wide table; the rows of one unit and period in a long one)."""
    m, groups = c.mapping, defaultdict(dict)
    for (i, j, ind), (value, _) in values.items():
        key = i if m.layout == "wide" else (c.cell(i, m.unit_column), c.cell(i, m.period_column))
        groups[key][ind] = (i, j, value)
    for given in groups.values():
        for node in definition.nodes():
            parts = [given.get(k, (0, 0, None))[2] for k in node.children_ids]
            if node.aggregate != "sum" or given.get(node.indicator_id, (0, 0, None))[2] is None or None in parts:
                continue
            i, j, total = given[node.indicator_id]
            places = min(precision[k] for k in (node.indicator_id, *node.children_ids))
            allowed, gap = tolerance(len(parts), places), total - sum(parts)
            if abs(gap) > allowed + 1e-9:
                c.add("total_mismatch", row=c.table.row_numbers[i], column=c.table.headers[j],
                      indicator=node.label(c.lang), total=format_number(total, precision[node.indicator_id], c.lang),
                      parts=format_number(sum(parts), places, c.lang), difference=format_number(gap, places, c.lang),
                      tolerance=format_number(allowed, places + 1, c.lang))


def _parts(c: _Checker, cells, definition: IndexDef) -> None:
    """Warnings for a composite given without its parts, or parts given without their composite."""
    given: dict[str, int] = {}
    for _, j, ind in cells:
        given.setdefault(ind, j)
    long = c.mapping.layout == "long"
    for node in definition.nodes():
        if not node.components:
            continue
        with_parts = any(k in given for k in node.children_ids)
        if node.indicator_id in given and not with_parts:
            c.add("composite_without_parts", column=None if long else c.table.headers[given[node.indicator_id]],
                  indicator=node.label(c.lang))
        elif node.indicator_id not in given and with_parts:
            c.add("parts_without_composite", indicator=node.label(c.lang))


def _sum_row(c: _Checker, values, cells) -> None:
    """``sum_mismatch``: the "Tổng cộng" row against the sum of the rows, for count columns."""
    t = c.table
    if t.total is None or c.mapping.layout == "long":
        return
    columns = {j: ind for _, j, ind in cells if ind not in c.store.definition(c.mapping.index)}
    for j, ind in sorted(columns.items()):
        text = t.total[j] if j < len(t.total) else None
        try:
            total = parse_number(text, t.decimal)
        except ValueError:
            c.add("not_numeric", row=t.total_row_number, column=t.headers[j], text=text)
            continue
        units = sum(v for (_, col, _), (v, _) in values.items() if col == j and v is not None)
        if total is not None and total != units:
            c.add("sum_mismatch", row=t.total_row_number, column=t.headers[j],
                  total=format_number(total, 0, c.lang), units=format_number(units, 0, c.lang))


def _number(c: _Checker, i: int, j: int | None, whole: bool = False) -> float | int | None:
    """The sample size (``whole``) or standard error of a row; not a number → ``not_numeric``."""
    text = c.cell(i, j)
    try:
        value = parse_number(text, c.table.decimal)
    except ValueError:
        c.add("not_numeric", row=c.table.row_numbers[i], column=c.table.headers[j], text=text)
        return None
    return int(value) if whole and value is not None else value
