"""The records every step of an import passes on: a file as read, the table found in
it, the mapping of its columns, and the validation report.

An import runs in steps, each a pure function (bytes in, frames out):
:mod:`~cchc.intake.reading` (bytes → :class:`RawFile`), :mod:`~cchc.intake.layout`
(a sheet → :class:`Table`), :mod:`~cchc.intake.mapping` (a table → a proposed
:class:`Mapping`, corrected by the user), :mod:`~cchc.intake.validation` (table +
mapping → :class:`Report`: problems with file row and column, and the observations
to write). Nothing is written until the report has no error; writing is
:mod:`cchc.archive`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl


class IntakeError(ValueError):
    """A file that cannot be read at all (empty, not a table, unknown format): one clear sentence."""


@dataclass(frozen=True)
class Sheet:
    """One sheet (a CSV file has one) as cell texts, every row of it, nothing interpreted yet.

    ``rows[i][j]`` is the text of a cell (``None`` when empty; numbers from a
    spreadsheet as their text, e.g. ``"46.0415"``), ``row_numbers[i]`` its row
    as a person sees it in the file (1-based line of a CSV, Excel row number).
    ``merged`` lists merged cell ranges ``(first_row, first_col, last_row,
    last_col)``, 0-based indexes into ``rows`` (empty for CSV). ``formulas`` lists the cells
    ``(row, col)`` (0-based) holding a formula without a saved value: read as empty, they are
    no value at all (the workbook was never calculated), reported by the validation.
    """

    name: str
    rows: list[list[str | None]]
    row_numbers: list[int]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class RawFile:
    """A file as read: its kind, the text encoding and delimiter found (CSV), and its sheets."""

    name: str
    kind: Literal["csv", "xlsx", "xls"]
    sheets: list[Sheet]
    encoding: str | None = None
    delimiter: str | None = None


@dataclass(frozen=True)
class Table:
    """The table found in a sheet: title lines above it, flattened headers (a group header
    merged above sub-headers gives ``"Số hồ sơ tiếp nhận / Tổng số"``), data rows (no
    numbering row "(1) (2) (3)…", no total row), and the "Tổng cộng" row kept apart —
    a total to check against the sum of the units, never a unit. ``formulas``: the formulas
    without a saved value from the header row to the last row of the table, as ``(file row,
    column index in headers or None when the column is not kept, column as named: its header,
    else its letter)``."""

    sheet: str
    title: str
    headers: list[str]
    header_row_numbers: list[int]
    rows: list[list[str | None]]
    row_numbers: list[int]
    total: list[str | None] | None = None
    total_row_number: int | None = None
    decimal: Literal[",", "."] = "."
    formulas: list[tuple[int, int | None, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Mapping:
    """Which column means what. ``layout="wide"``: one row per unit, ``indicators`` maps
    a column index to an indicator id (``"papi.6"``, ``"onestop.received"``), the period
    is ``period`` (or ``period_column``). ``layout="long"``: ``indicator_column`` and
    ``value_column`` (and optionally ``n_column``, ``se_column``, ``period_column``).
    ``parent`` scopes unit names (a district for its communes); ``units`` are the user's
    corrections: name as written in the file → unit id. ``headers`` are the headers of the
    table the mapping was made for: saved with it, they tell whether next month's file has
    the same shape (:func:`cchc.intake.mapping.same_shape`)."""

    index: str
    layout: Literal["wide", "long"]
    unit_column: int
    period: str | None = None
    period_column: int | None = None
    indicators: dict[int, str] = field(default_factory=dict)
    indicator_column: int | None = None
    value_column: int | None = None
    n_column: int | None = None
    se_column: int | None = None
    parent: str | None = None
    units: dict[str, str] = field(default_factory=dict)
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One finding of the validation, with where it is: ``row`` is the file row, ``column``
    the header as written. ``severity`` ``"error"`` blocks the import; a ``"warning"``
    must be accepted explicitly. ``code`` is stable (tests, translations): unknown_unit,
    ambiguous_unit, not_numeric, out_of_scale, duplicate, wrong_geography, total_mismatch,
    sum_mismatch, unknown_indicator, no_period, formula_without_value, …; ``message`` is in the interface language;
    ``suggestions`` lists unit ids or names to offer."""

    severity: Literal["error", "warning"]
    code: str
    message: str
    row: int | None = None
    column: str | None = None
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """The validation of a table under a mapping: the problems, and the observations that
    would be written (long schema of :data:`cchc.loading.OBSERVATIONS_SCHEMA`)."""

    problems: list[Problem]
    observations: pl.DataFrame
    n_rows: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors
