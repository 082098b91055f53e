"""The wide league table a page shows: league rows plus component scores, a
history for sparklines and labelled reference rows (national / regional means).

Pure Polars. Numbers stay numbers here (the page formats them); a value that
is missing stays null — a unit not scored, a missing component — never 0.

>>> t = pl.DataFrame({"unit_id": ["a", "b"], "unit": ["An", "Bình"], "rank": [1, 2], "score": [9.0, 8.0]})
>>> with_references(t, [("mean", "Trung bình", 8.5)])["unit"].to_list()
['An', 'Trung bình', 'Bình']
"""

from __future__ import annotations

from typing import Sequence

import polars as pl

from cchc.conventions import coverage_note, not_scored_note
from cchc.definitions import IndexDef
from cchc.periods import grain_of, sort_key
from cchc.scores import ScoreSource, as_source

HISTORY_PERIODS = 8  # periods in a row's sparkline


def component_columns(scores: pl.DataFrame | ScoreSource, table: pl.DataFrame, definition: IndexDef,
                      period: str) -> pl.DataFrame:
    """``unit_id`` plus one Float64 column per first-level component of the index,
    named by its indicator id (``papi.1`` … ``papi.8``), in definition order.

    One row per row of ``table`` (same order). A component that was not scored
    (or whose row is absent) is null. ``scores`` must be on the table's
    geography (the output of :func:`cchc.scores.index_scores` it was built from,
    or a :class:`~cchc.scores.ScoreSource` of it: only ``period`` is read).
    """
    ids = [c.indicator_id for c in definition.children()]
    base = table.select("unit_id")
    if not ids:
        return base
    wide = (
        as_source(scores).rows([period], ids)
        .select("unit_id", "indicator_id", pl.col("value").cast(pl.Float64))
        .pivot(on="indicator_id", index="unit_id", values="value", aggregate_function="first")
    )
    missing = [i for i in ids if i not in wide.columns]
    wide = wide.with_columns(pl.lit(None, pl.Float64).alias(i) for i in missing)
    return base.join(wide.select("unit_id", *ids), on="unit_id", how="left", maintain_order="left")


def history_periods(scores: pl.DataFrame | ScoreSource, indicator_id: str, period: str, n: int = 8) -> list[str]:
    """The last ``n`` periods with ``indicator_id`` scores up to and including ``period``, oldest first: those of
    the same grain and geography as ``period`` (what a row's sparkline, and its change, are read from). Nothing
    is scored to find them.

    >>> s = pl.DataFrame({"unit_id": ["a"] * 4, "period": ["2021", "2022", "2023", "2023-Q1"],
    ...                   "indicator_id": ["x"] * 4, "value": [1.0, None, 3.0, 4.0], "geography": ["vn63"] * 4})
    >>> history_periods(s, "x", "2023", n=2), history_periods(s, "x", "2022")
    (['2022', '2023'], ['2021', '2022'])
    """
    source = as_source(scores)
    on = source.periods(indicator_id)
    geo = source.geography(period, indicator_id)
    if geo is not None:
        on = on.filter(pl.col("geography") == geo)
    grain = grain_of(period)
    return sorted({p for p in on["period"].unique().to_list()
                   if grain_of(p) == grain and sort_key(p) <= sort_key(period)}, key=sort_key)[-n:]


