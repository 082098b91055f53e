"""Time series of scores: units over periods, reference lines, change since a base.

Input is the output of :func:`cchc.scores.index_scores` for one level (columns
``unit_id, period, indicator_id, value, status, reason, geography`` …). Every
series has one row per unit × period of the scores — a period in which a unit
was not scored is a row with a **null** value (drawn as a gap, never 0), and
carries a ``status`` saying why:

* ``scored`` — a value;
* ``not_scored`` — the unit was assessed on this geography but has no value
  (reason kept, e.g. "không được khảo sát năm 2023");
* ``absent`` — the period was published on the other geography, so the unit
  did not exist then (a vn34 province before 1 July 2025 on the published
  view; a vn63 province after it). The re-expressed view fills these.

``period_start`` (``pl.Date``) is the x position (:func:`cchc.periods.period_start_expr`).

>>> scores = pl.DataFrame({"unit_id": ["vn63:province:25", "vn34:province:25"], "period": ["2023", "2025"],
...     "indicator_id": ["papi"] * 2, "value": [41.2, 43.0], "reason": [None, None], "geography": ["vn63", "vn34"]})
>>> unit_series(scores, ["vn34:province:25"], "papi").select("period", "value", "status").rows()
[('2023', None, 'absent'), ('2025', 43.0, 'scored')]
"""

from __future__ import annotations

from typing import Iterable, Sequence

import polars as pl

from cchc.periods import period_start_expr, sort_key, sort_periods
from cchc.periods import span_label  # noqa: F401  (re-exported: pages import it from here)
from cchc.ranking import group_means, rank_units
from cchc.words import family

SERIES_COLUMNS = ["unit_id", "indicator_id", "period", "period_start", "geography", "value", "status", "reason"]


def _geo_of(unit_id: pl.Expr) -> pl.Expr:
    return unit_id.str.split(":").list.first()


def display_names(units: pl.DataFrame, unit_ids: Iterable[str], lang: str = "vi") -> dict[str, str]:
    """Unambiguous display names for a set of units, in ``lang``.

    Short names first; when the set spans both geographies every name gets
    its geography ("Phú Thọ (cũ)" / "Phú Thọ (mới)"); names still repeated
    (two communes "Xã Tân Lập") get their parent ("Xã Tân Lập – Tiên Lữ").
    Unknown ids are named by the id itself.

    >>> units = pl.DataFrame({"unit_id": ["vn63:province:25", "vn34:province:25"], "short_vi": ["Phú Thọ"] * 2,
    ...                       "parent_id": [None, None]}, schema_overrides={"parent_id": pl.String})
    >>> display_names(units, ["vn63:province:25", "vn34:province:25"])
    {'vn63:province:25': 'Phú Thọ (cũ)', 'vn34:province:25': 'Phú Thọ (mới)'}
    """
    ids = list(dict.fromkeys(unit_ids))
    if not ids:
        return {}
    col = "short_en" if lang == "en" else "short_vi"
    rows = pl.DataFrame({"unit_id": ids}).join(
        units.select("unit_id", pl.col(col).alias("name"), "parent_id"), on="unit_id", how="left",
        maintain_order="left")
    parents = units.select(pl.col("unit_id").alias("parent_id"), pl.col(col).alias("parent"))
    rows = rows.join(parents, on="parent_id", how="left", maintain_order="left").with_columns(
        pl.coalesce("name", "unit_id").alias("name"), _geo_of(pl.col("unit_id")).alias("geo"))
    if rows["geo"].n_unique() > 1:
        mark = pl.col("geo").replace_strict(family("geo_mark", lang), default="")
        rows = rows.with_columns(pl.format("{} ({})", "name", mark).alias("name"))
    dup = pl.col("name").is_duplicated() & pl.col("parent").is_not_null()
    rows = rows.with_columns(pl.when(dup).then(pl.format("{} – {}", "name", "parent")).otherwise("name").alias("name"))
    return dict(zip(rows["unit_id"], rows["name"]))


def unit_series(scores: pl.DataFrame, unit_ids: Sequence[str], indicator: str | Sequence[str]) -> pl.DataFrame:
    """One row per unit × indicator × period of ``scores`` (columns :data:`SERIES_COLUMNS`).

    Rows are ordered as ``unit_ids`` (then indicators as given, then
    chronologically). Missing values stay null with ``status`` ``not_scored``
    or ``absent`` (see the module docstring); nothing is filled with 0.
    """
    inds = [indicator] if isinstance(indicator, str) else list(indicator)
    s = scores.filter(pl.col("indicator_id").is_in(inds))
    periods = s.select("period", "geography").unique(subset="period", keep="first")
    grid = (
        pl.DataFrame({"unit_id": list(unit_ids)}, schema={"unit_id": pl.String})
        .with_row_index("_u")
        .join(pl.DataFrame({"indicator_id": inds}).with_row_index("_i"), how="cross")
        .join(periods, how="cross")
    )
    out = grid.join(s.select("unit_id", "period", "indicator_id", "value", "reason"),
                    on=["unit_id", "period", "indicator_id"], how="left")
    status = (pl.when(_geo_of(pl.col("unit_id")) != pl.col("geography")).then(pl.lit("absent"))
              .when(pl.col("value").is_null()).then(pl.lit("not_scored")).otherwise(pl.lit("scored")))
    return (
        out.with_columns(pl.col("value").cast(pl.Float64).fill_nan(None), status.alias("status"),
                         period_start_expr("period").alias("period_start"))
        .sort("_u", "_i", "period_start")
        .select(SERIES_COLUMNS)
    )


