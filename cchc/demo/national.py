"""Demo province-level data: PAPI, PAR INDEX, SIPAS (yearly) and the 766 index (monthly).

2018–2024 are on the 63 old provinces, 2025 on the 34 new ones. A province's
performance is persistent: each old province has a latent effect, and a new
province inherits the mean effect of the old ones it was formed from.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from cchc.demo import calibration as cal
from cchc.demo.draws import (fit_mean, observation as _row, rng_for, share_se, sorted_uniform, split_total,
                             survey_se)
from cchc.periods import periods_between
from cchc.words import word

Rows = list[dict[str, Any]]


class Provinces:
    """Old and new provinces with persistent latent effects (standard normal)."""

    def __init__(self, units: pl.DataFrame, crosswalk: pl.DataFrame):
        prov = units.filter(pl.col("level") == "province").sort("unit_id")
        old = prov.filter(pl.col("geography") == "vn63")
        new = prov.filter(pl.col("geography") == "vn34")
        self.old_ids: list[str] = old["unit_id"].to_list()
        self.new_ids: list[str] = new["unit_id"].to_list()
        self.old_by_code = dict(zip(old["gso_code"], old["unit_id"]))
        self.new_by_name = dict(zip(new["short_vi"], new["unit_id"]))
        rng = rng_for("province-effects")
        self.effect = dict(zip(self.old_ids, rng.standard_normal(len(self.old_ids))))
        cw = crosswalk.filter(pl.col("level") == "province")
        self.sources: dict[str, list[str]] = {}
        for frm, to in zip(cw["from_id"], cw["to_id"]):
            self.sources.setdefault(to, []).append(frm)
        for nid in self.new_ids:
            olds = self.sources.get(nid, [])
            self.effect[nid] = float(np.mean([self.effect[o] for o in olds])) if olds else 0.0

    def ids(self, year: int) -> list[str]:
        return self.old_ids if year <= 2024 else self.new_ids


def anchored_effects(p: Provinces, anchors: dict[int, dict[str, Any]]) -> dict[str, float]:
    """Latent effects nudged so that published leaders and laggards are persistently so.

    Without this a province pinned first in 2023 could jump 40 places from a
    random 2022, which no reader would believe.
    """
    effect = dict(p.effect)
    for anchor in anchors.values():
        for k, (code, *_rest) in enumerate(anchor.get("ranked", [])):
            effect[p.old_by_code[code]] = 1.9 - 0.12 * k
        for k, (code, *_rest) in enumerate(anchor.get("bottom", [])):
            effect[p.old_by_code[code]] = -1.6 - 0.12 * k
        for code, rank, _value in anchor.get("fixed_rank", []):
            effect[p.old_by_code[code]] = 1.0 - rank / 40
    for nid in p.new_ids:
        olds = p.sources.get(nid, [])
        effect[nid] = float(np.mean([effect[o] for o in olds])) if olds else 0.0
    return effect


def _draw(rng: np.random.Generator, ids: list[str], effect: dict[str, float], mean: float, sd: float) -> np.ndarray:
    e = np.array([effect[i] for i in ids])
    return mean + sd * (0.9 * e + 0.45 * rng.standard_normal(len(ids)))


def _drawn(p: Provinces, label: str, year: int, anchors: dict[int, dict[str, Any]], means: dict[int, float],
           sd: float) -> tuple[np.random.Generator, list[str], dict[str, float], dict[str, Any]]:
    """The generator, provinces and drawn totals of ``year`` for ``label`` (papi, par), and the
    year's anchors (published figures to match; none after 2024)."""
    rng = rng_for(f"{label}-total-{year}")
    ids = p.ids(year)
    drawn = dict(zip(ids, _draw(rng, ids, anchored_effects(p, anchors), means[year], sd)))
    return rng, ids, drawn, (anchors.get(year, {}) if year <= 2024 else {})


