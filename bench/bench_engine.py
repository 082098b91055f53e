"""Benchmark: the vectorised 766 engine and ranking against plain-Python references (bench/README.md).

    .venv/bin/python bench/bench_engine.py [--communes N] [--months M] [--repeat R] [--ref-communes K]

Times compute_scores and rank_units + rank_changes on a seeded synthetic one-stop dataset, and plain-Python
references on its first K communes (scaled up linearly: an extrapolation); checks that they agree there.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from fractions import Fraction
import math
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from cchc.definitions import IndexDef, Node, load_definitions  # noqa: E402
from cchc.indices import compute_scores, score_table  # noqa: E402
from cchc.loading import OBSERVATIONS_SCHEMA  # noqa: E402
from cchc.numbers import round_half_up  # noqa: E402
from cchc.ranking import rank_changes, rank_units  # noqa: E402

SEED, NULL_SHARE = 766, 0.01


def synthetic_observations(d: IndexDef, communes: int, months: int) -> pl.DataFrame:
    """Long observations (OBSERVATIONS_SCHEMA) of every ``d.leaf_inputs()`` id, deterministic."""
    rng = np.random.default_rng(SEED)
    size = communes * months
    lam = np.repeat(rng.lognormal(4.5, 1.0, communes), months)  # dossiers/month, median ~90, a few near 0
    c = {"procedures_total": np.repeat(rng.integers(250, 450, communes), months), "received": rng.poisson(lam),
         "resolved": rng.poisson(lam * 0.95), "pending": rng.poisson(lam * 0.2), "payable": rng.poisson(lam * 0.3),
         "rated": rng.poisson(lam * 0.3), "complaints": rng.poisson(0.5, size)}  # zero denominators now and then
    for name, of, lo, hi in [
        ("procedures_published", "procedures_total", 0.85, 1), ("procedures_online", "procedures_total", 0.4, 1),
        ("synced", "received", 0.7, 1), ("digitised", "received", 0.4, 1), ("data_reused", "received", 0.1, 0.7),
        ("received_online", "received", 0.3, 1), ("e_results", "resolved", 0.5, 1),
        ("resolved_late", "resolved", 0, 0.12), ("apology_letters", "resolved_late", 0, 1),
        ("pending_in_time", "pending", 0.8, 1), ("paid_online", "payable", 0.3, 1),
        ("rated_satisfied", "rated", 0.85, 1),
    ]:
        c[name] = rng.binomial(c[of], rng.uniform(lo, hi, size))
    c["resolved_early"] = rng.binomial(c["resolved"] - c["resolved_late"], rng.uniform(0, 0.5, size))
    c["resolved_on_time"] = c["resolved"] - c["resolved_late"] - c["resolved_early"]
    periods = [f"{2025 + (6 + m) // 12}-{(6 + m) % 12 + 1:02d}" for m in range(months)]  # from 2025-07
    base = pl.DataFrame({"unit_id": np.repeat([f"vn34:commune:{i:05d}" for i in range(1, communes + 1)], months),
                         "period": np.tile(periods, communes)})
    parts = []
    for ind in d.leaf_inputs():  # an input the model above lacks still gets plausible counts
        key = ind.removeprefix("onestop.")
        values = (c[key] if key in c else rng.poisson(lam)).astype(np.float64)
        values[rng.random(size) < NULL_SHARE] = np.nan
        parts.append(base.with_columns(pl.lit(ind).alias("indicator_id"), pl.Series("value", values)))
    obs = pl.concat(parts).with_columns(pl.col("value").fill_nan(None), n=None, se=None, note=None)
    return obs.select(list(OBSERVATIONS_SCHEMA)).cast(OBSERVATIONS_SCHEMA).sort("unit_id", "period")  # type: ignore


def _round(value, decimals: int):
    """Half away from zero, as the engine and published figures round: exact for Fractions."""
    if isinstance(value, Fraction):
        scale = Fraction(10) ** decimals
        magnitude = Fraction(math.floor(abs(value) * scale + Fraction(1, 2))) / scale
        return magnitude if value >= 0 else -magnitude
    return round_half_up(value, decimals)


def _walk(node: Node, raw: dict, out: dict, ties: dict | None = None):
    """Value of ``node`` (and, into ``out``, of every node below) rounded to the node's decimals.

    ``ties is None``: floats rounded half away from zero (cchc.numbers.round_half_up), as
    ``_reference`` in tests/test_indices.py (timed). Else raw values are Fractions, arithmetic is
    exact, rounding is half away from zero on the exact
    value, and ``ties[id]`` counts the exact decimal ties (x.xx5) rounded in the node's subtree.
    """
    if node.kind == "ratio":
        nums, dens = [raw.get(i) for i in node.numerator], [raw.get(i) for i in node.denominator]
        if None in dens or (sum(dens) != 0 and None in nums):
            value = unrounded = None
        elif sum(dens) == 0:
            value = unrounded = {"missing": None, "full": node.max_points, "zero": 0.0}[node.if_denominator_zero]
        else:
            target, top = node.target or 1.0, node.max_points
            if ties is not None:
                target, top = Fraction(str(target)), Fraction(str(top))
            ratio = sum(nums) / sum(dens)
            unrounded = min(max((1 - ratio if node.complement else ratio) / target, 0), 1) * top
            value = _round(unrounded, node.decimals)
    elif node.kind == "composite" and node.aggregate == "sum" and node.missing == "propagate":
        kids = [_walk(k, raw, out, ties) for k in node.components]
        unrounded = None if None in kids else sum(kids)
        value = None if unrounded is None else _round(unrounded, node.decimals)
    else:
        raise NotImplementedError(f"reference covers ratio leaves and propagating sums, not {node.indicator_id}")
    out[node.indicator_id] = value
    if ties is not None:
        tie = value is not None and (Fraction(unrounded) * 10**node.decimals).denominator == 2
        ties[node.indicator_id] = tie + sum(ties[k.indicator_id] for k in node.components)
    return value


def reference_scores(rows: list[tuple], d: IndexDef, exact: bool = False) -> tuple[dict, dict]:
    """({(unit, period, indicator_id): value}, {same key: ties}) from (unit, period, indicator, value) rows."""
    raw: dict[tuple[str, str], dict[str, float | None]] = {}
    for unit, period, ind, value in rows:
        raw.setdefault((unit, period), {})[ind] = Fraction(value) if exact and value is not None else value
    out, out_ties = {}, {}
    for (unit, period), counts in raw.items():
        values, ties = {}, ({} if exact else None)
        _walk(d.root, counts, values, ties)
        out.update({(unit, period, i): None if v is None else float(v) for i, v in values.items()})
        out_ties.update({(unit, period, i): t for i, t in (ties or {}).items()})
    return out, out_ties


def reference_ranks(rows: list[tuple], direction: str, decimals: int) -> dict[tuple[str, str], tuple]:
    """(unit, period) -> (rank, prev_rank, rank_change, moved); competition ranks per period."""
    by_period: dict[str, list[tuple[str, float | None]]] = {}
    for unit, period, value in rows:
        by_period.setdefault(period, []).append((unit, value))
    sign = -1.0 if direction == "higher" else 1.0
    ranks: dict[tuple[str, str], int] = {}
    for period, items in by_period.items():
        # the engine's totals already carry `decimals`, so round()'s tie rule (rank_units: half away) is moot
        keyed = sorted((sign * round(v, decimals), u) for u, v in items if v is not None)
        rank, last = 0, None
        for i, (key, unit) in enumerate(keyed, 1):
            if key != last:
                rank, last = i, key
            ranks[(unit, period)] = rank
    out, prev = {}, None
    for period in sorted(by_period):  # YYYY-MM: one grain, sorts chronologically
        for unit, _ in by_period[period]:
            r, pr = ranks.get((unit, period)), ranks.get((unit, prev))
            rc = pr - r if r is not None and pr is not None else None
            moved = (None if r is None or prev is None else "new" if pr is None
                     else "up" if rc > 0 else "down" if rc < 0 else "same")
            out[(unit, period)] = (r, pr, rc, moved)
        if any((u, period) in ranks for u, _ in by_period[period]):
            prev = period
    return out


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        result = None  # each run starts from the same heap, collected outside the clock
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--communes", type=int, default=3321, help="communes (3321 = vn34 since July 2025)")
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ref-communes", type=int, default=300, help="communes the references run on")
    a = ap.parse_args()
    d = load_definitions()["svc766"]
    k = min(a.ref_communes, a.communes)
    scale, obs = a.communes / k, synthetic_observations(d, a.communes, a.months)
    print(f"svc766: {len(d.nodes())} nodes, {len(d.leaf_inputs())} raw inputs; {a.communes} communes x {a.months} "
          f"months = {obs.height:,} observation rows, {obs['value'].null_count():,} null (seed {SEED})")
    in_subset = pl.col("unit_id").is_in(obs["unit_id"].unique(maintain_order=True).head(k).to_list())
    cols = ("unit_id", "period", "indicator_id", "value")

    eng = timed(lambda: compute_scores(obs, d), a.repeat)
    scores, sub_rows = eng[2], obs.filter(in_subset).select(cols).rows()
    ref = timed(lambda: reference_scores(sub_rows, d), a.repeat)
    got = scores.filter(in_subset).select(cols).rows()
    (values, _), (exact, ties) = ref[2], reference_scores(sub_rows, d, exact=True)  # exact: untimed oracle
    places = {n.indicator_id: 10.0 ** -n.decimals for n in d.nodes()}
    nulls = n_float = n_exact = n_tied = n_bad = worst = 0
    for u, p, i, v in got:
        e, t, f = exact[(u, p, i)], ties[(u, p, i)], values[(u, p, i)]
        if (v is None) != (e is None) or (v is None) != (f is None):
            nulls += 1
        elif v is not None:
            worst, n_tied = max(worst, abs(v - e)), n_tied + (t > 0)
            n_float, n_exact = n_float + (abs(v - f) > 1e-9), n_exact + (abs(v - e) > 1e-9)
            n_bad += abs(v - e) > t * places[i] + 1e-9  # not explained by the ties rounded below the node
    engine_ok = len(got) == len(exact) and nulls == 0 and n_bad == 0
    print(f"scores vs references on {k} communes: {len(got):,} scores, {nulls} null mismatches; {n_tied:,} "
          f"involve an exact decimal tie (x.xx5); differ from the float reference: {n_float}, from exact "
          f"arithmetic: {n_exact}, max |difference| {worst:.3g}, {n_bad} not explained by ties "
          f"-> {'AGREE' if engine_ok else 'DISAGREE'}")

    total = score_table(scores, d.id).select("unit_id", "period", "value")
    rank = lambda f: rank_changes(rank_units(f, direction=d.direction, by="period", decimals=d.decimals))  # noqa: E731
    rnk, sub_total = timed(lambda: rank(total), a.repeat), total.filter(in_subset)
    ref_rnk = timed(lambda: reference_ranks(sub_total.rows(), d.direction, d.decimals), a.repeat)
    mine = {(u, p): tuple(rest) for u, p, *rest in
            rank(sub_total).select("unit_id", "period", "rank", "prev_rank", "rank_change", "moved").rows()}
    bad = sum(v != ref_rnk[2].get(key) for key, v in mine.items())
    rank_ok = len(mine) == len(ref_rnk[2]) and bad == 0
    print(f"ranks vs reference on {k} communes: {len(mine):,} rows, {bad} differ in rank/prev_rank/rank_change/"
          f"moved -> {'AGREE' if rank_ok else 'DISAGREE'} ({total['value'].null_count():,} of {total.height:,} "
          f"totals missing: any of {len(d.leaf_inputs())} inputs null or a zero denominator)")
    print(f"\n{'step':<44}{'rows':>11}{'best s':>9}{'median s':>10}{'rows/s':>12}{'speed-up':>10}")
    ext = f"  reference x{scale:.2f} (extrapolated)"
    for label, rows, t, vs in [
        ("compute_scores (Polars), all communes", obs.height, eng, None),
        (f"reference dict walk, {k} communes", len(sub_rows), ref, None),
        (ext, obs.height, (ref[0] * scale, ref[1] * scale), eng),
        ("rank_units + rank_changes, all communes", total.height, rnk, None),
        (f"reference sort, {k} communes", sub_total.height, ref_rnk, None),
        (ext, total.height, (ref_rnk[0] * scale, ref_rnk[1] * scale), rnk),
    ]:
        speed = f"{t[0] / vs[0]:.1f}x" if vs else ""
        print(f"{label:<44}{rows:>11,}{t[0]:>9.3f}{t[1]:>10.3f}{rows / t[0]:>12,.0f}{speed:>10}")
    print(f"rows: observation rows in (engine; {scores.height:,} score rows out) or totals ranked; rows/s and "
          f"speed-up from best times of {a.repeat}")
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, polars threads {pl.thread_pool_size()}, "
          f"Python {platform.python_version()}, polars {pl.__version__}, numpy {np.__version__}, "
          f"{platform.machine()} {platform.system()}, load average {os.getloadavg()[0]:.2f} (1 min, at the end)")
    sys.exit(0 if engine_ok and rank_ok else 1)


if __name__ == "__main__":
    main()