def history_column(scores: pl.DataFrame | ScoreSource, table: pl.DataFrame, indicator_id: str, period: str,
                   n: int = 8) -> pl.DataFrame:
    """``unit_id`` and ``history`` (List[Float64]): the unit's ``indicator_id`` scores in
    the last ``n`` periods up to and including ``period``, oldest first.

    Only periods of the same grain and geography as ``period`` count. Periods in
    which the unit was not scored are *left out* of the list (a sparkline
    cannot draw a gap; it never shows them as 0); a unit never scored in the
    window gets null. One row per row of ``table``, same order. ``scores`` may be
    a :class:`~cchc.scores.ScoreSource`: only the ``n`` periods are read.
    """
    source = as_source(scores)
    geo = source.geography(period, indicator_id)
    periods = history_periods(source, indicator_id, period, n)
    order = {p: i for i, p in enumerate(periods)}
    s = source.rows(periods, [indicator_id])
    if geo is not None:
        s = s.filter(pl.col("geography") == geo)
    hist = (
        s.filter(pl.col("period").is_in(periods) & pl.col("value").is_not_null())
        .with_columns(pl.col("period").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort("unit_id", "_o")
        .group_by("unit_id", maintain_order=True)
        .agg(pl.col("value").cast(pl.Float64).alias("history"))
    )
    return table.select("unit_id").join(hist, on="unit_id", how="left", maintain_order="left")


def unique_labels(table: pl.DataFrame, units: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """Add ``label``: the unit name, or for names shared by several rows the name
    followed by the parent's name (``"Tân Lập (Đan Phượng)"``), then by the id
    if still ambiguous, so chart categories and table rows match one to one.
    """
    parent = units.select("unit_id", pl.col("parent_id"))
    names = units.select(pl.col("unit_id").alias("parent_id"), pl.col(f"short_{lang}").alias("_parent"))
    out = (table.join(parent, on="unit_id", how="left", maintain_order="left")
           .join(names, on="parent_id", how="left", maintain_order="left"))
    dup = pl.col("unit").is_duplicated()
    out = out.with_columns(
        pl.when(dup & pl.col("_parent").is_not_null())
        .then(pl.format("{} ({})", "unit", "_parent")).otherwise(pl.col("unit")).alias("label"))
    out = out.with_columns(
        pl.when(pl.col("label").is_duplicated()).then(pl.format("{} [{}]", "label", "unit_id"))
        .otherwise(pl.col("label")).alias("label"))
    return out.drop("parent_id", "_parent")


def with_references(table: pl.DataFrame, references: Sequence[tuple[str, str, float | None]],
                    direction: str = "higher") -> pl.DataFrame:
    """Append reference rows — ``(key, label, mean)`` — to a league table.

    A reference row has ``kind = "reference"``, ``unit_id`` = ``"ref:<key>"``,
    ``unit`` (and ``label``) = the label, ``score`` = the mean, and no rank,
    change or group: it is shown, never ranked. It is placed after the ranked
    rows scoring at least as well (direction-aware), so it sits where the mean
    falls; references between the same two units are in score order. A
    reference whose mean is null is left out. Unit rows get
    ``kind = "unit"``; their order is kept.
    """
    rows = table.with_columns(pl.lit("unit").alias("kind"),
                              pl.int_range(pl.len()).cast(pl.Float64).alias("_pos"), pl.lit(0.0).alias("_k"))
    scored = rows.filter(pl.col("rank").is_not_null())["score"]
    refs = []
    for key, label, mean in references:
        if mean is None:
            continue
        better = int((scored >= mean).sum() if direction == "higher" else (scored <= mean).sum())
        ref = {"unit_id": f"ref:{key}", "unit": label, "score": float(mean), "kind": "reference",
               "_pos": better - 0.5, "_k": -float(mean) if direction == "higher" else float(mean)}
        if "label" in rows.columns:
            ref["label"] = label
        refs.append(ref)
    if refs:
        extra = pl.DataFrame(refs, schema={k: rows.schema[k] for k in refs[0]})
        rows = pl.concat([rows, extra], how="diagonal_relaxed")
    return rows.sort("_pos", "_k").drop("_pos", "_k")


def row_note(row: dict, lang: str = "vi", reference_note: str = "") -> str:
    """The "Ghi chú" of a displayed row: the reference-row note, why a unit was not
    scored, or that a re-expressed score covers only some old units; else empty."""
    if row.get("kind") == "reference":
        return reference_note
    if row.get("score") is None:
        return not_scored_note(row.get("reason"), lang)
    return coverage_note(row.get("n_used"), row.get("n_sources"), lang) or ""


def display_rows(table: pl.DataFrame, scores: pl.DataFrame | ScoreSource, definition: IndexDef, *, indicator: str,
                 period: str,
                 references: Sequence[tuple[str, str, float | None]] = (), full: pl.DataFrame | None = None,
                 lang: str = "vi", reference_note: str = "") -> pl.DataFrame:
    """The rows a league table shows: ``table``'s rows, their rank among all units
    (``overall_rank``, when ``full`` — the unscoped table — is given), the first-level
    component scores (for the index total), the recent ``history`` for sparklines,
    the reference (mean) rows in place, and a ``note`` per row (:func:`row_note`).

    ``scores``: the scores the table was built from, or their :class:`~cchc.scores.ScoreSource`
    (e.g. ``scope.source``: then only the period and the sparkline's periods are read)."""
    scores = as_source(scores)
    rows = table
    if full is not None:
        rows = rows.join(full.select("unit_id", pl.col("rank").alias("overall_rank")), on="unit_id", how="left",
                         maintain_order="left")
    if indicator == definition.id:
        rows = rows.join(component_columns(scores, rows, definition, period), on="unit_id", how="left",
                         maintain_order="left")
    rows = rows.join(history_column(scores, rows, indicator, period, n=HISTORY_PERIODS), on="unit_id", how="left",
                     maintain_order="left")
    rows = with_references(rows, references, direction=definition.node(indicator).direction)
    noted = rows.select(pl.col(c) for c in ("kind", "score", "reason", "n_used", "n_sources") if c in rows.columns)
    notes = [row_note(r, lang, reference_note) for r in noted.to_dicts()]  # what row_note reads, not every column
    return rows.with_columns(pl.Series("note", notes, dtype=pl.String))
