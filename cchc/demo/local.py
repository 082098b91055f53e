"""Demo data inside one province (Hưng Yên): departments, old districts, communes.

- ``hy_par_so`` for departments (old departments 2018–2024, new ones 2025);
- ``hy_par_xa`` for old districts and communes (2018–2024) and new communes (2025);
- SIPAS for the old districts (2019–2024, from answer counts, each satisfied count with its
  standard error; Tiên Lữ leads in 2021, as in seed article 000);
- monthly one-stop dossier counts per commune (old communes until 2025-06, new
  communes from 2025-07), from which the 766 index is computed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from cchc.demo import calibration as cal
from cchc.demo.draws import DESIGN_EFFECT, observation as _row, rng_for, split_total
from cchc.periods import periods_between
from cchc.words import word

Rows = list[dict[str, Any]]


class DemoProvince:
    """The units of the demo province in both geographies."""

    def __init__(self, units: pl.DataFrame):
        code = cal.DEMO_PROVINCE_CODE
        self.old_id, self.new_id = f"vn63:province:{code}", f"vn34:province:{code}"

        def ids(province_id: str, level: str) -> list[str]:
            return units.filter((pl.col("province_id") == province_id) & (pl.col("level") == level)) \
                .sort("unit_id")["unit_id"].to_list()

        self.old_departments = ids(self.old_id, "department")
        self.new_departments = ids(self.new_id, "department")
        self.districts = ids(self.old_id, "district")
        self.old_communes = ids(self.old_id, "commune")
        self.new_communes = ids(self.new_id, "commune")
        names = units.filter(pl.col("unit_id").is_in(self.districts))
        self.district_by_name = dict(zip(names["short_vi"], names["unit_id"]))


def _par_rows(index: str, ids: list[str], years: range, maxima: dict[str, float], label: str,
              mean: float, sd: float, not_applicable: bool = False) -> Rows:
    rows: Rows = []
    arr = np.array(list(maxima.values()))
    effect = rng_for(f"{label}-effect").standard_normal(len(ids))
    for year in years:
        rng = rng_for(f"{label}-{year}")
        totals = np.clip(mean + (year - years.start) * 0.9 + sd * (0.75 * effect + 0.65 * rng.standard_normal(len(ids))),
                         38.0, 98.5)
        skipped = set(rng.choice(len(ids), size=min(2, len(ids)), replace=False)) if not_applicable else set()
        unscored = int(rng.integers(len(ids))) if not_applicable and year == years.stop - 1 else -1
        for k, (uid, total) in enumerate(zip(ids, totals)):
            if k == unscored:
                note = word("demo.not_assessed", "vi", year=year)  # observation notes are in Vietnamese
                rows += [_row(uid, str(year), f"{index}.{a}", None, note=note) for a in maxima]
                continue
            weights = arr * np.clip(1 + 0.08 * rng.standard_normal(len(arr)), 0.7, 1.3)
            parts = split_total(float(total), weights, arr, 2)
            for j, (area, value) in enumerate(zip(maxima, parts)):
                if k in skipped and j == 1:  # institutional reform not applicable: rescaled by the index rule
                    rows.append(_row(uid, str(year), f"{index}.{area}", None, note=word("demo.not_applicable", "vi")))
                else:
                    rows.append(_row(uid, str(year), f"{index}.{area}", float(value)))
    return rows


def hy_par_rows(hy: DemoProvince, so_maxima: dict[str, float], xa_maxima: dict[str, float]) -> Rows:
    """Provincial PAR-style indices for departments, districts and communes."""
    return (
        _par_rows("hy_par_so", hy.old_departments, range(2018, 2025), so_maxima, "so-old", 82.0, 5.0)
        + _par_rows("hy_par_so", hy.new_departments, range(2025, 2026), so_maxima, "so-new", 87.0, 4.5)
        + _par_rows("hy_par_xa", hy.districts, range(2018, 2025), xa_maxima, "huyen", 80.0, 5.5)
        + _par_rows("hy_par_xa", hy.old_communes, range(2018, 2025), xa_maxima, "xa-old", 76.0, 7.0, True)
        + _par_rows("hy_par_xa", hy.new_communes, range(2025, 2026), xa_maxima, "xa-new", 82.0, 6.0, True)
    )


def hy_sipas_rows(hy: DemoProvince) -> Rows:
    """District SIPAS from answer counts: satisfied / valid answers for each element."""
    rows: Rows = []
    effect = rng_for("hy-sipas-effect").standard_normal(len(hy.districts))
    leader = hy.district_by_name.get("Tiên Lữ")
    for year in range(2019, 2025):
        rng = rng_for(f"hy-sipas-{year}")
        share = np.clip(0.86 + 0.025 * (0.7 * effect + 0.7 * rng.standard_normal(len(effect))), 0.7, 0.985)
        if leader is not None and year == 2021:
            share[hy.districts.index(leader)] = share.max() + 0.012
        for uid, s in zip(hy.districts, share):
            respondents = int(rng.integers(180, 420))
            for element in range(1, 6):
                answers = respondents - int(rng.integers(0, 12))
                p = float(np.clip(s + 0.015 * rng.standard_normal(), 0.5, 0.995))
                rows.append(_row(uid, str(year), f"sipas.{element}.answers", float(answers), respondents))
                satisfied = float(round(answers * p))
                share = satisfied / answers  # the count's standard error under binomial sampling
                se = round(DESIGN_EFFECT * float(np.sqrt(answers * share * (1 - share))), 4)
                rows.append(_row(uid, str(year), f"sipas.{element}.satisfied", satisfied, respondents, se=se))
    return rows


def onestop_rows(hy: DemoProvince) -> Rows:
    """Monthly one-stop dossier counts per commune (the raw inputs of the 766 index)."""
    rows: Rows = []
    months = periods_between(cal.ONESTOP_FIRST_MONTH, cal.ONESTOP_LAST_MONTH)
    for geography, ids in (("old", hy.old_communes), ("new", hy.new_communes)):
        effect = rng_for(f"onestop-{geography}-effect").standard_normal(len(ids))
        size = rng_for(f"onestop-{geography}-size").uniform(0.6, 1.6, len(ids)) * (380 if geography == "old" else 1050)
        for month in months:
            if (geography == "old") != (month <= "2025-06"):
                continue
            rng = rng_for(f"onestop-{month}-{geography}")
            step = months.index(month)
            for uid, e, base in zip(ids, effect, size):
                rows += _commune_month(uid, month, rng, float(e), float(base), step)
    return rows


def _commune_month(uid: str, month: str, rng: np.random.Generator, e: float, base: float, step: int) -> Rows:
    values = onestop_counts(rng, e, base, step)
    return [_row(uid, month, f"onestop.{k}", float(v)) for k, v in values.items()]


def _whole(x: Any) -> Any:
    """Truncate toward zero: ``int(x)`` for one value, ``int64`` for an array (the same numbers)."""
    return x.astype(np.int64) if isinstance(x, np.ndarray) else int(x)


def onestop_counts(rng: np.random.Generator, e: Any, base: Any, step: int, size: int | None = None) -> dict[str, Any]:
    """One month of one-stop dossier counts (the 21 raw inputs of the 766 index, without the ``onestop.``
    prefix) of one commune (``size=None``: ``e`` and ``base`` are numbers) or of ``size`` communes at once
    (``e`` and ``base`` are arrays; :mod:`cchc.demo.country`). ``e`` is the commune's latent effect,
    ``base`` its mean number of dossiers a month, ``step`` the months since January 2024 (negative
    before). The counts are consistent: early + on time + late = resolved <= received, apology letters
    <= late dossiers, and so on."""
    received = rng.poisson(base, size)
    online_share = np.clip(0.30 + 0.006 * step + 0.12 * e + 0.04 * rng.standard_normal(size), 0.05, 0.97)
    resolved = _whole(received * rng.uniform(0.9, 0.99, size))
    late = rng.binomial(resolved, np.clip(0.008 - 0.006 * e, 0.0, 0.05), size)
    early_share = cal.ONESTOP_EARLY_SHARE / (cal.ONESTOP_EARLY_SHARE + cal.ONESTOP_ON_TIME_SHARE)
    early = rng.binomial(resolved - late, early_share, size)
    pending = received - resolved + rng.integers(0, 15, size)
    procedures = rng.integers(95, 110, size)
    payable = _whole(received * rng.uniform(0.25, 0.4, size))
    rated = _whole(resolved * rng.uniform(0.2, 0.6, size))
    return {
        "procedures_total": procedures,
        "procedures_published": procedures - rng.integers(0, 3, size),
        "procedures_online": _whole(procedures * np.clip(0.66 + 0.08 * e + 0.003 * step, 0.4, 1.0)),
        "received": received,
        "received_online": _whole(received * online_share),
        "synced": _whole(received * np.clip(0.90 + 0.04 * e, 0.6, 1.0)),
        "resolved": resolved,
        "resolved_early": early,
        "resolved_on_time": resolved - late - early,
        "resolved_late": late,
        "pending": pending,
        "pending_in_time": pending - rng.binomial(pending, 0.02, size),
        "digitised": _whole(received * np.clip(0.45 + 0.005 * step + 0.15 * e, 0.1, 1.0)),
        "e_results": _whole(resolved * np.clip(0.55 + 0.005 * step + 0.12 * e, 0.1, 1.0)),
        "data_reused": _whole(received * np.clip(0.20 + 0.004 * step + 0.08 * e, 0.0, 1.0)),
        "payable": payable,
        "paid_online": _whole(payable * np.clip(0.40 + 0.006 * step + 0.15 * e, 0.0, 1.0)),
        "rated": rated,
        "rated_satisfied": _whole(rated * np.clip(0.95 + 0.02 * e, 0.7, 1.0)),
        "complaints": rng.poisson(0.4, size),
        "apology_letters": late - rng.binomial(late, 0.2, size),
    }
