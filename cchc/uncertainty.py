"""How sure a rank is: 95% intervals of the scores, rank ranges and units that cannot be told apart.

Survey indices (PAPI, SIPAS) carry sampling error: an observation may have a standard error
(``se``, docs/design.md). From those, per unit and period:

* :func:`standard_errors` — the standard error of any node of an index, from the observation ``se``
  where the node itself is observed with one, else propagated from its components by the node's
  definition, **assuming the components' errors are independent** (they come from separate questions;
  answers of one respondent are in truth correlated, so the intervals are, if anything, too narrow):
  ``sum`` √Σse², ``mean`` √Σse² / k, ``weighted_mean`` √Σ(w·se)² / Σw, ``pct_of_max`` √Σse² / Σmax × 100;
  a ratio leaf ``se(Σ numerator) / Σ denominator × max_points / target`` (the denominator taken as
  exact). A node with any component lacking a standard error has none: nothing is guessed.
* :func:`with_intervals` — ``lower``/``upper`` = score ∓ z·se (95%: z = 1.96).
* :func:`rank_ranges` — each unit's score drawn ``draws`` times from Normal(score, se) with a seeded
  generator, every draw ranked with the rule of :mod:`cchc.ranking` (direction-aware, equal values
  share the best rank, values compared at the published decimals), and the 2.5–97.5 percentile ranks
  kept ("hạng 5–12"), widened if needed to contain the published rank.
* :func:`indistinct_pairs` — neighbouring units (next to each other in rank) whose intervals overlap.

Direction: ``"higher"`` (largest best) or ``"lower"``. Nulls: a unit not scored (null score) is left
out (no interval, no range) and never counted as 0. Off when nothing is known: a table where no
scored unit has a standard error gets ``None`` from :func:`with_intervals` and :func:`rank_ranges` —
intervals are never invented.

>>> t = pl.DataFrame({"unit_id": ["a", "b", "c"], "score": [50.0, 49.5, 40.0], "se": [0.5, 0.5, 0.5]})
>>> with_intervals(t)["lower"].round(2).to_list()
[49.02, 48.52, 39.02]
>>> rank_ranges(t, seed=1).select("rank_low", "rank_high").rows()
[(1, 2), (1, 2), (3, 3)]
>>> indistinct_pairs(with_intervals(t))
[('a', 'b')]
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import polars as pl

from cchc.definition_types import IndexDef, Node
from cchc.numbers import format_number
from cchc.ranking import rank_units
from cchc.selection import League
from cchc.store import Store
from cchc.words import word


Z95 = 1.959963984540054
DRAWS = 2000
SEED = 20251
_KEYS = ["unit_id", "period"]


# ---------------------------------------------------------------- standard errors
def _col(indicator: str, part: str) -> str:
    return f"{indicator}|{part}"


def _se_expr(node: Node, present: set[str]) -> pl.Expr:
    """The standard error of ``node`` from the wide frame's ``{id}|se`` and ``{id}|v`` columns (null when
    any needed part is null: the arithmetic of Polars propagates nulls)."""
    def col(i: str, part: str) -> pl.Expr:
        return pl.col(_col(i, part)) if _col(i, part) in present else pl.lit(None, pl.Float64)

    observed_se, observed = col(node.indicator_id, "se"), col(node.indicator_id, "v")
    if node.kind == "input":
        return observed_se
    if node.kind == "ratio":
        num_var = functools.reduce(operator.add, [col(i, "se") ** 2 for i in node.numerator])
        den = functools.reduce(operator.add, [col(i, "v") for i in node.denominator])
        slope = float(node.max_points or 0.0) / float(node.target or 1.0)
        calc = pl.when(den != 0).then(num_var.sqrt() / den * slope)
    else:
        kids = node.components
        squares = [_se_expr(k, present) ** 2 for k in kids]
        if node.aggregate == "weighted_mean":
            weights = [float(k.weight or 0.0) for k in kids]
            var = functools.reduce(operator.add, [s * w * w for s, w in zip(squares, weights)])
            calc = var.sqrt() / sum(weights)
        else:
            root = functools.reduce(operator.add, squares).sqrt()
            if node.aggregate == "mean":
                calc = root / len(kids)
            elif node.aggregate == "pct_of_max":
                calc = root / float(sum(k.max_points or 0.0 for k in kids)) * 100.0
            else:  # sum (under rescale every child is present when all have an se: the factor is 1)
                calc = root
    return pl.when(observed.is_not_null()).then(observed_se).otherwise(calc)


def standard_errors(observations: pl.DataFrame, definition: IndexDef, indicator_id: str | None = None) -> pl.DataFrame:
    """``unit_id, period, se`` of node ``indicator_id`` (default: the total) for every unit-period of
    ``observations`` (the long observation table; a frame without an ``se`` column gives null ``se``).

    Observed with an ``se`` → that ``se``; else propagated from the components (module docstring),
    null when any component's is unknown. Sorted by unit and period.

    >>> from cchc.definitions import define_index
    >>> d = define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year",
    ...     "components": [{"code": "1", "name": "A"}, {"code": "2", "name": "B"}]})
    >>> obs = pl.DataFrame({"unit_id": ["u", "u", "v", "v"], "period": ["2023"] * 4,
    ...     "indicator_id": ["x.1", "x.2"] * 2, "value": [1.0, 2.0, 1.0, 2.0], "se": [3.0, 4.0, 3.0, None]})
    >>> standard_errors(obs, d).rows()
    [('u', '2023', 5.0), ('v', '2023', None)]
    """
    node = definition.node(indicator_id or definition.id)
    empty = pl.DataFrame(schema={"unit_id": pl.String, "period": pl.String, "se": pl.Float64})
    wanted = list(dict.fromkeys(definition.indicator_ids() + definition.leaf_inputs()))
    se = pl.col("se").cast(pl.Float64) if "se" in observations.columns else pl.lit(None, pl.Float64)
    obs = observations.filter(pl.col("indicator_id").is_in(wanted)).select(
        pl.col("unit_id").cast(pl.String), pl.col("period").cast(pl.String), pl.col("indicator_id").cast(pl.String),
        pl.col("value").cast(pl.Float64), se.alias("se"))
    if obs.is_empty():
        return empty
    first = pl.element().drop_nulls().first()
    wide = obs.pivot(on="indicator_id", index=_KEYS, values=["value", "se"], aggregate_function=first)
    wide = wide.rename({c: _col(c.split("_", 1)[1], "v" if c.startswith("value_") else "se")
                        for c in wide.columns if c not in _KEYS})
    return wide.select(*_KEYS, _se_expr(node, set(wide.columns)).cast(pl.Float64).alias("se")).sort(_KEYS)


# ---------------------------------------------------------------- intervals
def z_value(confidence: float = 0.95) -> float:
    """The two-sided normal quantile of ``confidence`` (0.95 → 1.96).

    >>> round(z_value(0.9), 3)
    1.645
    """
    if confidence == 0.95:
        return Z95
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def with_intervals(table: pl.DataFrame, *, value: str = "score", se: str = "se",
                   confidence: float = 0.95) -> pl.DataFrame | None:
    """``table`` with ``lower`` and ``upper`` (``value`` ∓ z·``se``), or ``None`` when no scored row has a
    standard error (nothing known: no interval is invented). A row without a score or without an ``se``
    gets null bounds. Direction plays no part: the interval is around the score either way."""
    scored = table.filter(pl.col(value).is_not_null())
    if se not in table.columns or scored.is_empty() or scored[se].null_count() == scored.height:
        return None
    z = z_value(confidence)
    known = pl.col(value).is_not_null() & pl.col(se).is_not_null()
    return table.with_columns(pl.when(known).then(pl.col(value) - z * pl.col(se)).alias("lower"),
                              pl.when(known).then(pl.col(value) + z * pl.col(se)).alias("upper"))


# ---------------------------------------------------------------- rank ranges
def _round_half_up(x: np.ndarray, decimals: int | None) -> np.ndarray:
    if decimals is None:
        return x
    f = 10.0 ** decimals
    return np.sign(x) * np.floor(np.abs(x) * f + 0.5) / f


def simulated_ranks(values: np.ndarray, ses: np.ndarray, *, direction: str = "higher", decimals: int | None = None,
                    draws: int = DRAWS, seed: int = SEED) -> np.ndarray:
    """``draws × units`` competition ranks (1 = best; equal draws share the best rank) of scores drawn from
    Normal(values, ses) by ``numpy.random.default_rng(seed)``, compared at ``decimals``.

    >>> simulated_ranks(np.array([2.0, 1.0, 2.0]), np.zeros(3), draws=2).tolist()
    [[1, 3, 1], [1, 3, 1]]
    """
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")
    rng = np.random.default_rng(seed)
    drawn = _round_half_up(values[None, :] + ses[None, :] * rng.standard_normal((draws, values.size)), decimals)
    key = -drawn if direction == "higher" else drawn
    order = np.argsort(key, axis=1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=1)
    position = np.broadcast_to(np.arange(values.size), key.shape)
    starts = np.ones(key.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]   # a tie continues the run of its equals
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    out = np.empty(key.shape, dtype=np.int64)
    np.put_along_axis(out, order, first + 1, axis=1)
    return out


def rank_ranges(table: pl.DataFrame, *, value: str = "score", se: str = "se", direction: str = "higher",
                decimals: int | None = None, draws: int = DRAWS, seed: int = SEED,
                confidence: float = 0.95) -> pl.DataFrame | None:
    """``unit_id, rank, rank_low, rank_high`` of the scored rows of ``table`` (one league: rank them all
    together), or ``None`` when any scored row lacks a standard error (a range needs every competitor's).

    ``rank`` is the published rank (:func:`cchc.ranking.rank_units` with ``direction`` and ``decimals``);
    ``rank_low``–``rank_high`` the (1 − confidence)/2 and (1 + confidence)/2 percentiles of the simulated
    ranks (:func:`simulated_ranks`), widened to contain ``rank``. Deterministic for a ``seed``; a zero
    ``se`` everywhere gives ``rank_low == rank_high == rank``. Rows not scored are left out.

    >>> t = pl.DataFrame({"unit_id": ["a", "b"], "score": [0.02, 0.10], "se": [0.0, 0.0]})
    >>> rank_ranges(t, direction="lower").rows()
    [('a', 1, 1, 1), ('b', 2, 2, 2)]
    """
    scored = table.filter(pl.col(value).is_not_null() & ~pl.col(value).cast(pl.Float64).is_nan())
    if se not in table.columns or scored.is_empty() or scored[se].null_count():
        return None
    ranked = rank_units(scored.select("unit_id", pl.col(value).cast(pl.Float64).alias("value")),
                        direction=direction, decimals=decimals)
    ranks = simulated_ranks(scored[value].cast(pl.Float64).to_numpy(), scored[se].cast(pl.Float64).to_numpy(),
                            direction=direction, decimals=decimals, draws=draws, seed=seed)
    tail = (1 - confidence) / 2
    low = np.quantile(ranks, tail, axis=0, method="lower").astype(np.int64)
    high = np.quantile(ranks, 1 - tail, axis=0, method="higher").astype(np.int64)
    point = ranked["rank"].to_numpy()
    return pl.DataFrame({"unit_id": scored["unit_id"], "rank": point,
                         "rank_low": np.minimum(low, point), "rank_high": np.maximum(high, point)},
                        schema={"unit_id": pl.String, "rank": pl.Int64, "rank_low": pl.Int64, "rank_high": pl.Int64})


def rank_range_text(low: int | None, high: int | None, lang: str = "vi") -> str | None:
    """``"hạng 5–12"`` / ``"ranks 5–12"``; one rank when sure (``"hạng 5"``); None without a range.

    >>> rank_range_text(5, 12), rank_range_text(3, 3, "en"), rank_range_text(None, None)
    ('hạng 5–12', 'rank 3', None)
    """
    if low is None or high is None:
        return None
    if low == high:
        return word("uncertainty.rank_one", lang, rank=format_number(low, 0, lang))
    return word("uncertainty.rank_range", lang, low=format_number(low, 0, lang), high=format_number(high, 0, lang))


def rank_span(low: int | None, high: int | None) -> str | None:
    """A rank range as a table shows it under a "rank range" header: ``"5–12"``, ``"3"``, None.

    >>> rank_span(5, 12), rank_span(3, 3), rank_span(None, 4)
    ('5–12', '3', None)
    """
    if low is None or high is None:
        return None
    return str(low) if low == high else f"{low}–{high}"


# ---------------------------------------------------------------- cannot be told apart
def indistinct_pairs(table: pl.DataFrame, *, value: str = "score", direction: str = "higher") -> list[tuple[str, str]]:
    """Neighbouring units (next to each other in league order, best first) whose intervals
    (``lower``/``upper`` of :func:`with_intervals`) overlap: ``[(better, next), …]``. Rows without an
    interval are skipped (a unit not scored has no neighbour).

    >>> t = pl.DataFrame({"unit_id": ["a", "b"], "score": [2.0, 1.0], "lower": [1.5, 0.5], "upper": [2.5, 1.6]})
    >>> indistinct_pairs(t), indistinct_pairs(t, direction="lower")
    ([('a', 'b')], [('b', 'a')])
    """
    rows = table.filter(pl.col("lower").is_not_null() & pl.col("upper").is_not_null())
    rows = rows.sort(value, descending=direction == "higher", maintain_order=True)
    ids, lo, hi = rows["unit_id"].to_list(), rows["lower"].to_list(), rows["upper"].to_list()
    return [(ids[i], ids[i + 1]) for i in range(len(ids) - 1) if lo[i] <= hi[i + 1] and lo[i + 1] <= hi[i]]


def overlapping(table: pl.DataFrame, unit_id: str) -> list[str]:
    """The units whose intervals overlap ``unit_id``'s, in the table's order (none without an interval).

    >>> t = pl.DataFrame({"unit_id": ["a", "b", "c"], "lower": [1.5, 0.5, -3.0], "upper": [2.5, 1.6, -2.0]})
    >>> overlapping(t, "a"), overlapping(t, "c")
    (['b'], [])
    """
    me = table.filter((pl.col("unit_id") == unit_id) & pl.col("lower").is_not_null())
    if me.is_empty():
        return []
    lo, hi = me["lower"][0], me["upper"][0]
    return table.filter((pl.col("unit_id") != unit_id) & (pl.col("lower") <= hi) & (pl.col("upper") >= lo))[
        "unit_id"].to_list()


def indistinct_sentence(names: list[str], others: list[str], lang: str = "vi", *, shown: int = 5) -> str:
    """``"A không phân biệt được về mặt thống kê với B, C"`` (at most ``shown`` names, then "và N đơn vị
    khác"); that it differs from all its neighbours when ``others`` is empty.

    >>> indistinct_sentence(["Huế"], ["Thái Nguyên", "Bắc Ninh"], "en")
    'Huế cannot be told apart from Thái Nguyên, Bắc Ninh (their 95% intervals overlap).'
    """
    unit = names[0]
    if not others:
        return word("uncertainty.distinct", lang, unit=unit)
    listed = ", ".join(others[:shown])
    if len(others) > shown:
        listed += word("uncertainty.and_more", lang, n=format_number(len(others) - shown, 0, lang))
    return word("uncertainty.indistinct", lang, unit=unit, others=listed)


# ---------------------------------------------------------------- a league's uncertainty
@dataclass(frozen=True)
class Uncertainty:
    """A league's uncertainty: ``table`` (``unit_id, se, lower, upper, rank, rank_low, rank_high``; the
    range columns null when ranges are unknown) of every scored unit of the league's scoped table, and
    ``pairs`` (:func:`indistinct_pairs`)."""

    table: pl.DataFrame
    pairs: tuple[tuple[str, str], ...]
    confidence: float = 0.95

    def focus_sentence(self, league_table: pl.DataFrame, unit_id: str | None, lang: str = "vi") -> str | None:
        """The sentence of :func:`indistinct_sentence` about ``unit_id`` (default: the first ranked unit
        of ``league_table`` with an interval), names from the table's ``label``/``unit`` column."""
        label = "label" if "label" in league_table.columns else "unit"
        names = dict(zip(league_table["unit_id"].to_list(), league_table[label].to_list()))
        known = self.table.filter(pl.col("lower").is_not_null()).sort("rank")
        if unit_id is None or unit_id not in known["unit_id"].to_list():
            unit_id = next((u for u in known["unit_id"].to_list() if u in names), None)
        if unit_id is None:
            return None
        others = [names.get(u, u) for u in overlapping(known, unit_id)]
        return indistinct_sentence([names.get(unit_id, unit_id)], others, lang)


def uncertainty_of(scores: pl.DataFrame, se: pl.DataFrame, *, direction: str = "higher", decimals: int | None = None,
                   draws: int = DRAWS, seed: int = SEED, confidence: float = 0.95) -> Uncertainty | None:
    """The :class:`Uncertainty` of one league: ``scores`` (``unit_id, score``; rows with a null score are
    left out) joined with ``se`` (``unit_id, se``); ``None`` when no scored unit has a standard error."""
    table = scores.select("unit_id", "score").filter(pl.col("score").is_not_null()).join(
        se.select("unit_id", "se"), on="unit_id", how="left")
    bounded = with_intervals(table, confidence=confidence)
    if bounded is None:
        return None
    ranges = rank_ranges(bounded, direction=direction, decimals=decimals, draws=draws, seed=seed,
                         confidence=confidence)
    if ranges is None:
        ranked = rank_units(bounded.rename({"score": "value"}), direction=direction, decimals=decimals)
        ranges = ranked.select("unit_id", "rank", pl.lit(None, pl.Int64).alias("rank_low"),
                               pl.lit(None, pl.Int64).alias("rank_high"))
    out = bounded.join(ranges, on="unit_id", how="left")
    return Uncertainty(out, tuple(indistinct_pairs(out, direction=direction)), confidence)


def league_uncertainty(store: "Store", league: "League", *, draws: int = DRAWS, seed: int = SEED) -> Uncertainty | None:
    """The :class:`Uncertainty` of ``league``'s scoped table (ranks within its region/parent), from the
    standard errors of the period's observations; ``None`` when none are known or the scores are
    re-expressed on other boundaries (standard errors are not re-expressed). Kept by the store."""
    scope = league.scope
    if scope.reexpressed:
        return None
    sel = scope.selection
    node = scope.node

    def build() -> Any:
        rows = store.period_rows(sel.index, [scope.period], sel.dataset)
        if "se" not in rows.columns or rows["se"].null_count() == rows.height:
            return None
        se = standard_errors(rows, scope.definition, sel.indicator).filter(pl.col("period") == scope.period)
        return uncertainty_of(league.scoped, se, direction=node.direction, decimals=node.decimals, draws=draws,
                              seed=seed)

    key = ("uncertainty", sel.index, sel.level, sel.geography, sel.dataset, scope.period, sel.indicator, sel.parent,
           sel.region, draws, seed)
    return store.derived(key, build)
