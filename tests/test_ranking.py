"""Tests for cchc.ranking (and cchc.bands): ranks, changes, groups, bands,
percentiles, means."""

from __future__ import annotations

import doctest
import math
import random
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
import yaml

import cchc.bands as bands_mod
import cchc.ranking as ranking
from cchc.periods import previous_available
from cchc.ranking import (
    QUARTILE_LABELS,
    assign_bands,
    band_expr,
    bands_table,
    group_means,
    percentiles,
    quartile_groups,
    rank_changes,
    rank_units,
)

INDICES = Path(__file__).resolve().parent.parent / "data" / "indices"
NAN = float("nan")


def _bands(index_id: str) -> list[dict]:
    return yaml.safe_load((INDICES / f"{index_id}.yaml").read_text(encoding="utf-8"))["bands"]


def test_docstring_examples():
    assert doctest.testmod(ranking).failed == 0
    assert doctest.testmod(bands_mod).failed == 0


# --------------------------------------------------------------------------- fixtures

PAR2023_TOP = [("Quảng Ninh", 92.18), ("Hải Phòng", 91.87), ("Hà Nội", 91.43),
               ("Bắc Giang", 91.16), ("Bà Rịa–Vũng Tàu", 91.03)]
PAR2023_BOTTOM = [("Bình Thuận", 81.87), ("Sóc Trăng", 81.70), ("An Giang", 81.32)]


@pytest.fixture
def par2023() -> pl.DataFrame:
    """PAR INDEX 2023: published top five and bottom three, padded with 55
    seeded random provinces strictly between 82 and 91 (distinct, 2 decimals),
    rows shuffled."""
    rng = random.Random(2023)
    middle = [(f"Tỉnh giữa {i:02d}", c / 100) for i, c in enumerate(rng.sample(range(8201, 9100), 55))]
    rows = PAR2023_TOP + middle + PAR2023_BOTTOM
    rng.shuffle(rows)
    return pl.DataFrame(rows, schema={"unit": pl.String, "value": pl.Float64}, orient="row")


def _ranks(values, **kw) -> list:
    df = pl.DataFrame({"value": values}, schema={"value": pl.Float64})
    return rank_units(df, **kw)["rank"].to_list()


# --------------------------------------------------------------------------- rank_units


def test_par2023_published_order(par2023):
    out = rank_units(par2023, decimals=2).sort("rank")
    assert out.height == 63 and out["n_ranked"].unique().to_list() == [63]
    assert out.head(5).select("unit", "rank").rows() == [(u, i + 1) for i, (u, _) in enumerate(PAR2023_TOP)]
    assert out.tail(3).select("unit", "rank").rows() == [(u, 61 + i) for i, (u, _) in enumerate(PAR2023_BOTTOM)]
    assert out.schema["rank"] == pl.Int64 and out.schema["n_ranked"] == pl.Int64


def test_rank_units_keeps_rows_columns_and_values(par2023):
    out = rank_units(par2023, decimals=1)
    assert out.columns == ["unit", "value", "rank", "n_ranked"]
    assert out.select("unit", "value").equals(par2023)  # order and raw values untouched


@pytest.mark.parametrize(
    "values, kw, expected",
    [
        ([3.0, 2.0, 2.0, 1.0], {}, [1, 2, 2, 4]),                          # competition ranking
        ([1.0, 2.0, 2.0, 3.0], {}, [4, 2, 2, 1]),
        ([5.0, 5.0, 5.0], {}, [1, 1, 1]),                                  # all equal
        ([77.65], {}, [1]),                                                # single unit
        ([], {}, []),                                                      # empty frame
        ([None, None], {}, [None, None]),                                  # all null
        ([NAN, 1.0, None, 2.0], {}, [None, 2, None, 1]),                   # NaN is not scored
        ([0.05, 0.01, 0.03, 0.01], {"direction": "lower"}, [4, 1, 3, 1]),  # late-dossier rate
        ([0.0, None, 0.02], {"direction": "lower"}, [1, None, 2]),
        ([0.0, -0.0, -1.0], {}, [1, 1, 3]),                                # signed zero ties
        ([45.70004, 45.69996, 45.6], {}, [1, 2, 3]),                       # exact ties only ...
        ([45.70004, 45.69996, 45.6], {"decimals": 4}, [1, 1, 3]),          # ... unless rounded
        ([91.434, 91.426, 91.4], {"decimals": 2}, [1, 1, 3]),              # PAR 2 decimals
        ([91.125, 91.12], {"decimals": 2}, [1, 2]),                        # half away from zero
        ([2.0, 1.0], {"direction": "higher", "decimals": 0}, [1, 2]),
    ],
)
def test_rank_units_cases(values, kw, expected):
    assert _ranks(values, **kw) == expected