def reference_series(scores: pl.DataFrame, indicator: str, *, direction: str = "higher",
                     decimals: int | None = None, units: pl.DataFrame | None = None,
                     region: str | None = None) -> pl.DataFrame:
    """Reference lines per period: ``series`` = ``"mean"`` (all units of the
    level, :func:`cchc.ranking.group_means`), ``"region_mean"`` (units of
    ``region``, when ``units`` and ``region`` are given) and ``"best"`` (the
    rank-1 unit, direction-aware at ``decimals``).

    Columns: ``series, period, period_start, value, unit_id, n_scored``.
    ``unit_id`` is the best unit (ties: the lowest id; ``n_scored`` then counts
    the tied units) and null for means. A period with no score has a null
    value (a gap), never 0.

    >>> scores = pl.DataFrame({"unit_id": ["a", "b", "a", "b"], "period": ["2022", "2022", "2023", "2023"],
    ...                        "indicator_id": ["papi"] * 4, "value": [40.0, 42.0, 46.0415, None]})
    >>> ref = reference_series(scores, "papi", decimals=4)
    >>> ref.filter(pl.col("series") == "best").select("period", "value", "unit_id").rows()
    [('2022', 42.0, 'b'), ('2023', 46.0415, 'a')]
    >>> ref.filter(pl.col("series") == "mean")["value"].to_list()
    [41.0, 46.0415]
    """
    s = scores.filter(pl.col("indicator_id") == indicator).select("unit_id", "period", "value")
    parts = [group_means(s, by="period").select(
        pl.lit("mean").alias("series"), "period", pl.col("mean").alias("value"),
        pl.lit(None, pl.String).alias("unit_id"), "n_scored")]
    if units is not None and region:
        in_region = s.join(units.select("unit_id", "region"), on="unit_id", how="inner").filter(
            pl.col("region") == region)
        periods = s.select("period").unique()
        means = group_means(in_region, by="period").select("period", pl.col("mean").alias("value"), "n_scored")
        parts.append(periods.join(means, on="period", how="left").select(
            pl.lit("region_mean").alias("series"), "period", "value", pl.lit(None, pl.String).alias("unit_id"),
            pl.col("n_scored").fill_null(0)))
    ranked = rank_units(s, direction=direction, by="period", decimals=decimals)
    best = (ranked.filter(pl.col("rank") == 1).sort("period", "unit_id")
            .group_by("period", maintain_order=True)
            .agg(pl.col("value").first(), pl.col("unit_id").first(), pl.len().cast(pl.Int64).alias("n_scored")))
    parts.append(s.select("period").unique().join(best, on="period", how="left").select(
        pl.lit("best").alias("series"), "period", "value", "unit_id", pl.col("n_scored").fill_null(0)))
    out = pl.concat(parts, how="vertical_relaxed").with_columns(period_start_expr("period").alias("period_start"))
    order = {"mean": 0, "region_mean": 1, "best": 2}
    return (out.with_columns(pl.col("series").replace_strict(order, return_dtype=pl.Int8).alias("_o"))
            .sort("_o", "period_start").drop("_o")
            .select("series", "period", "period_start", "value", "unit_id", "n_scored"))


def change_since(frame: pl.DataFrame, base: str, *, by: str | Sequence[str] = "unit_id",
                 value: str = "value") -> pl.DataFrame:
    """Add ``base_value`` and ``change`` = value − base_value within each ``by`` group.

    The change is the raw difference (positive = the score rose, whatever the
    direction). Where the group has no value in ``base`` (not scored, absent,
    or ``base`` not among the periods) ``base_value`` and every ``change`` of
    the group are null — not measured from 0.

    >>> df = pl.DataFrame({"unit_id": ["a"] * 3 + ["b"] * 3, "period": ["2021", "2022", "2023"] * 2,
    ...                    "value": [80.0, 82.5, None, None, 70.0, 71.0]})
    >>> change_since(df, "2021")["change"].to_list()
    [0.0, 2.5, None, None, None, None]
    """
    keys = [by] if isinstance(by, str) else list(by)
    base_rows = frame.filter(pl.col("period") == base).select(*keys, pl.col(value).alias("base_value"))
    out = frame.join(base_rows.unique(subset=keys, keep="first"), on=keys, how="left", maintain_order="left",
                     nulls_equal=True)
    return out.with_columns((pl.col(value) - pl.col("base_value")).alias("change"))


