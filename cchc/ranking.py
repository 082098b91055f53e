"""League-table arithmetic: ranks, rank changes, PAPI quartile groups, bands,
percentiles and national/regional means. Pure, vectorised Polars (bands
live in :mod:`cchc.bands` and are re-exported here).

Conventions shared by every function here (docs/design.md, "Ranking"):

* **Direction.** ``direction="higher"`` (default): the largest score is best;
  ``"lower"``: the smallest is best (e.g. a late-dossier rate). ``direction``
  may also be a Polars expression giving ``"higher"``/``"lower"`` per row
  (e.g. ``pl.col("direction")``) to rank several indicators in one call.
* **Ties.** Exact value ties share the best (lowest) rank and the next rank
  skips: competition ranking ``1, 2, 2, 4``. Pass ``decimals=k`` to round
  (half away from zero) before comparing, so that values equal at the
  published precision tie (PAPI: 4 decimals; PAR INDEX: 2).
* **Nulls.** null and NaN scores are *not scored*: they get a null rank,
  group, band and percentile, and are not counted in ``n_ranked``. Nothing
  is ever filled with 0.
* **Groups.** ``by`` names the columns that delimit a league table, e.g.
  ``by=("period", "indicator_id", "level")`` or with ``"region"``.
  ``by=()`` ranks the whole frame as one table.

>>> df = pl.DataFrame({"unit_id": list("abcde"), "value": [91.0, 92.0, 91.0, None, 90.0]})
>>> rank_units(df)["rank"].to_list()
[2, 1, 2, None, 4]
"""

from __future__ import annotations

from typing import Iterable, Sequence

import polars as pl

from cchc.bands import assign_bands, band_expr, bands_table
from cchc.numbers import round_half_up_expr
from cchc.periods import grain_expr, parse_period, period_start_expr
from cchc.words import word

__all__ = [
    "QUARTILE_LABELS", "score_key", "rank_units", "rank_changes", "quartile_groups",
    "band_expr", "bands_table", "assign_bands", "percentiles", "group_means",
]

Direction = str | pl.Expr
ByCols = str | Sequence[str]

_QUARTILE_CODES = ("best", "high_average", "low_average", "poor")
QUARTILE_LABELS = pl.DataFrame(
    {
        "quartile": [1, 2, 3, 4],
        "code": list(_QUARTILE_CODES),
        "vi": [word(f"quartile.{c}", "vi") for c in _QUARTILE_CODES],
        "en": [word(f"quartile.{c}", "en") for c in _QUARTILE_CODES],
    },
    schema={"quartile": pl.Int64, "code": pl.String, "vi": pl.String, "en": pl.String},
)
"""PAPI's four groups: join on ``quartile`` (1 = best … 4 = poor); words ``quartile.*``."""

_TMP = "__cchc_key"


def _by(by: ByCols) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _over(expr: pl.Expr, by: list[str]) -> pl.Expr:
    return expr.over(by) if by else expr


