"""The engine: observations -> a score for every node of an index.

:func:`compute_scores` takes the long observation table (docs/design.md) and
an :class:`~cchc.definitions.IndexDef` and returns, for every (unit_id,
period) with at least one observation relevant to the index, one row per
node of the index:

    unit_id, period, indicator_id, value, raw, status, reason

Rules, in order, for each node of each unit-period:

1. a row of the node with a non-null value -> ``observed``, that value (a
   published composite wins over its components);
2. a row with a null value -> ``missing``, reason = its ``note`` (or
   ``"not scored"``); this overrides any computation and propagates upward;
3. otherwise the node is computed (``computed``) from its children or raw
   inputs, rounded to the node's ``decimals`` (as published: a total is the
   sum of the parts as shown), or is ``missing`` with a reason saying why.
   Missing is never zero.

Direction (higher/lower is better) is metadata only: the engine never flips
scores and never ranks, so ties do not arise here (see cchc.ranking).

Reasons (machine-readable; :func:`missing_ids` parses the first kind):

- ``"missing: papi.6.2, papi.6.4"`` — the direct children (or the raw
  inputs of a ratio leaf) that are missing. Under ``skip``/``rescale`` with
  too few present children: ``"missing: a, b (present 5 of 7, need 6)"``;
- a note (``"không được khảo sát năm 2023"``), ``"not scored"`` (null row
  without note) or ``"no data"`` (input leaf without any row). When every
  child is missing for the same such reason, the parent takes it too, so a
  province not surveyed shows the note on its total;
- ``"zero denominator: onestop.resolved"`` — ratio with a zero denominator
  and ``if_denominator_zero: missing``. With ``full``/``zero`` the leaf is
  computed (max_points / 0) and the reason says so, e.g.
  ``"zero denominator: onestop.pending (full points)"``; ``raw`` is null.

Aggregates over the children's final values (observed or computed):
``sum``; ``mean``; ``weighted_mean`` (Σ w·x / Σ w); ``pct_of_max``
(Σ x / Σ max × 100). ``missing``: ``propagate`` (any missing child -> the
node is missing); ``skip`` (aggregate the present children; for pct_of_max
and weighted_mean only the present children's maxima/weights count);
``rescale`` (sum of present × total max / max of present; for mean,
weighted_mean and pct_of_max the same as skip). ``min_present`` (default 1)
is the number of present children needed under skip/rescale.

Ratio leaves: ratio = Σ numerator / Σ denominator (``complement``: 1 −
ratio); points = clip(ratio / target, 0, 1) × max_points (target defaults
to 1). ``raw`` holds the ratio (after complement, not clipped), also when
the node's value is observed.

>>> import polars as pl
>>> from cchc.definitions import define_index
>>> d = define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year",
...     "components": [{"code": "1", "name": "A"}, {"code": "2", "name": "B"}]})
>>> obs = pl.DataFrame({"unit_id": ["u", "u"], "period": ["2023"] * 2,
...     "indicator_id": ["x.1", "x.2"], "value": [1.5, None], "note": [None, "chưa chấm"]})
>>> compute_scores(obs, d).select("indicator_id", "value", "status", "reason").rows()
[('x', None, 'missing', 'missing: x.2'), ('x.1', 1.5, 'observed', None), ('x.2', None, 'missing', 'chưa chấm')]
"""

from __future__ import annotations

import functools
import operator

import polars as pl

from cchc.definitions import IndexDef, Node
from cchc.numbers import round_half_up_expr

KEYS = ["unit_id", "period"]
SCORES_SCHEMA: dict[str, pl.DataType] = {
    "unit_id": pl.String(), "period": pl.String(), "indicator_id": pl.String(),
    "value": pl.Float64(), "raw": pl.Float64(), "status": pl.String(), "reason": pl.String(),
}
OBSERVED, COMPUTED, MISSING = "observed", "computed", "missing"
MISSING_PREFIX = "missing: "
ZERO_DENOMINATOR_PREFIX = "zero denominator: "
NO_DATA = "no data"
NOT_SCORED = "not scored"


