"""One unit's profile: its scorecard among peers, strengths and weaknesses, the
old units it came from, and which indices score the units below it.

Peers are the units of the same level and geography scored in the same
period (the rows of :func:`cchc.scores.index_scores` for that period). Ranks
follow :mod:`cchc.ranking` (rank 1 = best, direction-aware at each node's
published precision, ties share a rank, not-scored units are not ranked).

>>> card = scorecard(scores, papi, "vn63:province:01", "2023")          # doctest: +SKIP
>>> card.select("indicator_id", "rank", "n_ranked").row(0)             # doctest: +SKIP
('papi', 15, 61)
"""

from __future__ import annotations

import polars as pl

from cchc.units import LEVELS
from cchc.definitions import IndexDef
from cchc.ranking import group_means, percentiles, rank_changes, rank_units

CARD_COLUMNS = [
    "indicator_id", "depth", "value", "max_points", "pct_of_max", "rank", "n_ranked", "percentile", "peer_mean",
    "best_value", "prev_period", "prev_value", "change", "prev_rank", "rank_change", "status", "reason",
]


def _geo(unit_id: str) -> str:
    return unit_id.split(":", 1)[0]


def scorecard(scores: pl.DataFrame, definition: IndexDef, unit_id: str, period: str, *,
              depth: int = 1) -> pl.DataFrame:
    """The unit's total and every component down to ``depth`` (definition order),
    with rank among peers, percentile (:func:`cchc.ranking.percentiles`: share
    of peers strictly worse, 0–100), peer mean and best value, and the change
    of value and rank against the previous period in which the peers were
    scored (same geography; :func:`cchc.ranking.rank_changes`).

    ``status``: ``scored``; ``not_scored`` (no value — rank, percentile and
    change null, ``reason`` kept); ``absent`` when ``period`` was published
    on the other geography (the unit did not exist then): every figure null.
    ``pct_of_max`` = 100·value/max_points (null without a maximum).
    """
    nodes = [n for n in definition.nodes() if n.depth <= depth]
    ids = [n.indicator_id for n in nodes]
    meta = pl.DataFrame({"indicator_id": ids, "depth": [n.depth for n in nodes],
                         "max_points": [n.max_points for n in nodes], "_o": list(range(len(nodes)))},
                        schema={"indicator_id": pl.String, "depth": pl.Int64, "max_points": pl.Float64,
                                "_o": pl.Int64})
    s = scores.filter(pl.col("indicator_id").is_in(ids) & (pl.col("geography") == _geo(unit_id)))
    if s.filter(pl.col("period") == period).is_empty():
        return _empty_card(meta, "absent")
    parts = []
    for n in nodes:
        part = s.filter(pl.col("indicator_id") == n.indicator_id).select(
            "unit_id", "period", "indicator_id", pl.col("value").cast(pl.Float64).fill_nan(None), "status", "reason")
        part = rank_units(part, direction=n.direction, by="period", decimals=n.decimals)
        part = percentiles(part, direction=n.direction, by="period", decimals=n.decimals)
        best = part.filter(pl.col("rank") == 1).group_by("period").agg(pl.col("value").first().alias("best_value"))
        parts.append(part.join(best, on="period", how="left"))
    ranked = rank_changes(pl.concat(parts, how="vertical_relaxed"), by="indicator_id")
    now = ranked.filter(pl.col("period") == period)
    means = group_means(now, by="indicator_id").select("indicator_id", pl.col("mean").alias("peer_mean"))
    mine = now.filter(pl.col("unit_id") == unit_id)
    if mine.is_empty():
        return _with_means(_empty_card(meta, "not_scored"), means)
    out = meta.join(mine.drop("status"), on="indicator_id", how="left").join(means, on="indicator_id", how="left")
    return out.with_columns(
        (pl.col("value") * 100 / pl.col("max_points")).alias("pct_of_max"),
        pl.when(pl.col("value").is_null()).then(pl.lit("not_scored")).otherwise(pl.lit("scored")).alias("status"),
    ).sort("_o").select(CARD_COLUMNS)


def _empty_card(meta: pl.DataFrame, status: str) -> pl.DataFrame:
    floats = {"value", "pct_of_max", "percentile", "peer_mean", "best_value", "prev_value", "change"}
    ints = {"rank", "n_ranked", "prev_rank", "rank_change"}
    cols = [pl.lit(None, pl.Float64 if c in floats else pl.Int64 if c in ints else pl.String).alias(c)
            for c in CARD_COLUMNS if c not in ("indicator_id", "depth", "max_points", "status")]
    return meta.sort("_o").with_columns(*cols, pl.lit(status).alias("status")).select(CARD_COLUMNS)


def _with_means(card: pl.DataFrame, means: pl.DataFrame) -> pl.DataFrame:
    return card.drop("peer_mean").join(means, on="indicator_id", how="left", maintain_order="left").select(CARD_COLUMNS)


