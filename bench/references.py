"""Plain references for the league table and the trend of a ratio index (the 766 index), and the checks
that the app path gives the same ranks.

Two references compute what the Rankings page shows for one period — every unit's total score from its raw
inputs, its rank, its rank in the previous period and the rank change — without any of ``cchc``'s engine:

- :class:`PandasReference`: the observation files read once into one pandas frame (as a warm app holds its
  data in memory); each call filters it to the two periods and the index's raw inputs, keeps the units of
  the level, pivots (one column per input), computes every node as the definition says, and ranks;
- :class:`LazyPolarsReference`: each call is one ``pl.scan_parquet`` of the files, with the period and
  input filter pushed down to the scan (the files are sorted by period, so row-group statistics skip the
  other months), the same computation as Polars expressions, and ranks.

Both read the index definition (the ratio leaves' inputs, targets, maxima, complements, zero-denominator
rule, decimals; the composites' sums) and round each node as published: half away from zero at its
decimals, after the 1e-9 nudge that absorbs binary noise. They cover ratio leaves and composites that
are plain sums with ``missing: propagate`` — the 766 index — and refuse any other definition.

:func:`compare_league` and :func:`compare_trend` return a list of differences (empty: they agree).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
import polars as pl

from cchc.definitions import IndexDef, Node

NUDGE = 1e-9
LEAGUE_KEYS = ("rank", "score", "prev_rank", "rank_change")


class ReferenceError(RuntimeError):
    """The references and the app path disagree (or the definition is beyond the references)."""


def check_definition(d: IndexDef) -> None:
    """Refuse definitions the references do not implement."""
    for n in d.nodes():
        if n.kind == "ratio":
            continue
        if n.kind != "composite" or n.aggregate != "sum" or n.missing != "propagate":
            raise ReferenceError(f"the references cover ratio leaves and propagating sums, not {n.indicator_id} "
                                 f"({n.kind}, {n.aggregate}, {n.missing})")


# ------------------------------------------------------------------ numpy (pandas reference)
def round_half_up(x: np.ndarray, decimals: int) -> np.ndarray:
    """Half away from zero at ``decimals`` (NaN stays NaN), after the 1e-9 nudge."""
    y = x + np.sign(x) * NUDGE
    a = np.abs(y) * 10.0 ** decimals
    whole = np.floor(a)
    r = whole + (a - whole >= 0.5)
    return np.sign(y) * r / 10.0 ** decimals


def _np_node(node: Node, cols: dict[str, np.ndarray]) -> np.ndarray:
    if node.kind == "ratio":
        num = sum(cols[i] for i in node.numerator)
        den = sum(cols[i] for i in node.denominator)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(den != 0, num / den, np.nan)
        if node.complement:
            ratio = 1.0 - ratio
        points = np.clip(ratio / (node.target or 1.0), 0.0, 1.0) * node.max_points
        on_zero = {"full": float(node.max_points), "zero": 0.0, "missing": np.nan}[node.if_denominator_zero]
        points = np.where((den == 0) & ~np.isnan(den), on_zero, points)
        points = np.where(np.isnan(den), np.nan, points)
        return round_half_up(points, node.decimals)
    total = sum(_np_node(k, cols) for k in node.components)  # NaN propagates: missing: propagate
    return round_half_up(total, node.decimals)


# ------------------------------------------------------------------ Polars expressions (lazy reference)
def _pl_round(x: pl.Expr, decimals: int) -> pl.Expr:
    return (x + x.sign() * NUDGE).round(decimals, mode="half_away_from_zero")


def _pl_total(ids: Sequence[str]) -> pl.Expr:
    """The sum of some inputs, missing when any of them is (``+`` propagates nulls)."""
    total = pl.col(ids[0])
    for i in ids[1:]:
        total = total + pl.col(i)
    return total


def _pl_node(node: Node) -> pl.Expr:
    if node.kind == "ratio":
        num, den = _pl_total(node.numerator), _pl_total(node.denominator)
        ratio = num / den
        if node.complement:
            ratio = 1.0 - ratio
        points = (ratio / (node.target or 1.0)).clip(0.0, 1.0) * node.max_points
        on_zero = {"full": float(node.max_points), "zero": 0.0, "missing": None}[node.if_denominator_zero]
        points = pl.when(den == 0).then(pl.lit(on_zero, pl.Float64)).otherwise(points)
        return _pl_round(points, node.decimals)
    parts = [_pl_node(k) for k in node.components]
    total = parts[0]
    for p in parts[1:]:
        total = total + p  # + propagates nulls
    return _pl_round(total, node.decimals)


# ------------------------------------------------------------------ the data the references share
@dataclass(frozen=True)
class Setup:
    """What a warm app knows before any call: the index definition, the observation files of the index,
    the units of the level and the periods with data on each geography (oldest first)."""

    definition: IndexDef
    files: tuple[Path, ...]
    level_units: pl.DataFrame          # unit_id, geography of every unit of the level
    periods: dict[str, list[str]]      # geography -> periods with data at the level

    @property
    def inputs(self) -> list[str]:
        return list(self.definition.leaf_inputs())

    def geography(self, period: str) -> str:
        for geo, periods in self.periods.items():
            if period in periods:
                return geo
        raise ReferenceError(f"no data at this level in {period}")

    def previous(self, period: str) -> str | None:
        """The period before ``period`` on the same geography (None for the first)."""
        periods = self.periods[self.geography(period)]
        k = periods.index(period)
        return periods[k - 1] if k else None


def setup(folder: Path, catalogue: list[dict[str, Any]], units: pl.DataFrame, definition: IndexDef,
          level: str) -> Setup:
    check_definition(definition)
    files = tuple(folder / e["file"] for e in catalogue if definition.id in e.get("indices", []))
    at = units.filter(pl.col("level") == level).select("unit_id", "geography")
    found = (pl.scan_parquet(list(files)).filter(pl.col("indicator_id").is_in(list(definition.leaf_inputs())))
             .select("unit_id", "period").unique().join(at.lazy(), on="unit_id")
             .select("geography", "period").unique().collect())
    periods = {g: sorted(found.filter(pl.col("geography") == g)["period"].to_list())
               for g in sorted(found["geography"].unique().to_list())}
    return Setup(definition, files, at, periods)


def _ranked(frame: pd.DataFrame, direction: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["rank"] = frame.groupby("period")["score"].rank(method="min", ascending=direction == "lower")
    return frame


def _league(scored: pd.DataFrame, period: str, prev: str | None) -> dict[str, tuple]:
    """unit_id -> (rank, score, prev_rank, rank_change) of ``period`` (None where not ranked)."""
    now = scored[scored["period"] == period].set_index("unit_id")
    before = scored[scored["period"] == prev].set_index("unit_id")["rank"] if prev else pd.Series(dtype=float)
    out = {}
    for unit, rank, score in zip(now.index, now["rank"], now["score"]):
        if math.isnan(rank):
            continue
        p = before.get(unit, np.nan)
        p = None if p is None or math.isnan(p) else int(p)
        out[unit] = (int(rank), float(score), p, None if p is None else p - int(rank))
    return out


class PandasReference:
    """The league and the trend in plain pandas, from the observations held in memory (the key columns as
    categories, as one holds a long table in pandas)."""

    def __init__(self, s: Setup):
        self.s = s
        frames = [pd.read_parquet(f, columns=["unit_id", "period", "indicator_id", "value"]) for f in s.files]
        obs = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        self.obs = obs.astype({"unit_id": "category", "period": "category", "indicator_id": "category"})
        self.level_ids = s.level_units["unit_id"].to_list()

    def _scores(self, rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows[rows["indicator_id"].isin(self.s.inputs) & rows["unit_id"].isin(self.level_ids)]
        wide = rows.set_index(["period", "unit_id", "indicator_id"])["value"].unstack("indicator_id")
        cols = {i: (wide[i].to_numpy(dtype=float) if i in wide.columns else np.full(len(wide), np.nan))
                for i in self.s.inputs}
        out = wide.index.to_frame(index=False).astype({"period": str, "unit_id": str})
        out["score"] = _np_node(self.s.definition.root, cols)
        return _ranked(out, self.s.definition.direction)

    def league(self, period: str) -> dict[str, tuple]:
        prev = self.s.previous(period)
        wanted = [period] + ([prev] if prev else [])
        return _league(self._scores(self.obs[self.obs["period"].isin(wanted)]), period, prev)

    def trend(self, unit_ids: Sequence[str]) -> dict[str, Any]:
        """Every period: the units' scores, the mean of all units and the best one (ties: the lowest id)."""
        scored = self._scores(self.obs)
        chosen = scored[scored["unit_id"].isin(list(unit_ids))]
        values = {(u, p): (None if math.isnan(v) else float(v))
                  for u, p, v in zip(chosen["unit_id"], chosen["period"], chosen["score"])}
        means = scored.groupby("period")["score"].mean()
        top = scored[scored["rank"] == 1].sort_values(["period", "unit_id"]).groupby("period").first()
        return {"values": values, "mean": {p: float(m) for p, m in means.items() if not math.isnan(m)},
                "best": {p: (float(sc), u) for p, sc, u in zip(top.index, top["score"], top["unit_id"])}}