@pytest.mark.parametrize("values, n", [([], None), ([None, NAN], 0), ([1.0, None, 3.0], 2)])
def test_n_ranked_counts_only_scored(values, n):
    out = rank_units(pl.DataFrame({"value": values}, schema={"value": pl.Float64}))
    assert out["n_ranked"].to_list() == ([] if n is None else [n] * len(values))


def test_rank_units_integer_values_and_custom_names():
    out = rank_units(pl.DataFrame({"score": [3, 1, 2]}), value="score", rank_col="hang", n_col="n")
    assert out.select("hang", "n").rows() == [(1, 3), (3, 3), (2, 3)]


def test_rank_units_by_groups():
    df = pl.DataFrame({
        "period": ["2023"] * 4 + ["2024"] * 4,
        "region": ["a", "a", "b", "b"] * 2,
        "value": [1.0, 2.0, 5.0, 5.0, None, None, 3.0, 4.0],
    })
    out = rank_units(df, by=("period", "region"))
    assert out["rank"].to_list() == [2, 1, 1, 1, None, None, 2, 1]
    assert out["n_ranked"].to_list() == [2, 2, 2, 2, 0, 0, 2, 2]
    assert rank_units(df, by="period")["rank"].to_list() == [4, 3, 1, 1, None, None, 2, 1]


def test_rank_units_per_row_direction():
    df = pl.DataFrame({
        "indicator_id": ["on_time"] * 3 + ["late_rate"] * 3,
        "direction": ["higher"] * 3 + ["lower"] * 3,
        "value": [0.9, 0.8, 0.95, 0.02, 0.10, 0.05],
    })
    out = rank_units(df, by="indicator_id", direction=pl.col("direction"))
    assert out["rank"].to_list() == [2, 3, 1, 1, 3, 2]
    with pytest.raises(ValueError, match="direction values"):
        rank_units(df.with_columns(direction=pl.lit("up")), direction=pl.col("direction"))


@pytest.mark.parametrize("kw, match", [({"direction": "best"}, "direction"), ({"value": "score"}, "score"),
                                       ({"by": ("region",)}, "region")])
def test_rank_units_errors(kw, match):
    with pytest.raises(ValueError, match=match):
        rank_units(pl.DataFrame({"value": [1.0]}), **kw)


# --------------------------------------------------------------------------- rank_changes


def _panel(rows, **kw) -> pl.DataFrame:
    df = pl.DataFrame(rows, schema={"period": pl.String, "unit_id": pl.String, "value": pl.Float64}, orient="row")
    return rank_changes(rank_units(df, by="period"), **kw)


def _row(out: pl.DataFrame, period: str, unit: str) -> dict:
    return out.filter((pl.col("period") == period) & (pl.col("unit_id") == unit)).to_dicts()[0]


def test_rank_changes_skipped_year_and_new_unit():
    # SIPAS: no survey in 2021, so 2022 is compared with 2020.
    out = _panel([
        ("2020", "ha_noi", 85.48), ("2020", "hue", 86.00), ("2020", "hung_yen", 84.00),
        ("2022", "ha_noi", 81.00), ("2022", "hue", 80.00), ("2022", "hung_yen", 83.00),
        ("2022", "quang_tri", 82.00),
    ])
    assert out.schema["prev_period"] == pl.String and out.schema["prev_rank"] == pl.Int64
    assert out.schema["rank_change"] == pl.Int64 and out.schema["change"] == pl.Float64
    hn = _row(out, "2022", "ha_noi")
    assert hn["prev_period"] == "2020" and hn["prev_rank"] == 2 and hn["rank"] == 3
    assert hn["rank_change"] == -1 and hn["moved"] == "down"
    assert hn["change"] == pytest.approx(81.00 - 85.48)
    hy = _row(out, "2022", "hung_yen")
    assert (hy["prev_rank"], hy["rank"], hy["rank_change"], hy["moved"]) == (3, 1, 2, "up")
    qt = _row(out, "2022", "quang_tri")
    assert qt["moved"] == "new" and qt["prev_period"] == "2020"
    assert qt["prev_rank"] is None and qt["rank_change"] is None and qt["change"] is None
    first = out.filter(pl.col("period") == "2020")
    assert first["prev_period"].to_list() == [None] * 3 and first["moved"].to_list() == [None] * 3