def strengths_weaknesses(card: pl.DataFrame, n: int = 3) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The first-level components where the unit stands highest among its peers and
    those where it stands lowest, by percentile (share of peers strictly worse).

    Strengths: up to ``n`` components at or above the median of the peers
    (percentile ≥ 50), best first. Weaknesses: up to ``n`` below it
    (percentile < 50), worst first. So a component is never both, and a unit
    at the top of every component has no weakness (rather than calling its
    least-strong first place a weakness). Ties: higher ``pct_of_max`` first
    (strengths) or last (weaknesses), then definition order. Components not
    scored are left out.

    >>> strong, weak = strengths_weaknesses(card, 3)                     # doctest: +SKIP
    """
    comp = card.with_row_index("_o").filter((pl.col("depth") == 1) & pl.col("percentile").is_not_null())
    strong = comp.filter(pl.col("percentile") >= 50).sort(
        ["percentile", "pct_of_max", "_o"], descending=[True, True, False], nulls_last=True)
    weak = comp.filter(pl.col("percentile") < 50).sort(
        ["percentile", "pct_of_max", "_o"], descending=[False, False, False], nulls_last=True)
    return strong.head(n).drop("_o"), weak.head(n).drop("_o")


def predecessors(crosswalk: pl.DataFrame, units: pl.DataFrame, unit_id: str, lang: str = "vi") -> pl.DataFrame:
    """The old (vn63) units a new unit was formed from: ``unit_id, name, share,
    share_method`` (share = fraction of the old unit that went to this one),
    largest share first, then by id. Empty for a vn63 unit or an unknown id."""
    return _links(crosswalk.filter(pl.col("to_id") == unit_id).select(pl.col("from_id").alias("unit_id"),
                                                                      "share", "share_method"), units, lang)


def successors(crosswalk: pl.DataFrame, units: pl.DataFrame, unit_id: str, lang: str = "vi") -> pl.DataFrame:
    """The new (vn34) units an old unit went to, same columns as :func:`predecessors`."""
    return _links(crosswalk.filter(pl.col("from_id") == unit_id).select(pl.col("to_id").alias("unit_id"),
                                                                        "share", "share_method"), units, lang)


def _links(rows: pl.DataFrame, units: pl.DataFrame, lang: str) -> pl.DataFrame:
    col = "short_en" if lang == "en" else "short_vi"
    return (rows.join(units.select("unit_id", pl.col(col).alias("name")), on="unit_id", how="left")
            .with_columns(pl.coalesce("name", "unit_id").alias("name"))
            .sort(["share", "unit_id"], descending=[True, False])
            .select("unit_id", "name", "share", "share_method"))


def last_scores(scores: pl.DataFrame, unit_ids: list[str], indicator: str, *, direction: str = "higher",
                decimals: int | None = None) -> pl.DataFrame:
    """For each unit, its latest scored period in ``scores`` with the value and the
    rank among the units of the same geography scored then: ``unit_id, period,
    value, rank, n_ranked`` (all null for a unit never scored). Units in the
    given order.
    """
    s = scores.filter(pl.col("indicator_id") == indicator).select("unit_id", "period", "geography", "value")
    ranked = rank_units(s, direction=direction, by=("period", "geography"), decimals=decimals)
    scored = ranked.filter(pl.col("rank").is_not_null() & pl.col("unit_id").is_in(unit_ids))
    latest = (scored.join(scored.group_by("unit_id").agg(pl.col("period").max().alias("period")),
                          on=["unit_id", "period"], how="semi"))
    # period strings of one grain sort chronologically as text (2023 < 2024, 2025-06 < 2025-07)
    return (pl.DataFrame({"unit_id": unit_ids}, schema={"unit_id": pl.String})
            .join(latest.select("unit_id", "period", "value", "rank", "n_ranked"), on="unit_id", how="left",
                  maintain_order="left"))


def child_sources(coverage: pl.DataFrame, units: pl.DataFrame, unit_id: str) -> pl.DataFrame:
    """Which indices score units below ``unit_id``: ``index, level, n_units``.

    ``coverage`` lists ``index, unit_id`` pairs with data. A unit counts as
    below when it is a direct child or, for a province, anywhere in it
    (``province_id``). Sorted by index then level (province → ministry order
    of :data:`cchc.units.LEVELS`). Empty when nothing below is scored.
    """

    below = units.filter(((pl.col("parent_id") == unit_id) | (pl.col("province_id") == unit_id))
                         & (pl.col("unit_id") != unit_id)).select("unit_id", "level")
    out = (coverage.join(below, on="unit_id", how="inner").group_by("index", "level")
           .agg(pl.col("unit_id").n_unique().cast(pl.Int64).alias("n_units")))
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return (out.with_columns(pl.col("level").replace_strict(order, default=99, return_dtype=pl.Int64).alias("_l"))
            .sort("index", "_l").drop("_l"))