class LazyPolarsReference:
    """The league as one lazy Polars query over the Parquet files, filters pushed down to the scan."""

    def __init__(self, s: Setup):
        self.s = s
        self.score = _pl_node(s.definition.root).alias("score")

    def league(self, period: str) -> dict[str, tuple]:
        s = self.s
        prev = s.previous(period)
        wanted = [period] + ([prev] if prev else [])
        wide = (pl.scan_parquet(list(s.files))
                .filter(pl.col("period").is_in(wanted) & pl.col("indicator_id").is_in(s.inputs))
                .select("unit_id", "period", "indicator_id", "value")
                .join(s.level_units.lazy().select("unit_id"), on="unit_id")
                .group_by("unit_id", "period")
                .agg([pl.col("value").filter(pl.col("indicator_id") == i).first().alias(i) for i in s.inputs])
                .select("unit_id", "period", self.score)
                .with_columns(pl.col("score").rank("min", descending=s.definition.direction == "higher")
                              .over("period").alias("rank"))
                .collect())
        now = wide.filter((pl.col("period") == period) & pl.col("rank").is_not_null())
        before = dict(wide.filter(pl.col("period") == prev).select("unit_id", "rank").iter_rows()) if prev else {}
        out = {}
        for unit, score, rank in now.select("unit_id", "score", "rank").iter_rows():
            p = before.get(unit)
            out[unit] = (int(rank), float(score), p, None if p is None else p - int(rank))
        return out


