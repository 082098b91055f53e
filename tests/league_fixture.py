"""A small seeded league for tests of tables, selection, KPIs and figures:
6 provinces in 2 regions (one not scored in 2023, one tie), 3 years, 2 components."""

from __future__ import annotations

import polars as pl

from cchc.definitions import define_index
from cchc.league import league_table

UNITS = pl.DataFrame(
    {
        "unit_id": [f"vn63:province:0{i}" for i in range(1, 7)]
        + ["vn63:district:101", "vn63:district:102", "vn63:commune:10001", "vn63:commune:10002",
           "vn63:commune:10003", "vn34:province:01", "vn34:commune:20001"],
        "short_vi": ["An Giang", "Bình Định", "Cà Mau", "Đà Nẵng", "Gia Lai", "Hà Nội",
                     "Tiên Lữ", "Kim Động", "Tân Lập", "Tân Lập", "Hòa Bình", "Mới Một", "Xã Mới"],
        "short_en": ["An Giang", "Binh Dinh", "Ca Mau", "Da Nang", "Gia Lai", "Ha Noi",
                     "Tien Lu", "Kim Dong", "Tan Lap", "Tan Lap", "Hoa Binh", "Moi Mot", "Xa Moi"],
        "name_vi": ["Tỉnh An Giang", "Tỉnh Bình Định", "Tỉnh Cà Mau", "Thành phố Đà Nẵng", "Tỉnh Gia Lai",
                    "Thành phố Hà Nội", "Huyện Tiên Lữ", "Huyện Kim Động", "Xã Tân Lập", "Xã Tân Lập",
                    "Xã Hòa Bình", "Tỉnh Mới Một", "Xã Mới"],
        "name_en": ["An Giang Province", "Binh Dinh Province", "Ca Mau Province", "Da Nang City", "Gia Lai Province",
                    "Ha Noi City", "Tien Lu District", "Kim Dong District", "Tan Lap Commune", "Tan Lap Commune",
                    "Hoa Binh Commune", "Moi Mot Province", "Xa Moi Commune"],
        "level": ["province"] * 6 + ["district"] * 2 + ["commune"] * 3 + ["province", "commune"],
        "geography": ["vn63"] * 11 + ["vn34"] * 2,
        "region": ["r1", "r1", "r1", "r2", "r2", "r2", "r1", "r1", "r1", "r1", "r1", "r1", "r1"],
        "parent_id": [None] * 6 + ["vn63:province:01", "vn63:province:01", "vn63:district:101",
                                   "vn63:district:102", "vn63:district:101", None, "vn34:province:01"],
        "province_id": [f"vn63:province:0{i}" for i in range(1, 7)] + ["vn63:province:01"] * 5
        + ["vn34:province:01", "vn34:province:01"],
    }
)

CROSSWALK = pl.DataFrame({"from_id": ["vn63:province:01", "vn63:province:02"],
                          "to_id": ["vn34:province:01", "vn34:province:01"], "level": ["province"] * 2,
                          "share": [1.0, 1.0], "share_method": ["whole"] * 2})

IDX = define_index(
    {
        "id": "t", "family": "custom", "name": {"vi": "Chỉ số thử", "en": "Test index"},
        "short": {"vi": "T", "en": "T"}, "unit": {"vi": "điểm", "en": "points"}, "decimals": 2,
        "direction": "higher", "scale": {"min": 0, "max": 100}, "levels": ["province"], "grain": "year",
        "aggregate": "sum", "groups": "bands",
        "bands": [{"code": "A", "vi": "Nhóm A", "en": "Group A", "min": 90},
                  {"code": "B", "vi": "Nhóm B", "en": "Group B", "min": 80},
                  {"code": "C", "vi": "Dưới 80%", "en": "Below 80%", "min": None}],
        "reexpress": {"rule": "weighted_mean", "weight": "equal"},
        "source": {"vi": "Nguồn thử", "en": "Test source"},
        "components": [{"code": "1", "name": {"vi": "Một", "en": "One"}, "scale": {"min": 0, "max": 50}},
                       {"code": "2", "name": {"vi": "Hai", "en": "Two"}, "scale": {"min": 0, "max": 50}}],
    }
)

TOTALS = {  # period -> province code -> (part 1, part 2); None = not scored
    "2021": {"01": (40.0, 45.0), "02": (45.0, 46.0), "03": (35.0, 35.0), "04": (40.0, 40.0), "05": None,
             "06": (30.0, 30.5)},
    "2022": {"01": (46.0, 46.0), "02": (44.0, 44.0), "03": (44.0, 44.0), "04": None, "05": (37.5, 37.5),
             "06": (40.0, 41.0)},
    "2023": {"01": (45.5, 46.0), "02": (40.0, 41.0), "03": (46.0, 46.5), "04": None, "05": (42.0, 42.0),
             "06": (42.0, 42.0)},
}


def scores() -> pl.DataFrame:
    """Engine-shaped scores (total ``t`` and components ``t.1``, ``t.2``) of the six provinces."""
    rows = []
    for period, values in TOTALS.items():
        for code, parts in values.items():
            uid = f"vn63:province:{code}"
            for ind, v in (("t", None if parts is None else sum(parts)),
                           ("t.1", None if parts is None else parts[0]), ("t.2", None if parts is None else parts[1])):
                rows.append({"unit_id": uid, "period": period, "indicator_id": ind, "value": v, "raw": None,
                             "status": "missing" if v is None else "computed",
                             "reason": "Không được đánh giá" if v is None else None, "geography": "vn63",
                             "reexpressed": False, "n_sources": None, "n_used": None})
    return pl.DataFrame(rows, schema_overrides={"value": pl.Float64, "raw": pl.Float64, "reason": pl.String,
                                                "n_sources": pl.Int64, "n_used": pl.Int64})


def table(period: str = "2023", **kw) -> pl.DataFrame:
    return league_table(scores(), UNITS, IDX, period=period, level="province", **kw)