def _check(df: pl.DataFrame, cols: Iterable[str], fn: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{fn}: column(s) {missing} not in frame; columns are {df.columns}")


def _clean(value: str, decimals: int | None) -> pl.Expr:
    v = pl.col(value).cast(pl.Float64).fill_nan(None)
    return v if decimals is None else round_half_up_expr(v, decimals)


def score_key(value: str = "value", direction: Direction = "higher", decimals: int | None = None) -> pl.Expr:
    """Float expression where *smaller is better*; null when not rankable.

    ``higher`` -> ``-value``; ``lower`` -> ``value``. NaN -> null. With a
    per-row ``direction`` expression, values other than higher/lower give null
    (the frame-level functions reject them with ValueError first).
    """
    v = _clean(value, decimals)
    if isinstance(direction, pl.Expr):
        return pl.when(direction == "lower").then(v).when(direction == "higher").then(-v)
    if direction == "higher":
        return -v
    if direction == "lower":
        return v
    raise ValueError(f"direction must be 'higher' or 'lower' (or a Polars expression), got {direction!r}")


def _with_key(df: pl.DataFrame, value: str, direction: Direction, by: list[str],
              decimals: int | None, fn: str) -> pl.DataFrame:
    _check(df, [value, *by], fn)
    if isinstance(direction, pl.Expr):
        bad = set(df.select(direction.unique()).to_series().to_list()) - {"higher", "lower"}
        if bad:
            raise ValueError(f"{fn}: direction values must be 'higher'/'lower', found {sorted(map(str, bad))}")
    return df.with_columns(score_key(value, direction, decimals).alias(_TMP))


def rank_units(df: pl.DataFrame, *, value: str = "value", direction: Direction = "higher",
               by: ByCols = (), rank_col: str = "rank", decimals: int | None = None,
               n_col: str = "n_ranked") -> pl.DataFrame:
    """Add ``rank_col`` (Int64, 1 = best, null = not scored) and ``n_col``
    (Int64, number of ranked units in the row's group).

    Competition ranking (``1, 2, 2, 4``) on exact values, or on values rounded
    to ``decimals``. A group whose values are all null gets ``n_ranked = 0``.

    >>> df = pl.DataFrame({"late_rate": [0.02, 0.10, 0.02, None]})
    >>> rank_units(df, value="late_rate", direction="lower").select("rank", "n_ranked").rows()
    [(1, 3), (3, 3), (1, 3), (None, 3)]
    >>> rank_units(pl.DataFrame({"value": [45.70004, 45.69996]}), decimals=4)["rank"].to_list()
    [1, 1]
    """
    b = _by(by)
    k = pl.col(_TMP)
    return (
        _with_key(df, value, direction, b, decimals, "rank_units")
        .with_columns(
            _over(k.rank("min"), b).cast(pl.Int64).alias(rank_col),
            _over(k.count(), b).cast(pl.Int64).alias(n_col),
        )
        .drop(_TMP)
    )


_CHANGE_COLS = ("prev_period", "prev_value", "prev_rank", "change", "rank_change", "moved")


def rank_changes(df: pl.DataFrame, *, period_col: str = "period", unit_col: str = "unit_id",
                 value: str = "value", rank_col: str = "rank", by: ByCols = ()) -> pl.DataFrame:
    """Compare each row with the same unit in the previous *available* period.

    ``df`` must already carry ranks (``rank_units(..., by=(period_col, *by))``);
    ``by`` are the league-table columns other than the period (``period_col``
    is dropped from it if given). Within each ``by`` group and grain, the
    previous period of ``p`` is the latest earlier period of the same grain in
    which at least one unit is ranked — as :func:`cchc.periods.previous_available`
    over that group's ranked periods (SIPAS 2022 compares with 2020).

    Adds: ``prev_period`` (str), ``prev_value`` (f64), ``prev_rank`` (Int64),
    ``change`` = value − prev_value (f64, raw difference whatever the direction:
    for a lower-is-better rate a negative change is an improvement), ``rank_change`` = prev_rank − rank
    (Int64, positive = moved up), ``moved`` (str):
    ``"up"``/``"down"``/``"same"``; ``"new"`` when a previous period exists but
    the unit was not ranked there (rank_change null, never 0); null when the
    unit is not ranked now or the group has no previous period at all.
    Raises ValueError on null/invalid periods or duplicate (group, period, unit).

    >>> df = pl.DataFrame({"period": ["2020", "2020", "2022", "2022", "2022"],
    ...                    "unit_id": ["a", "b", "a", "b", "c"],
    ...                    "value": [80.0, 82.0, 85.0, 84.0, 83.0]})
    >>> out = rank_changes(rank_units(df, by="period"))
    >>> out.filter(pl.col("period") == "2022").select("unit_id", "rank_change", "moved").rows()
    [('a', 1, 'up'), ('b', -1, 'down'), ('c', None, 'new')]
    """
    b = [c for c in _by(by) if c != period_col]
    _check(df, [period_col, unit_col, value, rank_col, *b], "rank_changes")
    clash = [c for c in _CHANGE_COLS if c in df.columns]
    if clash:
        raise ValueError(f"rank_changes: output column(s) {clash} already in frame")
    keys = [*b, period_col, unit_col]
    for col in (period_col, unit_col):
        if df.get_column(col).null_count():
            raise ValueError(f"rank_changes: column {col!r} has null values")
    for p in df.get_column(period_col).unique().to_list():
        parse_period(p)
    dup = df.filter(pl.struct(keys).is_duplicated())
    if dup.height:
        raise ValueError(f"rank_changes: duplicate rows for {keys}, e.g. {dup.select(keys).row(0)}")

    pairs = (
        df.group_by([*b, period_col])
        .agg(pl.col(rank_col).is_not_null().any().alias("__has"))
        .with_columns(grain_expr(period_col).alias("__grain"), period_start_expr(period_col).alias("__start"))
        .sort([*b, "__grain", "__start"], nulls_last=True)
        .with_columns(
            pl.when(pl.col("__has")).then(pl.col(period_col)).shift(1).forward_fill()
            .over([*b, "__grain"]).alias("prev_period")
        )
        .select(*b, period_col, "prev_period")
    )
    prev = df.select(
        *b, unit_col,
        pl.col(period_col).alias("prev_period"),
        pl.col(value).cast(pl.Float64).fill_nan(None).alias("prev_value"),
        pl.col(rank_col).cast(pl.Int64).alias("prev_rank"),
    )
    out = (
        df.join(pairs, on=[*b, period_col], how="left", nulls_equal=True, maintain_order="left")
        .join(prev, on=[*b, unit_col, "prev_period"], how="left", nulls_equal=True, maintain_order="left")
    )
    rank, rc = pl.col(rank_col).cast(pl.Int64), pl.col("rank_change")
    return out.with_columns(
        (pl.col(value).cast(pl.Float64).fill_nan(None) - pl.col("prev_value")).alias("change"),
        (pl.col("prev_rank") - rank).alias("rank_change"),
    ).with_columns(
        pl.when(rank.is_null() | pl.col("prev_period").is_null()).then(pl.lit(None, pl.String))
        .when(pl.col("prev_rank").is_null()).then(pl.lit("new"))
        .when(rc > 0).then(pl.lit("up"))
        .when(rc < 0).then(pl.lit("down"))
        .otherwise(pl.lit("same"))
        .alias("moved")
    )


def quartile_groups(df: pl.DataFrame, *, value: str = "value", direction: Direction = "higher",
                    by: ByCols = (), decimals: int | None = None, group_col: str = "quartile",
                    labels: bool = False) -> pl.DataFrame:
    """Add PAPI's four groups as ``group_col`` (Int64): 1 = nhóm cao nhất
    (best), 2 = trung bình cao, 3 = trung bình thấp, 4 = thấp nhất (poor).

    Decided by competition rank among the n ranked units of the group:
    ``group = floor(4 * (rank - 1) / n) + 1``. Tied units share a rank, so ties
    are never split across groups (a tie at a boundary goes to the better
    group). n = 63 gives 16/16/16/15 units, n = 34 gives 9/8/9/8; with n < 4
    some groups are empty. Null score -> null group. ``labels=True`` also adds
    ``{group_col}_vi`` / ``{group_col}_en`` from :data:`QUARTILE_LABELS`.

    >>> quartile_groups(pl.DataFrame({"value": [8.0, 7.0, 6.0, 5.0, None]}))["quartile"].to_list()
    [1, 2, 3, 4, None]
    """
    b = _by(by)
    k = pl.col(_TMP)
    rank = _over(k.rank("min"), b).cast(pl.Int64)
    n = _over(k.count(), b).cast(pl.Int64)
    out = (
        _with_key(df, value, direction, b, decimals, "quartile_groups")
        .with_columns(((4 * (rank - 1)) // n + 1).alias(group_col))
        .drop(_TMP)
    )
    if labels:
        for lang in ("vi", "en"):
            mapping = dict(zip(QUARTILE_LABELS["quartile"], QUARTILE_LABELS[lang]))
            out = out.with_columns(
                pl.col(group_col).replace_strict(mapping, default=None, return_dtype=pl.String)
                .alias(f"{group_col}_{lang}")
            )
    return out


def percentiles(df: pl.DataFrame, *, value: str = "value", direction: Direction = "higher",
                by: ByCols = (), decimals: int | None = None, pct_col: str = "percentile") -> pl.DataFrame:
    """Add ``pct_col`` (f64, 0–100): share of the group's ranked units with a
    strictly worse score × 100. Tied units get the same percentile; the worst
    unit (and a lone unit) gets 0; the best of n gets 100·(n−1)/n. Null score
    -> null.

    >>> percentiles(pl.DataFrame({"value": [4.0, 3.0, 3.0, 1.0, None]}))["percentile"].to_list()
    [75.0, 25.0, 25.0, 0.0, None]
    """
    b = _by(by)
    k = pl.col(_TMP)
    n = _over(k.count(), b).cast(pl.Float64)
    at_or_better = _over(k.rank("max"), b).cast(pl.Float64)
    return (
        _with_key(df, value, direction, b, decimals, "percentiles")
        .with_columns(((n - at_or_better) * 100.0 / n).alias(pct_col))
        .drop(_TMP)
    )


def group_means(df: pl.DataFrame, *, by: ByCols, value: str = "value", weight: str | None = None,
                mean_col: str = "mean") -> pl.DataFrame:
    """One row per ``by`` group (``by=()`` -> one national row) with
    ``mean_col`` (f64: mean of non-null scores, or Σ w·v / Σ w with
    ``weight``), ``n_scored`` (Int64, rows that contributed) and
    ``n_not_scored`` (Int64, rows with a null/NaN score). Weighted: rows with a
    score but a null weight are left out and counted in ``n_no_weight``
    (Int64); negative weights raise ValueError; zero total weight -> null mean.
    A group with no scores has a null mean, never 0. Rows are counted as given
    (one row per unit expected).

    >>> group_means(pl.DataFrame({"r": ["x", "x", "y"], "value": [90.0, None, 80.0]}), by="r").rows()
    [('x', 90.0, 1, 1), ('y', 80.0, 1, 0)]
    """
    b = _by(by)
    _check(df, [value, *b, *([weight] if weight else [])], "group_means")
    v = pl.col(value).cast(pl.Float64).fill_nan(None)
    aggs: list[pl.Expr]
    if weight is None:
        aggs = [v.mean().alias(mean_col), v.count().cast(pl.Int64).alias("n_scored")]
    else:
        w = pl.col(weight).cast(pl.Float64).fill_nan(None)
        if df.select((w < 0).any()).item():
            raise ValueError(f"group_means: negative weights in column {weight!r}")
        ok = v.is_not_null() & w.is_not_null()
        wsum = pl.when(ok).then(w).sum()
        aggs = [
            pl.when(wsum > 0).then((v * w).sum() / wsum).alias(mean_col),
            ok.sum().cast(pl.Int64).alias("n_scored"),
        ]
    aggs.append(v.null_count().cast(pl.Int64).alias("n_not_scored"))
    if weight is not None:
        aggs.append((v.is_not_null() & w.is_null()).sum().cast(pl.Int64).alias("n_no_weight"))
    if not b:
        return df.select(aggs)
    return df.group_by(b, maintain_order=True).agg(aggs).sort(b, nulls_last=True, maintain_order=True)