# ------------------------------------------------------------------ checks
def app_league(full: pl.DataFrame) -> dict[str, tuple]:
    """unit_id -> (rank, score, prev_rank, rank_change) of the ranked rows of an app league table."""
    ranked = full.filter(pl.col("rank").is_not_null())
    return {u: (r, s, p, c) for u, r, s, p, c in ranked.select("unit_id", *LEAGUE_KEYS).iter_rows()}


def compare_league(app: dict[str, tuple], ref: dict[str, tuple], name: str, period: str) -> list[str]:
    """Differences between the app's league and a reference's (empty: they agree)."""
    out = []
    if set(app) != set(ref):
        only_app, only_ref = sorted(set(app) - set(ref)), sorted(set(ref) - set(app))
        out.append(f"{name} {period}: ranked units differ: {len(only_app)} only in the app {only_app[:3]}, "
                   f"{len(only_ref)} only in the reference {only_ref[:3]}")
    for unit in sorted(set(app) & set(ref)):
        a, r = app[unit], ref[unit]
        same = a[0] == r[0] and abs(a[1] - r[1]) < 1e-9 and a[2] == r[2] and a[3] == r[3]
        if not same:
            out.append(f"{name} {period} {unit}: app (rank, score, prev_rank, rank_change) {a}, reference {r}")
            if len(out) > 10:
                break
    return out


def compare_trend(series: pl.DataFrame, refs: pl.DataFrame, ref: dict[str, Any]) -> list[str]:
    """The app's unit series and reference lines (mean, best) against the pandas reference's."""
    out = []
    for unit, period, value in series.select("unit_id", "period", "value").iter_rows():
        want = ref["values"].get((unit, period))
        if (value is None) != (want is None) or (value is not None and abs(value - want) > 1e-9):
            out.append(f"trend {unit} {period}: app {value}, reference {want}")
    app_mean = dict(refs.filter(pl.col("series") == "mean").select("period", "value").iter_rows())
    app_best = {p: (v, u) for p, v, u in refs.filter(pl.col("series") == "best")
                .select("period", "value", "unit_id").iter_rows()}
    if set(k for k, v in app_mean.items() if v is not None) != set(ref["mean"]):
        out.append(f"trend: periods with a mean differ ({len(app_mean)} in the app, {len(ref['mean'])} reference)")
    for p, m in ref["mean"].items():
        a = app_mean.get(p)
        if a is None or abs(a - m) > 1e-9 * max(1.0, abs(m)):
            out.append(f"trend mean {p}: app {a}, reference {m}")
        b, rb = app_best.get(p), ref["best"].get(p)
        if b is None or rb is None or abs(b[0] - rb[0]) > 1e-9 or b[1] != rb[1]:
            out.append(f"trend best {p}: app {b}, reference {rb}")
    return out[:20]
