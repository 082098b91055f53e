"""Scores of one index on one geography: as published, or re-expressed on today's units.

``index_scores`` runs the engine period by period on the geography the data
were published on; for a vn34 view of years published on vn63 it first
re-expresses the raw observations through the crosswalk
(:mod:`cchc.reexpress`) and then computes, so components and totals stay
consistent. Going back (vn34 data on vn63 units) is not possible and such
periods are left out.

>>> s = index_scores(obs, papi, units, crosswalk, geography="vn34")   # doctest: +SKIP
>>> s.filter(pl.col("period") == "2023")["geography"].unique().to_list()   # doctest: +SKIP
['vn34']
"""

from __future__ import annotations

import polars as pl

from cchc.definitions import IndexDef
from cchc.indices import compute_scores
from cchc.reexpress import ReexpressError, reexpress_observations

GEOGRAPHIES = ("vn63", "vn34")


def relevant_observations(observations: pl.DataFrame, definition: IndexDef) -> pl.DataFrame:
    """Only the rows whose indicator belongs to ``definition`` (leaves, raw inputs or nodes)."""
    wanted = set(definition.indicator_ids()) | set(definition.leaf_inputs())
    return observations.filter(pl.col("indicator_id").is_in(sorted(wanted)))


def period_geographies(observations: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """``period``, ``level``, ``geography``: where each period's data were published."""
    return (
        observations.select("unit_id", "period").unique()
        .join(units.select("unit_id", "level", "geography"), on="unit_id", how="inner")
        .select("period", "level", "geography").unique()
        .sort("period", "level", "geography")
    )


def index_scores(
    observations: pl.DataFrame,
    definition: IndexDef,
    units: pl.DataFrame,
    crosswalk: pl.DataFrame,
    *,
    level: str,
    geography: str | None = None,
) -> pl.DataFrame:
    """Engine output for every node of ``definition`` at ``level``, plus
    ``geography`` (str), ``reexpressed`` (bool) and the coverage columns
    ``n_sources``/``n_used`` (Int64, null unless re-expressed: how many old
    units fed the new one, and how many of them were scored).

    ``geography=None`` keeps every period as published. ``"vn34"`` re-expresses
    vn63 periods (raises :class:`ReexpressError` if the index's rule is
    ``none`` or the level has no crosswalk, e.g. districts). ``"vn63"`` keeps
    only periods published on vn63.
    """
    if geography not in (None, *GEOGRAPHIES):
        raise ValueError(f"geography must be vn63 or vn34, not {geography!r}")
    at_level = units.filter(pl.col("level") == level).select("unit_id", "geography")
    obs = relevant_observations(observations, definition).join(at_level, on="unit_id", how="inner")
    parts = []
    for geo in GEOGRAPHIES:
        part = obs.filter(pl.col("geography") == geo).drop("geography")
        if part.is_empty():
            continue
        if geography is None or geography == geo:
            parts.append(_with_coverage(compute_scores(part, definition), geo, False))
        elif geography == "vn34" and geo == "vn63":
            spec = {"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}
            if level not in ("province", "commune"):
                raise ReexpressError(f"{level} units have no successor on the 34-province geography")
            names = dict(zip(units["unit_id"], units["short_vi"]))
            moved = reexpress_observations(part, crosswalk, spec, level=level, names=names)
            coverage = moved.group_by("unit_id", "period").agg(
                pl.col("n_sources").max(), pl.col("n_used").min())
            scores = compute_scores(moved.drop("n_sources", "n_used"), definition)
            parts.append(_with_coverage(scores, geo, True).drop("n_sources", "n_used")
                         .join(coverage, on=["unit_id", "period"], how="left")
                         .with_columns(pl.lit("vn34").alias("geography")))
    if not parts:
        return _with_coverage(compute_scores(obs.drop("geography"), definition), geography or "vn34", False).head(0)
    return pl.concat(parts, how="vertical_relaxed").sort("period", "unit_id", "indicator_id")


def _with_coverage(scores: pl.DataFrame, geography: str, reexpressed: bool) -> pl.DataFrame:
    return scores.with_columns(
        pl.lit(geography).alias("geography"),
        pl.lit(reexpressed).alias("reexpressed"),
        pl.lit(None, dtype=pl.Int64).alias("n_sources"),
        pl.lit(None, dtype=pl.Int64).alias("n_used"),
    )
