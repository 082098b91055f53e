"""Improvement priorities: what one component would do for a unit's total and rank.

For one unit in one period, among its peers (the units of its league: same
index, level, geography and period; a ``peers`` list narrows it, e.g. to a
parent), :func:`improvement_table` gives each component's points, maximum and
gaps to the maximum, the peer median and the best peer, with the total and
rank the unit would have if that one component reached the median or the best
peer's value; :func:`next_steps` gives the smallest single-component gain that
lifts the unit into the next group or band, into the top N, and past the next
unit above; :func:`step_sentences` says them in words.

* **Re-scoring.** A changed component is put back into the index's own engine
  (:func:`cchc.indices.compute_scores`): the unit's other nodes keep their
  values and the component's ancestors are recomputed, so weights, sums, means,
  ``pct_of_max`` and ``rescale`` follow the definition. The new total is the
  actual total plus the re-scored difference (a published total stays as
  published). Every other unit keeps its actual total.
* **Direction.** A component improves towards its best: its maximum when
  higher is better, its minimum (``scale.min``, else 0) when lower is better.
  Nothing is proposed beyond that bound, nor worse than the current value.
* **Ties.** Ranks are recomputed with :func:`cchc.ranking.rank_units` at the
  index's published precision: equal totals share the best rank. Passing the
  next unit above means a strictly better total; reaching a rank means at least
  equalling the unit that holds it.
* **Nulls.** A unit whose total is not scored gets ``status = "not_scored"``
  and no proposal; a component not scored gets no figures (never 0).

>>> from cchc.definitions import define_index
>>> d = define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year", "decimals": 1,
...     "components": [{"code": "1", "name": "A", "scale": {"min": 0, "max": 5}},
...                    {"code": "2", "name": "B", "scale": {"min": 0, "max": 5}}]})
>>> rows = [(u, i, v) for u, a, b in [("u", 1.0, 2.0), ("v", 3.0, 2.0), ("w", 4.0, 4.0)]
...         for i, v in [("x", a + b), ("x.1", a), ("x.2", b)]]
>>> scores = pl.DataFrame(rows, schema=["unit_id", "indicator_id", "value"], orient="row").with_columns(
...     period=pl.lit("2023"), geography=pl.lit("vn63"))
>>> improvement_table(scores, d, "u", "2023").select("indicator_id", "to_median", "total_at_median",
...                                                  "rank_at_median").rows()
[('x.1', 2.0, 5.0, 2), ('x.2', 0.0, 3.0, 3)]
>>> next_steps(scores, d, "u", "2023").select("goal", "status", "indicator_id", "gain", "new_rank").rows()
[('top', 'already', None, None, None), ('next_unit', 'possible', 'x.1', 2.1, 2)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import polars as pl

from cchc.definitions import IndexDef, Node, define_index
from cchc.indices import compute_scores
from cchc.numbers import format_number, round_half_up
from cchc.ranking import rank_units
from cchc.selection import League
from cchc.words import word

TABLE_COLUMNS = [
    "indicator_id", "depth", "value", "max_points", "bound", "to_max", "peer_median", "to_median", "best_peer",
    "to_best", "total_at_median", "rank_at_median", "total_at_best", "rank_at_best", "status",
]
STEP_COLUMNS = ["goal", "status", "target", "threshold", "indicator_id", "gain", "new_total",
                "new_rank"]
_SCENARIO = "__scenario"


@dataclass(frozen=True)
class Standing:
    """One unit among its peers in one period: what :func:`improvement_table` and :func:`next_steps` start from.

    ``values`` every node's value of the unit (null when not scored), ``reasons`` why a node is missing,
    ``peers`` the peers' values (``unit_id, indicator_id, value``, the unit included), ``others`` the other
    peers' totals (``unit_id, value``, scored only), ``rank``/``n_ranked`` among the peers (null when the
    total is not scored)."""

    definition: IndexDef
    unit_id: str
    period: str
    total: float | None
    rank: int | None
    n_ranked: int
    values: Mapping[str, float | None]
    reasons: Mapping[str, str | None]
    peers: pl.DataFrame
    others: pl.DataFrame

    @property
    def scored(self) -> bool:
        return self.total is not None


def standing(scores: pl.DataFrame, definition: IndexDef, unit_id: str, period: str, *,
             peers: Sequence[str] | None = None) -> Standing:
    """The unit's values and its peers' in ``period`` (``scores``: :func:`cchc.scores.index_scores` rows; peers
    default to every unit of the unit's geography in ``scores``)."""
    s = scores.filter(pl.col("period") == period)
    if "geography" in s.columns:
        s = s.filter(pl.col("geography") == unit_id.split(":", 1)[0]) if ":" in unit_id else s
    if peers is not None:
        s = s.filter(pl.col("unit_id").is_in(list({*peers, unit_id})))
    s = s.select("unit_id", "indicator_id", pl.col("value").cast(pl.Float64).fill_nan(None),
                 *(["reason"] if "reason" in s.columns else []))
    mine = s.filter(pl.col("unit_id") == unit_id)
    values = dict(zip(mine["indicator_id"].to_list(), mine["value"].to_list()))
    reasons = dict(zip(mine["indicator_id"].to_list(), mine["reason"].to_list())) if "reason" in mine.columns else {}
    totals = s.filter(pl.col("indicator_id") == definition.id).select("unit_id", "value")
    ranked = rank_units(totals, direction=definition.direction, decimals=definition.decimals)
    row = ranked.filter(pl.col("unit_id") == unit_id)
    total = values.get(definition.id)
    return Standing(definition, unit_id, period, total, row["rank"][0] if row.height else None,
                    int(ranked["rank"].count()), values, reasons, s.select("unit_id", "indicator_id", "value"),
                    totals.filter((pl.col("unit_id") != unit_id) & pl.col("value").is_not_null()))


def league_standing(league: League, unit_id: str) -> Standing:
    """The unit among the units of ``league`` (its region and parent filters; :func:`cchc.selection.league_for`),
    from the scores of the league's period only."""
    scope = league.scope
    rows = scope.source.rows([scope.period])
    return standing(rows, scope.definition, unit_id, scope.period, peers=league.scoped["unit_id"].to_list())


# ------------------------------------------------------------------ the table
def improvement_table(scores: pl.DataFrame | Standing, definition: IndexDef | None = None, unit_id: str = "",
                      period: str = "", *, peers: Sequence[str] | None = None, depth: int = 1) -> pl.DataFrame:
    """One row per component down to ``depth`` (definition order): ``value``, ``max_points``, ``bound`` (the best
    possible value), ``to_max`` (points below it), ``peer_median``/``best_peer`` and the gaps to them (0 when the
    unit is already there), and ``total_at_*``/``rank_at_*`` if that one component reached the median or the best
    peer (capped at the bound). ``status``: ``scored``, ``not_scored`` (component or total null: figures null).
    Pass a :class:`Standing` instead of the scores to reuse one."""
    st = scores if isinstance(scores, Standing) else standing(scores, definition, unit_id, period, peers=peers)
    d = st.definition
    nodes = [n for n in d.nodes() if 1 <= n.depth <= depth]
    rows, scenarios = [], []
    for n in nodes:
        value = st.values.get(n.indicator_id)
        peer = st.peers.filter(pl.col("indicator_id") == n.indicator_id)["value"].drop_nulls()
        median = peer.median() if peer.len() else None
        best = (peer.max() if n.direction == "higher" else peer.min()) if peer.len() else None
        row = {"indicator_id": n.indicator_id, "depth": n.depth, "value": value, "max_points": n.max_points,
               "bound": _bound(n), "peer_median": median, "best_peer": best}
        if value is None or not st.scored:
            rows.append({**row, "status": "not_scored"})
            continue
        at_median, at_best = (_capped(n, value, x) for x in (median, best))
        rows.append({**row, "to_max": _gap(n, value, row["bound"]), "to_median": _gap(n, value, median),
                     "to_best": _gap(n, value, best), "status": "scored"})
        scenarios += [(n, at_median), (n, at_best)]
    totals = _rescored(st, scenarios)
    ranks = _ranks(st, totals)
    it = iter(zip(totals, ranks))
    for row in rows:
        if row["status"] == "scored":
            (row["total_at_median"], row["rank_at_median"]), (row["total_at_best"], row["rank_at_best"]) = next(it), next(it)
    floats = {c: pl.Float64 for c in TABLE_COLUMNS}
    schema = {**floats, "indicator_id": pl.String, "depth": pl.Int64, "rank_at_median": pl.Int64,
              "rank_at_best": pl.Int64, "status": pl.String}
    return pl.DataFrame([{c: r.get(c) for c in TABLE_COLUMNS} for r in rows], schema=schema, orient="row")


def _bound(n: Node) -> float | None:
    if n.direction == "higher":
        return n.max_points
    return n.scale.min if n.scale and n.scale.min is not None else 0.0


def _better(n: Node, a: float, b: float) -> bool:
    return a > b if n.direction == "higher" else a < b


def _gap(n: Node, value: float, to: float | None) -> float | None:
    """How far ``value`` is behind ``to`` (0 when not behind), at one decimal more than the node's (a median
    of an even number of peers falls between two published steps)."""
    if to is None:
        return None
    gap = max(0.0, to - value) if n.direction == "higher" else max(0.0, value - to)
    return round_half_up(gap, n.decimals + 1)


def _capped(n: Node, value: float, to: float | None) -> float:
    """``to`` if it is better than ``value`` (never beyond the bound), else ``value``."""
    if to is None or not _better(n, to, value):
        return value
    bound = _bound(n)
    return to if bound is None or not _better(n, to, bound) else bound


# ------------------------------------------------------------------ re-scoring
def _rescored(st: Standing, changes: list[tuple[Node, float]]) -> list[float | None]:
    """The unit's total with each one change applied alone (the engine re-scores the changed node's ancestors)."""
    if not changes:
        return []
    d = st.definition
    bases = {n.indicator_id: len(changes) + i
             for i, n in enumerate({n.indicator_id: n for n, _ in changes}.values())}
    runs = [*changes, *((d.node(k), st.values[k]) for k in bases)]
    obs = []
    for i, (node, value) in enumerate(runs):
        skip = _ancestors(d, node)
        obs += [(f"s{i}", ind, value if ind == node.indicator_id else v, st.reasons.get(ind))
                for ind, v in st.values.items() if ind in d and ind not in skip]
    frame = pl.DataFrame(obs, schema={"unit_id": pl.String, "indicator_id": pl.String, "value": pl.Float64,
                                      "note": pl.String}, orient="row").with_columns(period=pl.lit(st.period))
    out = compute_scores(frame, d).filter(pl.col("indicator_id") == d.id)
    got = dict(zip(out["unit_id"].to_list(), out["value"].to_list()))
    totals = []
    for i, (node, _) in enumerate(changes):
        new, base = got.get(f"s{i}"), got.get(f"s{bases[node.indicator_id]}")
        totals.append(None if new is None or base is None or st.total is None
                      else round_half_up(st.total + new - base, d.decimals))
    return totals


def _ancestors(d: IndexDef, node: Node) -> set[str]:
    out, parent = set(), node.parent_id
    while parent:
        out.add(parent)
        parent = d.node(parent).parent_id
    return out


def _ranks(st: Standing, totals: list[float | None]) -> list[int | None]:
    """Each total's rank against the other units' actual totals (the rule of :func:`cchc.ranking.rank_units`)."""
    if not totals:
        return []
    d = st.definition
    mine = pl.DataFrame({_SCENARIO: range(len(totals)), "value": totals, "me": True},
                        schema={_SCENARIO: pl.Int64, "value": pl.Float64, "me": pl.Boolean})
    others = st.others.select("value").join(mine.select(_SCENARIO), how="cross").with_columns(me=pl.lit(False))
    ranked = rank_units(pl.concat([mine, others.select(mine.columns)]), direction=d.direction, by=_SCENARIO,
                        decimals=d.decimals)
    return ranked.filter(pl.col("me")).sort(_SCENARIO)["rank"].to_list()


# ------------------------------------------------------------------ the smallest gains
def next_steps(scores: pl.DataFrame | Standing, definition: IndexDef | None = None, unit_id: str = "",
               period: str = "", *, peers: Sequence[str] | None = None, top: int = 10, depth: int = 1) -> pl.DataFrame:
    """The smallest single-component gain (in the component's points, at its published precision) that lifts
    the unit into the next group/band (``goal = "group"``), into the top ``top`` (``"top"``) and past the next
    unit above (``"next_unit"``). Between components that need the same gain, the one where the unit stands
    lowest among its peers (most peers ahead: the most room to catch up) is proposed, then the first in the
    definition. ``status``: ``possible`` (``indicator_id``, ``gain``, ``new_total``,
    ``new_rank``), ``impossible`` (no component reaches it, even at its bound), ``already`` (in the best group,
    in the top N, or first: then only the ``next_unit`` row says so), ``not_scored`` (one row, goal null).
    ``target`` is the group code, N, or the ids of the unit(s) to pass; ``threshold`` the total to reach.
    Groups: PAPI quartiles by rank, or the definition's bands (higher-is-better only); no row without groups."""
    st = scores if isinstance(scores, Standing) else standing(scores, definition, unit_id, period, peers=peers)
    d = st.definition
    if not st.scored or st.rank is None:
        return _steps([{"goal": None, "status": "not_scored"}])
    goals = _goals(st, top)
    open_goals = [g for g in goals if g.get("status") is None]
    if open_goals:
        nodes = [n for n in d.nodes() if 1 <= n.depth <= depth and st.values.get(n.indicator_id) is not None
                 and _bound(n) is not None and _better(n, _bound(n), st.values[n.indicator_id])]
        at_bound = dict(zip([n.indicator_id for n in nodes], _rescored(st, [(n, _bound(n)) for n in nodes])))
        for g in open_goals:
            _solve(st, g, nodes, at_bound)
    return _steps(goals)


def _key(st: Standing, total: float) -> float:
    v = round_half_up(total, st.definition.decimals)
    return -v if st.definition.direction == "higher" else v


def _reaches(st: Standing, goal: dict, total: float | None) -> bool:
    if total is None:
        return False
    k, t = _key(st, total), _key(st, goal["threshold"])
    return k < t if goal["strict"] else k <= t


def _goals(st: Standing, top: int) -> list[dict]:
    d = st.definition
    others = st.others.with_columns(pl.col("value").map_elements(lambda v: _key(st, v), return_dtype=pl.Float64)
                                    .alias("k")).sort("k", "unit_id")
    me, goals = _key(st, st.total), []

    def kth(k: int) -> float:  # the k-th best other total: reaching it gives rank <= k
        return others["value"][k - 1]

    if d.groups == "quartile" and st.n_ranked:
        group = 4 * (st.rank - 1) // st.n_ranked + 1
        target = group - 1
        if group == 1:
            goals.append({"goal": "group", "status": "already", "target": "1"})
        else:
            need = math.ceil(target * st.n_ranked / 4)
            goals.append({"goal": "group", "target": str(target), "threshold": kth(need), "strict": False})
    elif d.groups == "bands" and d.bands and d.direction == "higher":
        order = list(d.bands)
        now = next((i for i, b in enumerate(order) if b.min is None or round_half_up(st.total, d.decimals) >= b.min),
                   len(order) - 1)
        if now == 0:
            goals.append({"goal": "group", "status": "already", "target": order[0].code})
        else:
            goals.append({"goal": "group", "target": order[now - 1].code, "threshold": float(order[now - 1].min),
                          "strict": False})
    if st.rank <= top:
        goals.append({"goal": "top", "status": "already", "target": str(top)})
    else:
        goals.append({"goal": "top", "target": str(top), "threshold": kth(top), "strict": False})
    above = others.filter(pl.col("k") < me)
    if above.is_empty():
        goals.append({"goal": "next_unit", "status": "already"})
    else:
        nearest = above.filter(pl.col("k") == above["k"].max())
        goals.append({"goal": "next_unit", "target": ", ".join(nearest["unit_id"].to_list()),
                      "threshold": nearest["value"][0], "strict": True})
    return goals


def _quartile(q: int) -> str:
    return ("best", "high_average", "low_average", "poor")[q - 1]


def _solve(st: Standing, goal: dict, nodes: list[Node], at_bound: dict[str, float | None]) -> None:
    """Fill ``goal`` with the smallest gain over ``nodes``: interpolate between the value and the bound (a
    component moves the total linearly), then check the neighbouring steps of the component's precision."""
    candidates: list[tuple[Node, float]] = []
    for n in nodes:
        top_total = at_bound[n.indicator_id]
        if not _reaches(st, goal, top_total):
            continue
        value, bound, q = st.values[n.indicator_id], _bound(n), 10.0 ** -n.decimals
        span = abs(bound - value)
        slope = (top_total - st.total) / span if span else 0.0
        want = abs(goal["threshold"] - st.total) / abs(slope) if slope else span
        k0 = math.ceil(want / q - 1e-9)
        steps = sorted({min(max(k, 1) * q, span) for k in range(k0 - 2, k0 + 3)} | {span})
        sign = 1.0 if n.direction == "higher" else -1.0
        candidates += [(n, round_half_up(value + sign * g, n.decimals) if g < span else bound) for g in steps]
    totals = _rescored(st, candidates)
    best: tuple[float, int, int, Node, float] | None = None
    order = {n.indicator_id: i for i, n in enumerate(nodes)}
    ahead = {n.indicator_id: _peers_ahead(st, n) for n in nodes}
    for (n, v), total in zip(candidates, totals):
        if not _reaches(st, goal, total):
            continue
        gain = round_half_up(abs(v - st.values[n.indicator_id]), n.decimals)
        key = (gain, -ahead[n.indicator_id], order[n.indicator_id])  # equal gains: where the unit stands lowest
        if best is None or key < best[:3]:
            best = (*key, n, total)  # type: ignore[assignment]
    if best is None:
        goal["status"] = "impossible"
        return
    gain, _, _, n, total = best
    goal.update(status="possible", indicator_id=n.indicator_id, gain=gain, new_total=total,
                new_rank=_ranks(st, [total])[0])


def _peers_ahead(st: Standing, node: Node) -> int:
    """How many peers do better than the unit in ``node`` (direction respected; nulls do not count)."""
    mine = st.values.get(node.indicator_id)
    theirs = st.peers.filter((pl.col("indicator_id") == node.indicator_id) & (pl.col("unit_id") != st.unit_id))
    better = pl.col("value") > mine if node.direction == "higher" else pl.col("value") < mine
    return theirs.filter(pl.col("value").is_not_null() & better).height


def _steps(goals: list[dict]) -> pl.DataFrame:
    schema = {"goal": pl.String, "status": pl.String, "target": pl.String,
              "threshold": pl.Float64, "indicator_id": pl.String, "gain": pl.Float64, "new_total": pl.Float64,
              "new_rank": pl.Int64}
    rows = [{c: g.get(c) for c in STEP_COLUMNS} for g in goals]
    return pl.DataFrame(rows, schema=schema, orient="row")


# ------------------------------------------------------------------ in words
def group_name(definition: IndexDef, code: str | None, lang: str = "vi") -> str:
    """A group's label: PAPI quartile (``code`` ``"1"``…``"4"``) or the definition's band of that code."""
    if code is None:
        return ""
    if definition.groups == "quartile":
        return word(f"quartile.{_quartile(int(code))}", lang)
    band = next((b for b in definition.bands if b.code == code), None)
    return band.label(lang) if band else code


def component_name(node: Node, lang: str = "vi") -> str:
    """``"Chỉ số thành phần 5 (Thủ tục hành chính công)"``."""
    return word("prio.component_named", lang, code=node.code or "", name=node.title(lang))


def step_sentences(steps: pl.DataFrame, definition: IndexDef, unit: str, *, names: Mapping[str, str] | None = None,
                   period: str = "", lang: str = "vi") -> list[str]:
    """The rows of :func:`next_steps` as sentences (gains at the index's decimals, in ``lang``'s number style).

    >>> d = _sample()
    >>> step_sentences(pl.DataFrame({"goal": ["top"], "status": ["possible"], "target": ["10"],
    ...     "indicator_id": ["x.1"], "gain": [0.42], "new_rank": [10]}), d, "Hưng Yên")
    ['Nếu Chỉ số thành phần 1 (A) tăng 0,42 điểm, Hưng Yên vào nhóm 10 đơn vị dẫn đầu (hạng 10).']
    >>> step_sentences(pl.DataFrame({"goal": [None], "status": ["not_scored"]}), d, "Hưng Yên", period="2023", lang="en")
    ['Hưng Yên was not scored in 2023: no improvement is proposed.']
    """
    names = names or {}
    out = []
    for r in steps.iter_rows(named=True):
        goal, status = r["goal"], r["status"]
        if status == "not_scored":
            out.append(word("prio.not_scored", lang, unit=unit, period=period))
            continue
        target = group_name(definition, r["target"], lang) if goal == "group" else r["target"]
        if goal == "next_unit" and r["target"]:
            target = ", ".join(names.get(u, u) for u in r["target"].split(", "))
        kind = "band" if goal == "group" and definition.groups == "bands" else goal
        if status in ("already", "impossible"):
            out.append(word(f"prio.{kind}.{status}", lang, unit=unit, target=target))
            continue
        node = definition.node(r["indicator_id"])
        verb = word("prio.rise" if node.direction == "higher" else "prio.fall", lang)
        out.append(word(f"prio.{kind}.possible", lang, component=component_name(node, lang), verb=verb,
                        gain=format_number(r["gain"], definition.decimals, lang), unit=unit, target=target,
                        measure=_measure(node, lang), rank=r["new_rank"]))
    return out


TEXT_COLUMNS = ("component", "value", "max_points", "to_median", "to_best", "total_at_median", "rank_at_median",
                "total_at_best", "rank_at_best")


def table_texts(table: pl.DataFrame, definition: IndexDef, lang: str = "vi") -> tuple[list[str], list[list[str]]]:
    """The header and rows of :func:`improvement_table` as texts (numbers in ``lang``'s style at each node's
    decimals, totals at the index's; "–" when not scored), for a printed table or a slide.

    >>> d = _sample()
    >>> head, rows = table_texts(improvement_table(pl.DataFrame(schema={"unit_id": pl.String, "period": pl.String,
    ...     "indicator_id": pl.String, "value": pl.Float64}), d, "u", "2023"), d, "en")
    >>> head[:3], rows
    (['Component', 'Score', 'Maximum'], [['1. A', '–', '5', '–', '–', '–', '–', '–', '–']])
    """
    heads = {"component": "component", "value": "score", "max_points": "max_points"}
    header = [word(heads.get(c, f"prio.{c}"), lang) for c in TEXT_COLUMNS]
    rows = []
    for r in table.iter_rows(named=True):
        node = definition.node(r["indicator_id"])
        dec, tot = node.decimals, definition.decimals
        rank = [("–" if r[c] is None else str(r[c])) for c in ("rank_at_median", "rank_at_best")]
        rows.append([node.label(lang), format_number(r["value"], dec, lang),
                     format_number(r["max_points"], 0 if float(r["max_points"] or 0).is_integer() else dec, lang),
                     format_number(r["to_median"], dec, lang), format_number(r["to_best"], dec, lang),
                     format_number(r["total_at_median"], tot, lang), rank[0],
                     format_number(r["total_at_best"], tot, lang), rank[1]])
    return header, rows


def _measure(node: Node, lang: str) -> str:
    """Points, or percentage points for a component on a 0–100 % scale."""
    pct = node.unit.get("vi").strip() == "%" and node.max_points == 100
    return word("prio.pct_points" if pct else "prio.points", lang)


def _sample() -> IndexDef:
    return define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year", "decimals": 2,
                         "components": [{"code": "1", "name": "A", "scale": {"min": 0, "max": 5}}]})
