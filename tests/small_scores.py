"""A small seeded fixture for the series, profile, comparison and figure tests.

Four old provinces (vn63, 2021–2024) in two regions, merged into two new ones
(vn34, 2025); a two-component index (0–50 each, total = sum, 0–100). Values
are drawn from a seeded generator; a few are deliberately missing:
Cường (vn63:03) is not scored in 2023, and nobody is scored on component 2
of Dũng in 2022 (so Dũng's total is missing that year too).
"""

from __future__ import annotations

import random

import polars as pl

from cchc.definitions import define_index

OLD = ["vn63:province:01", "vn63:province:02", "vn63:province:03", "vn63:province:04"]
NEW = ["vn34:province:01", "vn34:province:02"]
YEARS = ["2021", "2022", "2023", "2024"]

UNITS = pl.DataFrame({
    "unit_id": OLD + NEW + ["vn63:district:101", "vn63:district:102"],
    "short_vi": ["An", "Bình", "Cường", "Dũng", "An", "Bình", "Tân Lập", "Tân Lập"],
    "short_en": ["An", "Binh", "Cuong", "Dung", "An", "Binh", "Tan Lap", "Tan Lap"],
    "name_vi": ["Tỉnh An", "Tỉnh Bình", "Tỉnh Cường", "Tỉnh Dũng", "Tỉnh An", "Tỉnh Bình", "Huyện Tân Lập",
                "Huyện Tân Lập"],
    "level": ["province"] * 6 + ["district"] * 2,
    "geography": ["vn63"] * 4 + ["vn34"] * 2 + ["vn63"] * 2,
    "region": ["r1", "r1", "r2", "r2", "r1", "r2", "r1", "r1"],
    "parent_id": [None] * 6 + ["vn63:province:01", "vn63:province:02"],
    "province_id": OLD + NEW + ["vn63:province:01", "vn63:province:02"],
})

CROSSWALK = pl.DataFrame({
    "from_id": OLD, "to_id": ["vn34:province:01", "vn34:province:02", "vn34:province:02", "vn34:province:01"],
    "level": ["province"] * 4, "share": [1.0] * 4, "share_method": ["whole"] * 4,
})


def definition(direction: str = "higher"):
    return define_index({
        "id": "t", "family": "custom", "name": {"vi": "Chỉ số thử", "en": "Test index"},
        "short": {"vi": "T", "en": "T"}, "unit": {"vi": "điểm", "en": "points"}, "decimals": 2,
        "direction": direction, "scale": {"min": 0, "max": 100}, "levels": ["province"], "grain": "year",
        "aggregate": "sum", "reexpress": {"rule": "weighted_mean", "weight": "equal"},
        "source": {"vi": "Nguồn thử", "en": "Test source"},
        "components": [{"code": "1", "name": {"vi": "Một", "en": "One"}, "scale": {"min": 0, "max": 50}},
                       {"code": "2", "name": {"vi": "Hai", "en": "Two"}, "scale": {"min": 0, "max": 50}}],
    })


MISSING = {("vn63:province:03", "2023", "t.1"), ("vn63:province:03", "2023", "t.2"),
           ("vn63:province:04", "2022", "t.2")}


def scores(seed: int = 7) -> pl.DataFrame:
    """Engine-shaped scores (every node), with the missing values above."""
    rng = random.Random(seed)
    rows = []
    plan = [(u, p, "vn63") for p in YEARS for u in OLD] + [(u, "2025", "vn34") for u in NEW]
    for unit, period, geo in plan:
        parts = {}
        for ind in ("t.1", "t.2"):
            parts[ind] = None if (unit, period, ind) in MISSING else round(rng.uniform(20, 45), 2)
        total = None if None in parts.values() else round(sum(parts.values()), 2)  # type: ignore[arg-type]
        for ind, v in {"t": total, **parts}.items():
            rows.append({"unit_id": unit, "period": period, "indicator_id": ind, "value": v, "raw": None,
                         "status": "computed" if v is not None else "missing",
                         "reason": None if v is not None else "không được khảo sát", "geography": geo,
                         "reexpressed": False, "n_sources": None, "n_used": None})
    return pl.DataFrame(rows, schema_overrides={"value": pl.Float64, "raw": pl.Float64, "reason": pl.String,
                                                "n_sources": pl.Int64, "n_used": pl.Int64})


def value(frame: pl.DataFrame, unit: str, period: str, indicator: str = "t") -> float | None:
    hit = frame.filter((pl.col("unit_id") == unit) & (pl.col("period") == period)
                       & (pl.col("indicator_id") == indicator))
    return hit["value"][0] if hit.height else None