# ---------------------------------------------------------------- PAPI
def papi_totals(p: Provinces, year: int) -> dict[str, float | None]:
    """Totals per province for ``year``; None for a province not scored."""
    rng, ids, drawn, anchor = _drawn(p, "papi", year, cal.PAPI_ANCHORS, cal.PAPI_YEAR_MEAN, cal.PAPI_YEAR_SD)
    out: dict[str, float | None] = {i: round(float(v), 4) for i, v in drawn.items()}
    for code in anchor.get("not_scored", []):
        out[p.old_by_code[code]] = None
    if "ranked" in anchor:  # 2023: fix the published top, Hà Nội 15th, bottom-five range
        fixed = {p.old_by_code[c]: v for c, v in anchor["ranked"]}
        rank_fixed = {p.old_by_code[c]: (r, v) for c, r, v in anchor["fixed_rank"]}
        rest = sorted((i for i in ids if out[i] is not None and i not in fixed and i not in rank_fixed),
                      key=lambda i: -drawn[i])
        hn_rank, hn_value = next(iter(rank_fixed.values()))
        lowest_top = min(fixed.values())
        above = hn_rank - 1 - len(fixed)
        lo, hi = anchor["bottom_range"]
        values = np.concatenate([
            sorted_uniform(rng, above, hn_value + 0.05, lowest_top - 0.02),
            sorted_uniform(rng, len(rest) - above - 5, hi + 0.03, hn_value - 0.03),
            np.linspace(hi, lo, 5),
        ])
        out.update({i: round(float(v), 4) for i, v in zip(rest, values)})
        out.update(fixed)
        out.update({i: v for i, (_, v) in rank_fixed.items()})
    for code, value in anchor.get("fixed", []):
        out[p.old_by_code[code]] = value
    if "mean" in anchor:
        pinned = {p.old_by_code[c] for c, _ in anchor.get("fixed", [])}
        free = [i for i in ids if out[i] is not None and i not in pinned]
        target_sum = anchor["mean"] * sum(out[i] is not None for i in ids) - sum(out[i] for i in pinned)
        fitted = fit_mean(np.array([out[i] for i in free]), target_sum / len(free), 30.0, 47.5, 4)
        out.update({i: float(v) for i, v in zip(free, fitted)})
    return out


def papi_rows(p: Provinces, definition_maxima: dict[str, dict[str, float]]) -> Rows:
    """PAPI sub-dimension scores (the leaves) for 2018–2025, with survey sample sizes and standard errors.

    ``definition_maxima`` maps a dimension code to ``{sub-code: max}``.
    """
    rows: Rows = []
    n_rng = rng_for("papi-n")
    base_n = {i: int(n_rng.integers(190, 420)) for i in p.old_ids}
    base_n.update({p.old_by_code["01"]: 1210, p.old_by_code["79"]: 1195})
    for nid in p.new_ids:
        base_n[nid] = sum(base_n[o] for o in p.sources.get(nid, [])) or 400
    dims = list(cal.PAPI_DIMENSION_PROFILE)
    for year in range(cal.PAPI_MIN_YEAR, 2026):
        rng = rng_for(f"papi-split-{year}")
        se_rng = rng_for(f"papi-se-{year}")  # a stream of its own: the values are those drawn without it
        period = str(year)
        for uid, total in papi_totals(p, year).items():
            n = int(base_n[uid] * rng.uniform(0.93, 1.07))
            if total is None:
                note = word("demo.papi_not_scored", "vi", year=year)
                rows += [_row(uid, period, f"papi.{s}", None, None, note)
                         for d in dims for s in definition_maxima[d]]
                continue
            fixed_subs = cal.PAPI_FIXED_SUBDIMENSIONS.get((_code(p, uid), year), {})
            fixed_dims = {s.split(".")[0]: None for s in fixed_subs}
            for d in fixed_dims:
                fixed_dims[d] = round(sum(v for s, v in fixed_subs.items() if s.startswith(d + ".")), 4)
            free = [d for d in dims if d not in fixed_dims]
            weights = np.array([cal.PAPI_DIMENSION_PROFILE[d] for d in free]) * (1 + 0.07 * rng.standard_normal(len(free)))
            parts = split_total(total - sum(fixed_dims.values()), weights, np.full(len(free), 9.6), 4,
                                minima=np.full(len(free), 1.4))
            dim_values = {**dict(zip(free, parts)), **fixed_dims}
            for d in dims:
                subs = definition_maxima[d]
                if d in fixed_dims:
                    values = [fixed_subs[s] for s in subs]
                else:
                    w = 1 + 0.12 * rng.standard_normal(len(subs))
                    values = split_total(dim_values[d], np.clip(w, 0.5, None), np.array(list(subs.values())), 4,
                                         minima=np.array(list(subs.values())) / 10)
                rows += [_row(uid, period, f"papi.{s}", float(v), n,
                              se=survey_se(cal.PAPI_RESPONDENT_SD_SHARE * subs[s], n, se_rng))
                         for s, v in zip(subs, values)]
    return rows


def _code(p: Provinces, uid: str) -> str | None:
    return next((c for c, i in p.old_by_code.items() if i == uid), None)