def absent_spans(series: pl.DataFrame) -> pl.DataFrame:
    """Units that did not exist in some periods of the series: ``unit_id, first, last, n``
    (first and last absent period, number of absent periods), in series order."""
    absent = series.filter(pl.col("status") == "absent").select("unit_id", "period").unique()
    if absent.is_empty():
        return pl.DataFrame(schema={"unit_id": pl.String, "first": pl.String, "last": pl.String, "n": pl.Int64})
    order = {u: i for i, u in enumerate(dict.fromkeys(series["unit_id"]))}
    rows = []
    for unit_id, periods in absent.group_by("unit_id").agg("period").iter_rows():
        p = sort_periods(periods)
        rows.append((order.get(unit_id, 0), unit_id, p[0], p[-1], len(p)))
    rows.sort()
    return pl.DataFrame([r[1:] for r in rows], schema={"unit_id": pl.String, "first": pl.String, "last": pl.String,
                                                       "n": pl.Int64}, orient="row")


def extremes(scores: pl.DataFrame, indicator: str, period: str, *, direction: str = "higher",
             decimals: int | None = None) -> list[str]:
    """The best, the median and the worst scored unit of ``period`` (ids, in that order,
    without repeats: fewer than three scored units give fewer ids; none give ``[]``).

    Ties at the published precision are broken by unit id; the median is the
    unit at position ⌈n/2⌉ of the ranking.
    """
    s = scores.filter((pl.col("indicator_id") == indicator) & (pl.col("period") == period))
    ranked = rank_units(s, direction=direction, decimals=decimals).filter(pl.col("rank").is_not_null())
    ids = ranked.sort("rank", "unit_id")["unit_id"].to_list()
    if not ids:
        return []
    return list(dict.fromkeys([ids[0], ids[(len(ids) - 1) // 2], ids[-1]]))


def carry_over(unit_ids: Sequence[str], options: Sequence[str], crosswalk: pl.DataFrame) -> list[str]:
    """Keep the ids that are options; map the others through the crosswalk
    (old unit -> the new unit(s) it went to) when those are options. Order
    kept, repeats dropped, anything else left out. Switching to the
    re-expressed view thus keeps "Phú Thọ (cũ)" selected as "Phú Thọ".
    """
    allowed = set(options)
    links = crosswalk.group_by("from_id", maintain_order=True).agg("to_id")
    succ = dict(zip(links["from_id"], links["to_id"]))
    out: list[str] = []
    for u in unit_ids:
        for v in ([u] if u in allowed else succ.get(u, [])):
            if v in allowed and v not in out:
                out.append(v)
    return out


def periods_of(scores: pl.DataFrame, *, until: str | None = None) -> list[str]:
    """The scores' periods in order (up to ``until`` inclusive when given)."""
    periods = sort_periods(scores["period"].unique().to_list())
    return [p for p in periods if until is None or sort_key(p) <= sort_key(until)]


def component_means(scores: pl.DataFrame, indicator_ids: Sequence[str]) -> pl.DataFrame:
    """Mean of every unit of the level per indicator and period (nulls ignored; a
    period with no score has a null mean): ``indicator_id, period, period_start, value``."""
    s = scores.filter(pl.col("indicator_id").is_in(list(indicator_ids)))
    means = group_means(s, by=("indicator_id", "period"))
    return (means.select("indicator_id", "period", pl.col("mean").alias("value"))
            .with_columns(period_start_expr("period").alias("period_start"))
            .sort("indicator_id", "period_start").select("indicator_id", "period", "period_start", "value"))


def stackable(parent, components: Sequence) -> bool:
    """Whether ``components`` can be drawn stacked up to ``parent``'s value: their points add
    up to it (a plain sum, or a percentage of a maximum equal to the sum of their maxima).

    >>> from types import SimpleNamespace as N
    >>> stackable(N(aggregate="sum", max_points=10), [N(max_points=5), N(max_points=5)])
    True
    >>> stackable(N(aggregate="weighted_mean", max_points=10), [N(max_points=10)])
    False
    """
    if parent.aggregate == "sum":
        return True
    return parent.aggregate == "pct_of_max" and parent.max_points == sum(c.max_points or 0 for c in components)


def longest_history_period(scores: pl.DataFrame, indicator: str) -> str | None:
    """The latest period of the boundary set with the most periods of ``indicator`` — where a trend of the
    best, median and worst units shows the most history (not 2025, which the 34 new provinces have alone).

    >>> s = pl.DataFrame({"indicator_id": ["x"] * 4, "period": ["2023", "2024", "2024", "2025"],
    ...                   "geography": ["vn63", "vn63", "vn63", "vn34"]})
    >>> longest_history_period(s, "x")
    '2024'
    """
    s = scores.filter(pl.col("indicator_id") == indicator).select("geography", "period").unique()
    if s.is_empty():
        return None
    counts = s.group_by("geography").agg(pl.len().alias("n"), pl.col("period").max().alias("last"))
    best = counts.sort(["n", "last"], descending=True).row(0, named=True)
    periods = [p for p in s.filter(pl.col("geography") == best["geography"])["period"].to_list()]
    return sort_periods(periods)[-1]