def compute_scores(observations: pl.DataFrame, definition: IndexDef, *, by_period: bool = False) -> pl.DataFrame:
    """Score every node of ``definition`` for every unit-period observed (schema above).

    Rows are ordered node by node (definition order), then by unit_id, period;
    with ``by_period`` by period, unit_id, indicator_id instead (the order of
    :func:`cchc.scores.index_scores`), placed there without sorting the rows.
    """
    wide = _evaluate(observations, definition)
    if wide is None:
        return pl.DataFrame(schema=SCORES_SCHEMA)
    nodes = list(definition.nodes())
    if by_period:
        wide = wide.sort("period", "unit_id")
    parts = [
        wide.lazy().select(
            *KEYS,
            pl.lit(n.indicator_id, pl.String).alias("indicator_id"),
            pl.col(_c(n, "val")).alias("value"),
            (pl.col(_c(n, "raw")) if n.kind == "ratio" else pl.lit(None, pl.Float64)).alias("raw"),
            pl.col(_c(n, "st")).alias("status"),
            pl.col(_c(n, "rs")).alias("reason"),
        )
        for n in nodes
    ]
    long = pl.concat(parts, how="vertical").cast(SCORES_SCHEMA).collect()  # type: ignore[arg-type]
    if not by_period:
        return long
    # node k of wide row i sits at k * height + i; take them row by row, nodes in indicator id order
    height = wide.height
    slots = sorted(range(len(nodes)), key=lambda k: nodes[k].indicator_id)
    at = (pl.DataFrame({"i": pl.int_range(height, eager=True)})
          .join(pl.DataFrame({"k": slots}), how="cross", maintain_order="left_right")
          .select(pl.col("k") * height + pl.col("i"))["k"])
    return long[at]


def check_published(observations: pl.DataFrame, definition: IndexDef,
                    tolerance: float | None = None) -> pl.DataFrame:
    """Published composites (and ratio leaves) that disagree with their components.

    For every node with components or raw inputs whose observed value and
    value computed from components are both known, report the rows where
    ``|observed − computed| > tolerance``. The default tolerance per node is
    the rounding allowance: half a unit of the node's last decimal plus the
    children's half-units carried through the aggregate. Columns: unit_id,
    period, indicator_id, observed, computed, difference (observed −
    computed), tolerance.
    """
    schema = {"unit_id": pl.String(), "period": pl.String(), "indicator_id": pl.String(),
              "observed": pl.Float64(), "computed": pl.Float64(), "difference": pl.Float64(),
              "tolerance": pl.Float64()}
    wide = _evaluate(observations, definition)
    if wide is None:
        return pl.DataFrame(schema=schema)
    parts = []
    for n in definition.nodes():
        if n.kind == "input":
            continue
        tol = tolerance if tolerance is not None else _rounding_allowance(n)
        parts.append(
            wide.select(*KEYS, pl.lit(n.indicator_id).alias("indicator_id"),
                        pl.col(_c(n, "v")).alias("observed"), pl.col(_c(n, "calc")).alias("computed"))
            .with_columns((pl.col("observed") - pl.col("computed")).alias("difference"),
                          pl.lit(float(tol)).alias("tolerance"))
            .filter(pl.col("difference").abs() > pl.col("tolerance"))
        )
    return pl.concat(parts, how="vertical").cast(schema) if parts else pl.DataFrame(schema=schema)  # type: ignore[arg-type]


def score_table(scores: pl.DataFrame, indicator_id: str, period: str | None = None) -> pl.DataFrame:
    """Rows of one node (optionally one period) from :func:`compute_scores` output."""
    out = scores.filter(pl.col("indicator_id") == indicator_id)
    if period is not None:
        out = out.filter(pl.col("period") == period)
    return out.select("unit_id", "period", "value", "raw", "status", "reason")


def missing_ids(reason: str | None) -> list[str]:
    """Indicator ids named by a ``"missing: a, b (…)"`` reason; [] for other reasons."""
    if not reason or not reason.startswith(MISSING_PREFIX):
        return []
    body = reason[len(MISSING_PREFIX):].split(" (", 1)[0]
    return [part.strip() for part in body.split(",") if part.strip()]


# -- internals ---------------------------------------------------------------

def _c(node: Node | str, part: str) -> str:
    """Column of the wide frame: ``{id}|v`` observed value, ``|n`` null-row reason,
    ``|calc`` computed value, ``|raw`` ratio, ``|crs`` computed reason, ``|val``
    final value, ``|st`` status, ``|rs`` reason."""
    return f"{node.indicator_id if isinstance(node, Node) else node}|{part}"


