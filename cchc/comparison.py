"""Side-by-side comparison of a few units: components on a common 0–100 scale,
and who moved between a base period and the current one.

Input is :func:`cchc.scores.index_scores` output for one level. Nothing here
fills a missing value: a unit not scored on a component has a null value and
a null share, drawn as a missing bar or a gap in the radar.

>>> m = component_matrix(scores, papi, ["vn63:province:01", "vn63:province:79"], "2023")   # doctest: +SKIP
>>> m.columns[:4]                                                                            # doctest: +SKIP
['unit_id', 'indicator_id', 'value', 'max_points']
"""

from __future__ import annotations

from typing import Sequence

import polars as pl

from cchc.definitions import IndexDef
from cchc.ranking import rank_units

MATRIX_COLUMNS = ["unit_id", "indicator_id", "value", "max_points", "pct", "status"]
MOVEMENT_COLUMNS = ["unit_id", "base_value", "value", "change", "improved", "base_rank", "rank", "n_base",
                    "n_current", "status", "order"]


def component_matrix(scores: pl.DataFrame, definition: IndexDef, unit_ids: Sequence[str], period: str, *,
                     indicator: str | None = None) -> pl.DataFrame:
    """One row per unit × component of ``indicator`` (default: the index's first-level
    components) in ``period``, units in the given order, components in definition order.

    ``pct`` is the value as a share of the component's maximum points, 0–100,
    100 = best possible: ``100·value/max`` when higher is better,
    ``100·(1 − value/max)`` when lower is better. A component without a declared
    maximum is scaled by the largest value any unit of the level has on it in
    ``period`` (so 100 = the best unit). ``status``: ``scored``, ``not_scored``
    (null value, or no row).

    >>> m.filter(pl.col("value") == pl.col("max_points"))["pct"].unique().to_list()   # doctest: +SKIP
    [100.0]
    """
    nodes = definition.children(indicator)
    ids = [n.indicator_id for n in nodes]
    meta = pl.DataFrame({
        "indicator_id": ids, "_c": list(range(len(ids))),
        "declared": [n.max_points for n in nodes], "direction": [n.direction for n in nodes],
    }, schema={"indicator_id": pl.String, "_c": pl.Int64, "declared": pl.Float64, "direction": pl.String})
    at = scores.filter((pl.col("period") == period) & pl.col("indicator_id").is_in(ids))
    peer_max = at.group_by("indicator_id").agg(pl.col("value").max().alias("peer_max"))
    grid = (pl.DataFrame({"unit_id": list(unit_ids)}, schema={"unit_id": pl.String}).with_row_index("_u")
            .join(meta, how="cross"))
    out = (grid.join(at.select("unit_id", "indicator_id", "value"), on=["unit_id", "indicator_id"], how="left")
           .join(peer_max, on="indicator_id", how="left")
           .with_columns(pl.col("value").cast(pl.Float64).fill_nan(None),
                         pl.coalesce("declared", "peer_max").alias("max_points")))
    share = pl.col("value") / pl.col("max_points")
    pct = pl.when(pl.col("max_points").is_null() | (pl.col("max_points") == 0)).then(None) \
        .when(pl.col("direction") == "lower").then((1 - share) * 100).otherwise(share * 100)
    return (out.with_columns(pct.alias("pct"),
                             pl.when(pl.col("value").is_null()).then(pl.lit("not_scored"))
                             .otherwise(pl.lit("scored")).alias("status"))
            .sort("_u", "_c").select(MATRIX_COLUMNS))


def movement(scores: pl.DataFrame, unit_ids: Sequence[str], indicator: str, base: str, current: str, *,
             direction: str = "higher", decimals: int | None = None) -> pl.DataFrame:
    """Base and current value and rank of each unit, and the change between them.

    ``change`` = value − base_value (raw); ``improved`` is direction-aware
    (a fall is an improvement when lower is better; null when either value is
    missing or the change is 0 at ``decimals``). Ranks are among all units of
    the level scored in that period (``n_base``/``n_current``, the same on every row). ``status``:
    ``both``, ``base_missing``, ``current_missing`` or ``neither`` (a unit of
    the other geography counts as missing). ``order`` (0 = top of a chart):
    units with both values first, biggest improvement first (ties by current
    value, best first, then id), then the others in the given order.

    >>> movement(scores, ["a", "b"], "t", "2021", "2022")["order"].to_list()   # doctest: +SKIP
    [0, 1]
    """
    s = scores.filter(pl.col("indicator_id") == indicator)

    def at(period: str, suffix: str) -> tuple[pl.DataFrame, int]:
        ranked = rank_units(s.filter(pl.col("period") == period).select("unit_id", "value"), direction=direction,
                            decimals=decimals)
        n = int(ranked["rank"].count())
        return ranked.select("unit_id", pl.col("value").alias(f"value{suffix}"), pl.col("rank").alias(f"rank{suffix}"),
                             pl.lit(n, pl.Int64).alias(f"n{suffix}")), n

    (b, n_b), (c, n_c) = at(base, "_b"), at(current, "_c")
    out = (pl.DataFrame({"unit_id": list(unit_ids)}, schema={"unit_id": pl.String}).with_row_index("_u")
           .join(b.drop("n_b"), on="unit_id", how="left").join(c.drop("n_c"), on="unit_id", how="left")
           .with_columns(pl.lit(n_b, pl.Int64).alias("n_b"), pl.lit(n_c, pl.Int64).alias("n_c")))
    sign = -1.0 if direction == "lower" else 1.0
    change = pl.col("value_c") - pl.col("value_b")
    rounded = change.round(decimals) if decimals is not None else change
    out = out.with_columns(
        change.alias("change"),
        pl.when(rounded.is_null() | (rounded == 0)).then(None).otherwise(rounded * sign > 0).alias("improved"),
        pl.when(pl.col("value_b").is_not_null() & pl.col("value_c").is_not_null()).then(pl.lit("both"))
        .when(pl.col("value_c").is_not_null()).then(pl.lit("base_missing"))
        .when(pl.col("value_b").is_not_null()).then(pl.lit("current_missing"))
        .otherwise(pl.lit("neither")).alias("status"),
    )
    ordered = out.sort(pl.col("status") != "both", pl.when(pl.col("status") == "both").then(-sign * pl.col("change")),
                       pl.when(pl.col("status") == "both").then(-sign * pl.col("value_c")),
                       pl.when(pl.col("status") == "both").then(pl.col("unit_id")), "_u", nulls_last=True)
    return ordered.with_row_index("order").select(
        "unit_id", pl.col("value_b").alias("base_value"), pl.col("value_c").alias("value"), "change", "improved",
        pl.col("rank_b").alias("base_rank"), pl.col("rank_c").alias("rank"), pl.col("n_b").alias("n_base"),
        pl.col("n_c").alias("n_current"), "status", pl.col("order").cast(pl.Int64))
