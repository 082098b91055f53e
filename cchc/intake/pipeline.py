"""The steps of an import in one call: a file's bytes → a :class:`Plan` (the file as read, the
table found, the mapping, its notes, the validation report). Nothing is written here.

Rules of :func:`plan_import`:

- **Sheet**: ``options.sheet`` by name or by position (0 = the first); else the first sheet in
  which :func:`~cchc.intake.layout.find_table` finds a table with data rows and ≥ 2 columns (a
  guide sheet of one line is passed over). An unknown sheet, or a file without any table,
  raises :class:`~cchc.intake.model.IntakeError`.
- **Mapping**: ``options.mapping`` (a saved one) when it has the same shape as the table
  (:func:`~cchc.intake.mapping.same_shape`) and is for the same index: its columns, parent and
  unit corrections are kept, the period is taken anew — ``options.period``, else the new file's
  title (never last month's period; none found → ``no_period``). Otherwise a proposed mapping
  (:func:`~cchc.intake.mapping.propose_mapping`) with ``options``' index, period and parent.
- **Index left to recognise** and several fit the table equally well (same vocabulary, scale fit
  and level, :mod:`~cchc.intake.recognition`): the error ``ambiguous_index`` comes first in the
  report, naming them (its suggestions are their ids) — the user chooses, nothing is guessed.

>>> from cchc.store import Store
>>> plan = plan_import("Tỉnh;Chỉ số CCHC\\nTP. Hà Nội;91,43\\n".encode(), "par.csv", Store(),
...                    Options(index="par", period="2023"))
>>> plan.mapping.indicators, plan.report.observations["unit_id"].to_list(), plan.report.ok
({1: 'par'}, ['vn63:province:01'], True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from cchc.intake.layout import find_table
from cchc.intake.mapping import find_period, geography_of, parent_levels, propose, resolve_parent, same_shape
from cchc.intake.model import IntakeError, Mapping, Problem, RawFile, Report, Table
from cchc.intake.reading import read_file
from cchc.intake.validation import validate
from cchc.periods import parse_period, period_label
from cchc.store import Store
from cchc.words import word


@dataclass(frozen=True)
class Options:
    """What the user chose before (or after) the proposal: any of them may be left ``None``.
    ``parent`` is a unit id or a name (resolved on the index's parent levels and the period's geography)."""

    index: str | None = None
    period: str | None = None
    parent: str | None = None
    sheet: str | int | None = None
    mapping: Mapping | None = None
    lang: str = "vi"


@dataclass(frozen=True)
class Plan:
    """An import ready to be confirmed: write ``report.observations`` when ``report.ok``."""

    raw: RawFile
    table: Table
    mapping: Mapping
    notes: list[str]
    report: Report


def choose_table(raw: RawFile, sheet: str | int | None = None, lang: str = "vi") -> Table:
    """The table of the chosen sheet, or of the first sheet that has one."""
    if sheet is not None:
        chosen = [s for k, s in enumerate(raw.sheets)
                  if s.name == sheet or (isinstance(sheet, int) and not isinstance(sheet, bool) and k == sheet)]
        if not chosen:
            raise IntakeError(word("intake.no_sheet", lang, sheet=sheet))
        return find_table(chosen[0])
    tables = []
    for candidate in raw.sheets:
        try:
            tables.append(find_table(candidate))
        except IntakeError:
            continue
    if not tables:
        raise IntakeError(word("intake.no_table", lang))
    return next((t for t in tables if t.rows and len(t.headers) >= 2), tables[0])


def reuse_mapping(saved: Mapping, table: Table, store: Store, *, period: str | None = None,
                  parent: str | None = None, lang: str = "vi") -> tuple[Mapping, list[str]]:
    """A saved mapping applied to a new table of the same shape: the period anew (``period``,
    else the title's; a period column stays), the parent unless another is given — by id or by
    name, resolved as in a proposal (:func:`~cchc.intake.mapping.resolve_parent`: among the levels
    a parent of the index's units has, on the period's geography)."""
    notes = [word("note.saved_mapping", lang)]
    if period is None and saved.period_column is None:
        period = find_period(table.title)
        notes.append(word("note.period_title", lang, period=period_label(period, lang)) if period
                     else word("note.no_period", lang))
    if parent and saved.index in store.definitions:
        parent = resolve_parent(parent, store, geography_of(period) if period and _is_period(period) else None,
                                parent_levels(store.definition(saved.index).levels))
    mapping = replace(saved, period=period if saved.period_column is None else None,
                      parent=parent or saved.parent, headers=tuple(table.headers))
    return mapping, notes


def _ambiguous(report: Report, indices: list[str], store: Store, lang: str) -> Report:
    """``report`` with the error ``ambiguous_index`` first: the table fits these indices equally well."""
    names = ", ".join(f"{store.definition(i).short(lang)} ({i})" for i in indices)
    problem = Problem("error", "ambiguous_index", word("problem.ambiguous_index", lang, indices=names),
                      suggestions=tuple(indices))
    return replace(report, problems=[problem, *report.problems])


def _is_period(text: str) -> bool:
    try:
        parse_period(text)
    except ValueError:
        return False
    return True


def plan_import(data: bytes, name: str, store: Store, options: Options | None = None,
                progress: Callable[[str, dict], None] | None = None) -> Plan:
    """Read ``data`` (a file called ``name``), find its table, map and validate it (rules above).
    ``progress(step, facts)``, when given, is told each step as it starts or ends: ``"read"``
    (``sheets``), ``"table"`` (``sheet``, ``rows``, ``columns``), ``"mapping"`` (``index``,
    ``columns``: the columns mapped to an indicator), ``"validate"`` (``units``: data rows to
    resolve, ``values``: cells to check), ``"ready"`` (``errors``, ``warnings``)."""
    options = options or Options()
    tell = progress or (lambda step, facts: None)
    raw = read_file(data, name)
    tell("read", {"sheets": len(raw.sheets)})
    table = choose_table(raw, options.sheet, options.lang)
    tell("table", {"sheet": table.sheet, "rows": len(table.rows), "columns": len(table.headers)})
    saved, others = options.mapping, []
    if saved is not None and options.index in (None, saved.index) and same_shape(saved, table):
        mapping, notes = reuse_mapping(saved, table, store, period=options.period, parent=options.parent,
                                       lang=options.lang)
    else:
        mapping, notes, others = propose(table, store, index=options.index, period=options.period,
                                         parent=options.parent, lang=options.lang)
    columns = len(mapping.indicators) if mapping.layout == "wide" else int(mapping.value_column is not None)
    tell("mapping", {"index": mapping.index, "columns": columns})
    tell("validate", {"units": len(table.rows), "values": len(table.rows) * columns})
    report = validate(table, mapping, store, lang=options.lang)
    if others:
        report = _ambiguous(report, [mapping.index, *others], store, options.lang)
    tell("ready", {"errors": len(report.errors), "warnings": len(report.warnings)})
    return Plan(raw, table, mapping, notes, report)