def _evaluate(observations: pl.DataFrame, definition: IndexDef) -> pl.DataFrame | None:
    wide = _widen(observations, definition)
    if wide is None:
        return None
    lazy = wide.lazy()
    by_depth: dict[int, list[Node]] = {}
    for n in definition.nodes():
        by_depth.setdefault(n.depth, []).append(n)
    for depth in sorted(by_depth, reverse=True):
        level = by_depth[depth]
        lazy = lazy.with_columns([e for n in level for e in _calc_exprs(n)])
        # computed values carry the node's published precision, so a total is the sum of the shown parts
        lazy = lazy.with_columns([round_half_up_expr(pl.col(_c(n, "calc")), n.decimals) for n in level])
        lazy = lazy.with_columns([e for n in level for e in _final_exprs(n)])
    return lazy.collect()


def _widen(observations: pl.DataFrame, definition: IndexDef) -> pl.DataFrame | None:
    """One row per unit-period; ``{id}|v`` values and ``{id}|n`` null-row reasons."""
    node_ids = list(definition.indicator_ids())
    wanted = list(dict.fromkeys(node_ids + list(definition.leaf_inputs())))
    note = pl.col("note").cast(pl.String) if "note" in observations.columns else pl.lit(None, pl.String)
    obs = observations.lazy().filter(pl.col("indicator_id").is_in(wanted)).select(
        pl.col("unit_id").cast(pl.String), pl.col("period").cast(pl.String),
        pl.col("indicator_id").cast(pl.String), pl.col("value").cast(pl.Float64), note.alias("note"),
    ).collect()
    if obs.is_empty():
        return None
    # duplicated rows (e.g. the same indicator in two datasets): the first non-null value wins
    first = pl.element().drop_nulls().first()
    wide = obs.pivot(on="indicator_id", index=KEYS, values="value", aggregate_function=first)
    wide = wide.rename({i: _c(i, "v") for i in wide.columns if i not in KEYS})
    nulls = obs.filter(pl.col("value").is_null() & pl.col("indicator_id").is_in(node_ids)).select(
        *KEYS, "indicator_id", pl.coalesce("note", pl.lit(NOT_SCORED)).alias("why"))
    if not nulls.is_empty():
        nulls = nulls.pivot(on="indicator_id", index=KEYS, values="why", aggregate_function=first)
        nulls = nulls.rename({i: _c(i, "n") for i in nulls.columns if i not in KEYS})
        wide = wide.join(nulls, on=KEYS, how="left")
    wide = wide.with_columns(
        [pl.lit(None, pl.Float64).alias(_c(i, "v")) for i in wanted if _c(i, "v") not in wide.columns]
        + [pl.lit(None, pl.String).alias(_c(i, "n")) for i in node_ids if _c(i, "n") not in wide.columns]
    )
    return wide.sort(KEYS)


def _calc_exprs(node: Node) -> list[pl.Expr]:
    """``|calc`` (from components / raw inputs), ``|raw`` and ``|crs`` (why, or a note)."""
    if node.kind == "input":
        return [pl.lit(None, pl.Float64).alias(_c(node, "calc")), pl.lit(None, pl.Float64).alias(_c(node, "raw")),
                pl.lit(NO_DATA).alias(_c(node, "crs"))]
    if node.kind == "ratio":
        return _ratio_exprs(node)
    return _aggregate_exprs(node)


def _ratio_exprs(node: Node) -> list[pl.Expr]:
    def total(ids: tuple[str, ...]) -> pl.Expr:  # null if any input is null
        return functools.reduce(operator.add, [pl.col(_c(i, "v")) for i in ids])

    num, den = total(node.numerator), total(node.denominator)
    ratio = pl.when(den != 0).then(num / den)
    if node.complement:
        ratio = 1.0 - ratio
    target = node.target or 1.0
    points = (ratio / target).clip(0.0, 1.0) * node.max_points
    zero = den == 0
    den_ids = ", ".join(node.denominator)
    absent = pl.concat_str([pl.when(pl.col(_c(i, "v")).is_null()).then(pl.lit(i))
                            for i in dict.fromkeys(node.numerator + node.denominator)],
                           separator=", ", ignore_nulls=True)
    if node.if_denominator_zero == "missing":
        calc = pl.when(zero).then(None).otherwise(points)
        note = pl.when(zero).then(pl.lit(ZERO_DENOMINATOR_PREFIX + den_ids))
    else:
        on_zero = float(node.max_points) if node.if_denominator_zero == "full" else 0.0  # type: ignore[arg-type]
        calc = pl.when(zero).then(pl.lit(on_zero)).otherwise(points)
        label = f"{ZERO_DENOMINATOR_PREFIX}{den_ids} ({node.if_denominator_zero} points)"
        note = pl.when(zero).then(pl.lit(label))
    reason = note.otherwise(pl.when(calc.is_null()).then(pl.lit(MISSING_PREFIX) + absent))
    return [calc.cast(pl.Float64).alias(_c(node, "calc")), ratio.cast(pl.Float64).alias(_c(node, "raw")),
            reason.alias(_c(node, "crs"))]