def test_rank_changes_unscored_units_are_never_zero():
    # PAPI: Quảng Ninh not scored in 2023 (null), scored again in 2024.
    out = _panel([
        ("2023", "quang_ninh", None), ("2023", "hue", 46.0415), ("2023", "ha_noi", 43.96),
        ("2024", "quang_ninh", 47.82), ("2024", "hue", 45.0), ("2024", "ha_noi", None),
    ])
    qn = _row(out, "2024", "quang_ninh")
    assert qn["moved"] == "new" and qn["rank_change"] is None and qn["change"] is None and qn["prev_value"] is None
    hn = _row(out, "2024", "ha_noi")  # not ranked now
    assert hn["rank"] is None and hn["moved"] is None and hn["rank_change"] is None and hn["change"] is None
    assert hn["prev_rank"] == 2
    hue = _row(out, "2024", "hue")
    assert (hue["rank_change"], hue["moved"]) == (-1, "down")


def test_rank_changes_same_and_row_order():
    rows = [("2024", "b", 2.0), ("2023", "a", 1.0), ("2024", "a", 1.0), ("2023", "b", 2.0)]
    out = _panel(rows)
    assert out.select("period", "unit_id").rows() == [(p, u) for p, u, _ in rows]
    assert _row(out, "2024", "a")["moved"] == "same" and _row(out, "2024", "a")["rank_change"] == 0
    assert _row(out, "2024", "a")["change"] == 0.0


def test_rank_changes_skips_period_with_nobody_ranked():
    out = _panel([("2020", "a", 1.0), ("2020", "b", 2.0), ("2021", "a", None), ("2021", "b", None),
                  ("2022", "a", 3.0), ("2022", "b", 1.0)])
    assert _row(out, "2022", "a")["prev_period"] == "2020"
    assert _row(out, "2022", "a")["rank_change"] == 1
    assert _row(out, "2021", "a")["prev_period"] == "2020" and _row(out, "2021", "a")["moved"] is None


def test_rank_changes_previous_period_is_per_group_and_per_grain():
    df = pl.DataFrame({
        "indicator_id": ["par"] * 6 + ["sipas"] * 4 + ["svc"] * 6,
        "period": ["2020", "2020", "2021", "2021", "2022", "2022", "2020", "2020", "2022", "2022",
                   "2024-12", "2024-12", "2025-01", "2025-01", "2025", "2025"],
        "unit_id": ["a", "b"] * 8,
        "value": [1.0, 2.0, 2.0, 1.0, 1.0, 2.0, 5.0, 6.0, 6.0, 5.0, 1.0, 2.0, 2.0, 1.0, 3.0, 4.0],
    })
    ranked = rank_units(df, by=("indicator_id", "period"))
    out = rank_changes(ranked, by=("indicator_id", "period"))  # period in `by` is ignored
    prev = {(r["indicator_id"], r["period"]): r["prev_period"] for r in out.to_dicts()}
    assert prev[("par", "2022")] == "2021"
    assert prev[("sipas", "2022")] == "2020"          # other indicators' 2021 does not count
    assert prev[("svc", "2025-01")] == "2024-12"
    assert prev[("svc", "2025")] is None              # the year 2025 has no earlier year
    assert _row(out.filter(pl.col("indicator_id") == "sipas"), "2022", "a")["moved"] == "up"


def test_rank_changes_agrees_with_previous_available():
    rng = random.Random(11)
    years = [str(y) for y in range(2012, 2026)]
    rows = []
    for y in rng.sample(years, 9):
        for u in "abcdef":
            if rng.random() < 0.8:
                rows.append((y, u, None if rng.random() < 0.1 else round(rng.uniform(0, 10), 1)))
    out = _panel(rows)
    ranked_periods = out.filter(pl.col("rank").is_not_null())["period"].unique().to_list()
    for r in out.to_dicts():
        assert r["prev_period"] == previous_available(r["period"], ranked_periods)
        if r["rank"] is not None and r["prev_rank"] is not None:
            assert r["rank_change"] == r["prev_rank"] - r["rank"]
            assert r["moved"] == ("up" if r["rank_change"] > 0 else "down" if r["rank_change"] < 0 else "same")