# ---------------------------------------------------------------- PAR INDEX
def par_totals(p: Provinces, year: int) -> dict[str, float]:
    rng, ids, drawn, anchor = _drawn(p, "par", year, cal.PAR_ANCHORS, cal.PAR_YEAR_MEAN, cal.PAR_YEAR_SD)
    pinned = {p.old_by_code[c]: v for c, v in anchor.get("ranked", []) + anchor.get("bottom", [])}
    free = sorted((i for i in ids if i not in pinned), key=lambda i: -drawn[i])
    top_low = min((v for c, v in anchor.get("ranked", [])), default=99.5)
    bottom_high = max((v for c, v in anchor.get("bottom", [])), default=60.0)
    mean = anchor.get("mean", cal.PAR_YEAR_MEAN[year])
    target = (mean * len(ids) - sum(pinned.values())) / len(free)
    values = fit_mean(np.clip(np.array([drawn[i] for i in free]), bottom_high + 0.05, top_low - 0.05),
                      target, bottom_high, top_low, 2)
    return {**dict(zip(free, map(float, values))), **pinned}


def par_rows(p: Provinces, area_maxima: dict[str, float]) -> Rows:
    rows: Rows = []
    maxima = np.array(list(area_maxima.values()))
    for year in range(2018, 2026):
        rng = rng_for(f"par-split-{year}")
        for uid, total in par_totals(p, year).items():
            weights = maxima * np.clip(1 + 0.05 * rng.standard_normal(len(maxima)), 0.8, 1.2)
            parts = split_total(total, weights, maxima, 2)
            rows += [_row(uid, str(year), f"par.{a}", float(v)) for a, v in zip(area_maxima, parts)]
    return rows


# ---------------------------------------------------------------- SIPAS
SIPAS_ELEMENT_OFFSET = np.array([1.6, -0.6, 1.1, 0.5, -2.6])


def sipas_rows(p: Provinces) -> Rows:
    rows: Rows = []
    for year, national in cal.SIPAS_NATIONAL.items():
        rng = rng_for(f"sipas-{year}")
        ids = p.ids(year)
        drawn = _draw(rng, ids, p.effect, national, cal.SIPAS_SD)
        lo, hi = cal.SIPAS_RANGE.get(year, (national - 9.0, min(97.5, national + 8.5)))
        order = np.argsort(-drawn)
        values = np.empty(len(ids))
        values[order[0]], values[order[-1]] = hi, lo
        middle = order[1:-1]
        target = (national * len(ids) - hi - lo) / len(middle)
        values[middle] = fit_mean(np.clip(drawn[middle], lo + 0.1, hi - 0.1), target, lo, hi, 2)
        for uid, overall in zip(ids, values):
            n = int(rng.integers(380, 1250))
            elements = np.round(overall + SIPAS_ELEMENT_OFFSET + 0.8 * rng.standard_normal(5), 2)
            elements = np.clip(elements, 0, 99.9)
            elements[-1] = round(5 * round(float(overall), 2) - elements[:-1].sum(), 2)
            rows += [_row(uid, str(year), f"sipas.{k + 1}", float(v), n, se=share_se(float(v), n))
                     for k, v in enumerate(elements)]
    return rows


# ---------------------------------------------------------------- 766 (provinces, monthly)
SVC766_GROUP_LEVEL = {"1": (15.2, 18), "2": (18.4, 20), "3": (12.5, 22), "4": (15.6, 22), "5": (15.3, 18)}


def svc766_rows(p: Provinces) -> Rows:
    """Group scores (observed, as the national portal publishes them) per month."""
    rows: Rows = []
    months = periods_between(cal.SVC766_FIRST_MONTH, cal.SVC766_LAST_MONTH)
    anchors = {(p.new_by_name[name], month): groups for (name, month), groups in cal.SVC766_ANCHORS.items()}
    for k, month in enumerate(months):
        rng = rng_for(f"svc766-{month}")
        totals: dict[str, dict[str, float]] = {}
        for uid in p.new_ids:
            e = p.effect[uid] + 0.5 * rng.standard_normal()
            totals[uid] = {
                g: float(np.clip(level + 0.9 * e + 0.08 * k * (mx - level) / 6 + 0.5 * rng.standard_normal(), 0.3 * mx, mx))
                for g, (level, mx) in SVC766_GROUP_LEVEL.items()
            }
        for (uid, m), groups in anchors.items():
            if m != month:
                continue
            totals[uid] = dict(groups)
            anchor_total = sum(groups.values())
            others = sorted((u for u in totals if u != uid), key=lambda u: -sum(totals[u].values()))
            for rank, u in enumerate(others, start=1):  # exactly SVC766_ANCHOR_RANK - 1 provinces above
                s = sum(totals[u].values())
                want = anchor_total + 1.8 if rank < cal.SVC766_ANCHOR_RANK else min(s, anchor_total - 0.15 * rank)
                totals[u] = {g: v * want / s for g, v in totals[u].items()}
        for uid, groups in totals.items():
            rows += [_row(uid, month, f"svc766.{g}", round(min(v, SVC766_GROUP_LEVEL[g][1]), 2)) for g, v in groups.items()]
    return rows