def _aggregate_exprs(node: Node) -> list[pl.Expr]:
    kids = node.components
    vals = [pl.col(_c(k, "val")) for k in kids]
    present = [v.is_not_null() for v in vals]
    n_present = pl.sum_horizontal([p.cast(pl.Int32) for p in present])
    total = pl.sum_horizontal([v.fill_null(0.0) for v in vals])
    agg = node.aggregate
    if agg in ("pct_of_max", "sum") and node.missing != "propagate":
        maxima = pl.sum_horizontal([pl.when(p).then(pl.lit(float(k.max_points or 0.0))).otherwise(0.0)
                                    for k, p in zip(kids, present)])
    else:
        maxima = pl.lit(float(sum(k.max_points or 0.0 for k in kids)))
    if agg == "sum":
        value = total
        if node.missing == "rescale":
            value = total * float(sum(k.max_points or 0.0 for k in kids)) / maxima
    elif agg == "mean":
        value = total / n_present
    elif agg == "weighted_mean":
        weights = pl.sum_horizontal([pl.when(p).then(pl.lit(k.weight)).otherwise(0.0) for k, p in zip(kids, present)])
        value = pl.sum_horizontal([(v * k.weight).fill_null(0.0) for k, v in zip(kids, vals)]) / weights
    else:  # pct_of_max
        value = total / maxima * 100.0
    need = len(kids) if node.missing == "propagate" else (node.min_present or 1)
    calc = pl.when(n_present >= need).then(value)
    listed = pl.lit(MISSING_PREFIX) + pl.concat_str(
        [pl.when(p.not_()).then(pl.lit(k.indicator_id)) for k, p in zip(kids, present)],
        separator=", ", ignore_nulls=True)
    if node.missing != "propagate":
        listed = listed + pl.format(" (present {} of {}, need {})", n_present, pl.lit(len(kids)), pl.lit(need))
    first = pl.col(_c(kids[0], "rs"))
    shared = (n_present == 0) & ~first.str.starts_with(MISSING_PREFIX) & pl.all_horizontal(
        [pl.col(_c(k, "rs")) == first for k in kids[1:]] or [pl.lit(True)])
    reason = pl.when(calc.is_null()).then(pl.when(shared).then(first).otherwise(listed))
    return [calc.cast(pl.Float64).alias(_c(node, "calc")), pl.lit(None, pl.Float64).alias(_c(node, "raw")),
            reason.alias(_c(node, "crs"))]


def _final_exprs(node: Node) -> list[pl.Expr]:
    observed, null_row, calc = pl.col(_c(node, "v")), pl.col(_c(node, "n")), pl.col(_c(node, "calc"))
    value = pl.when(observed.is_not_null()).then(observed).when(null_row.is_null()).then(calc)
    status = (pl.when(observed.is_not_null()).then(pl.lit(OBSERVED))
              .when(null_row.is_not_null()).then(pl.lit(MISSING))
              .when(calc.is_not_null()).then(pl.lit(COMPUTED)).otherwise(pl.lit(MISSING)))
    reason = (pl.when(observed.is_not_null()).then(None)
              .when(null_row.is_not_null()).then(null_row).otherwise(pl.col(_c(node, "crs"))))
    return [value.cast(pl.Float64).alias(_c(node, "val")), status.alias(_c(node, "st")),
            reason.cast(pl.String).alias(_c(node, "rs"))]


def _rounding_allowance(node: Node) -> float:
    own = 0.5 * 10.0 ** -node.decimals
    halves = [0.5 * 10.0 ** -k.decimals for k in node.components]
    if node.kind == "ratio" or not halves:
        return own + 1e-9
    if node.aggregate == "sum":
        carried = sum(halves)
    elif node.aggregate == "mean":
        carried = sum(halves) / len(halves)
    elif node.aggregate == "weighted_mean":
        weights = [k.weight or 0.0 for k in node.components]
        carried = sum(w * h for w, h in zip(weights, halves)) / sum(weights)
    else:
        carried = sum(halves) * 100.0 / sum(k.max_points or 0.0 for k in node.components)
    return own + carried + 1e-9