def test_rank_changes_errors():
    ranked = rank_units(pl.DataFrame({"period": ["2023", "2023"], "unit_id": ["a", "a"], "value": [1.0, 2.0]}),
                        by="period")
    with pytest.raises(ValueError, match="duplicate"):
        rank_changes(ranked)
    with pytest.raises(ValueError, match="rank"):
        rank_changes(ranked.drop("rank"))
    with pytest.raises(ValueError, match="'2023-1'"):
        rank_changes(ranked.with_columns(period=pl.lit("2023-1")).head(1))
    with pytest.raises(ValueError, match="null"):
        rank_changes(ranked.with_columns(period=pl.lit(None, pl.String)).head(1))
    with pytest.raises(ValueError, match="already"):
        rank_changes(rank_changes(ranked.head(1)))


def test_rank_changes_empty_frame():
    empty = rank_units(pl.DataFrame(schema={"period": pl.String, "unit_id": pl.String, "value": pl.Float64}),
                       by="period")
    out = rank_changes(empty)
    assert out.height == 0
    assert out.columns[-6:] == ["prev_period", "prev_value", "prev_rank", "change", "rank_change", "moved"]


# --------------------------------------------------------------------------- quartile groups


def _group_sizes(out: pl.DataFrame) -> list[int]:
    return [out.filter(pl.col("quartile") == q).height for q in (1, 2, 3, 4)]


def test_quartile_groups_n63(par2023):
    out = quartile_groups(par2023, decimals=2)
    assert out.schema["quartile"] == pl.Int64
    assert _group_sizes(out) == [16, 16, 16, 15]
    g = dict(out.select("unit", "quartile").rows())
    assert g["Quảng Ninh"] == 1 and g["An Giang"] == 4
    assert out.columns == ["unit", "value", "quartile"]


def test_quartile_groups_n34():
    rng = random.Random(34)
    df = pl.DataFrame({"value": rng.sample(range(5000, 9000), 34)}).with_columns(pl.col("value") / 100)
    out = rank_units(quartile_groups(df))
    assert _group_sizes(out) == [9, 8, 9, 8]
    expected = [(4 * (r - 1)) // 34 + 1 for r in out["rank"]]
    assert out["quartile"].to_list() == expected


@pytest.mark.parametrize(
    "values, kw, expected",
    [
        # tie across the 1|2 boundary of n = 8 (ranks 1,2,2,4,...): the tie stays in group 1
        ([10, 9, 9, 7, 6, 5, 4, 3], {}, [1, 1, 1, 2, 3, 3, 4, 4]),
        # tie across the 3|4 boundary (ranks ..., 6, 6, 6)
        ([10, 9, 8, 7, 6, 5, 5, 5], {}, [1, 1, 2, 2, 3, 3, 3, 3]),
        ([5, 5, 5, 5], {}, [1, 1, 1, 1]),
        ([1.0], {}, [1]),
        ([2.0, 1.0, None], {}, [1, 3, None]),
        ([None, None], {}, [None, None]),
        ([], {}, []),
        ([0.1, 0.2, 0.3, 0.4], {"direction": "lower"}, [1, 2, 3, 4]),
        ([45.70004, 45.69996, 45.1, 44.0], {"decimals": 4}, [1, 1, 3, 4]),
    ],
)
def test_quartile_groups_cases(values, kw, expected):
    df = pl.DataFrame({"value": values}, schema={"value": pl.Float64})
    assert quartile_groups(df, **kw)["quartile"].to_list() == expected


def test_quartile_ties_never_split_random():
    rng = random.Random(5)
    for n in (5, 13, 34, 63, 100):
        df = pl.DataFrame({"value": [float(rng.randint(0, n // 3)) for _ in range(n)]})
        out = quartile_groups(df)
        assert out.group_by("value").agg(pl.col("quartile").n_unique())["quartile"].max() == 1
        ordered = out.sort("value", descending=True)["quartile"].to_list()
        assert ordered == sorted(ordered)


def test_quartile_groups_by_and_labels():
    df = pl.DataFrame({"period": ["2023"] * 4 + ["2024"] * 2, "value": [4.0, 3.0, 2.0, 1.0, 1.0, 2.0]})
    out = quartile_groups(df, by="period", group_col="nhom", labels=True)
    assert out["nhom"].to_list() == [1, 2, 3, 4, 3, 1]
    assert out["nhom_vi"].to_list()[:4] == ["Nhóm cao nhất", "Nhóm trung bình cao", "Nhóm trung bình thấp",
                                            "Nhóm thấp nhất"]
    assert out["nhom_en"][0] == "Best performers"
    assert QUARTILE_LABELS.columns == ["quartile", "code", "vi", "en"]
    assert QUARTILE_LABELS["quartile"].to_list() == [1, 2, 3, 4]


# --------------------------------------------------------------------------- bands

XS_CASES = [(100.0, "XS"), (90.0, "XS"), (89.999, "T"), (80.0, "T"), (79.99, "K"), (70.0, "K"),
            (69.99, "TB"), (50.0, "TB"), (49.99, "Y"), (0.0, "Y"), (-5.0, "Y"), (None, None), (NAN, None)]
PAR_CASES = [(92.18, "A"), (90.0, "A"), (89.99, "B"), (80.0, "B"), (79.99, "C"), (None, None)]


@pytest.mark.parametrize("index_id, cases", [("hy_par_so", XS_CASES), ("svc766", XS_CASES), ("par", PAR_CASES)])
def test_bands_at_cutoffs(index_id, cases):
    df = pl.DataFrame({"value": [v for v, _ in cases]}, schema={"value": pl.Float64})
    out = assign_bands(df, _bands(index_id))
    assert out.schema["band"] == pl.String
    assert out["band"].to_list() == [b for _, b in cases]


def test_bands_labels_and_rounding():
    out = assign_bands(pl.DataFrame({"score": [89.996, 89.994, 90.0]}), _bands("hy_par_so"), value="score",
                       band_col="xep_loai", decimals=2, labels=True)
    assert out["xep_loai"].to_list() == ["XS", "T", "XS"]
    assert out["xep_loai_vi"].to_list() == ["Xuất sắc", "Tốt", "Xuất sắc"]
    assert out["xep_loai_en"].to_list() == ["Excellent", "Good", "Excellent"]


def test_bands_without_catch_all_and_as_objects():
    @dataclass
    class Band:
        code: str
        vi: str
        en: str
        min: float | None

    bands = [Band("A", "Nhóm A", "Group A", 90), Band("B", "Nhóm B", "Group B", 80)]
    df = pl.DataFrame({"value": [95.0, 85.0, 79.0]})
    assert assign_bands(df, bands)["band"].to_list() == ["A", "B", None]
    assert df.select(band_expr(bands)).to_series().to_list() == ["A", "B", None]  # plain expression, lazy-friendly
    # bands nested under name: {vi, en}
    nested = [{"code": "A", "name": {"vi": "Nhóm A", "en": "Group A"}, "min": 90}]
    assert bands_table(nested).row(0) == ("A", "Nhóm A", "Group A", 90.0, 1)


def test_bands_table():
    t = bands_table(_bands("par"))
    assert t.schema == pl.Schema({"code": pl.String, "vi": pl.String, "en": pl.String, "min": pl.Float64,
                                  "order": pl.Int64})
    assert t.rows() == [("A", "Nhóm A", "Group A", 90.0, 1), ("B", "Nhóm B", "Group B", 80.0, 2),
                        ("C", "Dưới 80%", "Below 80%", None, 3)]


@pytest.mark.parametrize(
    "bands, match",
    [
        ([], "empty"),
        ([{"code": "A", "min": None}, {"code": "B", "min": 80}], "only the last"),
        ([{"code": "A", "min": 80}, {"code": "B", "min": 90}], "decrease"),
        ([{"code": "A", "min": 90}, {"code": "A", "min": 80}], "duplicate"),
        ([{"vi": "x", "min": 90}], "no code"),
    ],
)
def test_bands_invalid(bands, match):
    with pytest.raises(ValueError, match=match):
        assign_bands(pl.DataFrame({"value": [1.0]}), bands)


# --------------------------------------------------------------------------- percentiles


@pytest.mark.parametrize(
    "values, kw, expected",
    [
        ([4.0, 3.0, 3.0, 1.0, None], {}, [75.0, 25.0, 25.0, 0.0, None]),
        ([7.0], {}, [0.0]),
        ([2.0, 2.0], {}, [0.0, 0.0]),
        ([], {}, []),
        ([None, NAN], {}, [None, None]),
        ([0.01, 0.05, 0.03, 0.02], {"direction": "lower"}, [75.0, 0.0, 25.0, 50.0]),
        ([1.00004, 0.99996], {"decimals": 4}, [0.0, 0.0]),
    ],
)
def test_percentiles_cases(values, kw, expected):
    df = pl.DataFrame({"value": values}, schema={"value": pl.Float64})
    out = percentiles(df, **kw)
    assert out.schema["percentile"] == pl.Float64
    assert out["percentile"].to_list() == expected


def test_percentiles_by_group_and_par(par2023):
    out = percentiles(par2023.with_columns(g=pl.lit("vn")), by="g", pct_col="p")
    p = dict(out.select("unit", "p").rows())
    assert p["Quảng Ninh"] == pytest.approx(100 * 62 / 63) and p["An Giang"] == 0.0
    df = pl.DataFrame({"r": ["a", "a", "b"], "value": [1.0, 2.0, 3.0]})
    assert percentiles(df, by="r")["percentile"].to_list() == [0.0, 50.0, 0.0]


# --------------------------------------------------------------------------- group_means


def test_group_means_with_nulls_by_region():
    df = pl.DataFrame({
        "period": ["2023"] * 5,
        "region": ["red_river_delta", "red_river_delta", "red_river_delta", "mekong_delta", "southeast"],
        "value": [92.18, None, 91.43, 81.32, NAN],
    })
    out = group_means(df, by=("period", "region"))
    assert out.schema == pl.Schema({"period": pl.String, "region": pl.String, "mean": pl.Float64,
                                    "n_scored": pl.Int64, "n_not_scored": pl.Int64})
    rows = {r["region"]: r for r in out.to_dicts()}
    assert rows["red_river_delta"]["mean"] == pytest.approx((92.18 + 91.43) / 2)
    assert (rows["red_river_delta"]["n_scored"], rows["red_river_delta"]["n_not_scored"]) == (2, 1)
    assert rows["mekong_delta"]["mean"] == pytest.approx(81.32)
    assert rows["southeast"]["mean"] is None and rows["southeast"]["n_scored"] == 0  # never 0 for missing
    national = group_means(df, by=())
    assert national.height == 1
    assert national["mean"][0] == pytest.approx((92.18 + 91.43 + 81.32) / 3)
    assert national.select("n_scored", "n_not_scored").row(0) == (3, 2)


def test_group_means_par2023_national(par2023):
    out = group_means(par2023, by=(), mean_col="tb")
    assert out["tb"][0] == pytest.approx(par2023["value"].mean()) and out["n_scored"][0] == 63


def test_group_means_weighted():
    df = pl.DataFrame({
        "r": ["x", "x", "x", "x", "y"],
        "value": [80.0, 90.0, None, 70.0, 50.0],
        "n": [100, 300, 50, None, 0],
    })
    out = group_means(df, by="r", weight="n")
    x, y = out.to_dicts()
    assert x["mean"] == pytest.approx((80 * 100 + 90 * 300) / 400)
    assert (x["n_scored"], x["n_not_scored"], x["n_no_weight"]) == (2, 1, 1)
    assert y["mean"] is None and y["n_scored"] == 1  # zero total weight -> no mean
    with pytest.raises(ValueError, match="negative"):
        group_means(df.with_columns(n=pl.lit(-1)), by="r", weight="n")


def test_group_means_empty_and_errors():
    empty = pl.DataFrame(schema={"r": pl.String, "value": pl.Float64})
    assert group_means(empty, by="r").height == 0
    national = group_means(empty, by=())
    assert national.rows() == [(None, 0, 0)]
    with pytest.raises(ValueError, match="region"):
        group_means(empty, by="region")


def test_everything_vectorised_on_a_large_frame():
    rng = random.Random(1)
    n = 3321 * 12  # every commune, one year of months
    df = pl.DataFrame({
        "period": [f"2025-{m:02d}" for m in range(1, 13) for _ in range(3321)],
        "unit_id": [f"vn34:commune:{i:05d}" for _ in range(12) for i in range(3321)],
        "value": [None if rng.random() < 0.01 else round(rng.uniform(40, 100), 2) for _ in range(n)],
    })
    out = rank_changes(rank_units(df, by="period", decimals=2), by=())
    out = percentiles(quartile_groups(assign_bands(out, _bands("svc766")), by="period"), by="period")
    assert out.height == n
    assert out.filter(pl.col("period") == "2025-01")["moved"].null_count() == 3321
    assert out.filter((pl.col("period") == "2025-12") & pl.col("rank").is_not_null())["moved"].null_count() == 0
    assert not math.isnan(group_means(out, by="period")["mean"].sum())
