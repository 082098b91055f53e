"""League tables on a small seeded fixture: 5 provinces in 2 regions, 3 years."""

import polars as pl
import pytest

from cchc.league import (LEAGUE_COLUMNS, filter_league, league_summary, league_table, previous_scored, regional_means,
                         select_units, top_bottom)
from cchc.folding import fold
from cchc.periods import sort_key
from cchc.ranking import rank_changes, rank_units
from cchc.store import Store
from tests.league_fixture import IDX  # the same test index as the other league tests
from tests.league_fixture import table as fixture_table

UNITS = pl.DataFrame(
    {
        "unit_id": [f"vn63:province:0{i}" for i in range(1, 6)] + ["vn63:district:001"],
        "short_vi": ["An", "Bình", "Cường", "Dũng", "Giang", "Huyện X"],
        "short_en": ["An", "Binh", "Cuong", "Dung", "Giang", "X"],
        "level": ["province"] * 5 + ["district"],
        "geography": ["vn63"] * 6,
        "region": ["r1", "r1", "r2", "r2", "r2", "r1"],
        "parent_id": [None] * 5 + ["vn63:province:01"],
        "province_id": [f"vn63:province:0{i}" for i in range(1, 6)] + ["vn63:province:01"],
    }
)

TOTALS = {  # period -> unit -> total (None = not scored)
    "2021": {"01": 85.0, "02": 91.0, "03": 70.0, "04": 80.0, "05": None},
    "2022": {"01": 92.0, "02": 88.0, "03": 88.0, "04": None, "05": 75.0},
}


def scores() -> pl.DataFrame:
    rows = []
    for period, values in TOTALS.items():
        for code, v in values.items():
            rows.append({"unit_id": f"vn63:province:{code}", "period": period, "indicator_id": "t", "value": v,
                         "raw": None, "status": "computed" if v is not None else "missing",
                         "reason": None if v is not None else "Không được đánh giá", "geography": "vn63",
                         "reexpressed": False, "n_sources": None, "n_used": None})
    return pl.DataFrame(rows, schema_overrides={"value": pl.Float64, "raw": pl.Float64, "reason": pl.String,
                                                "n_sources": pl.Int64, "n_used": pl.Int64})


def table(period="2022", **kw):
    return league_table(scores(), UNITS, IDX, period=period, level="province", **kw)


def test_columns_and_order():
    t = table()
    assert t.columns == LEAGUE_COLUMNS
    assert t["unit"].to_list() == ["An", "Bình", "Cường", "Giang", "Dũng"]  # unranked last
    assert t["rank"].to_list() == [1, 2, 2, 4, None]  # tie shares rank 2, next skips to 4


def test_changes_against_previous_period():
    t = {r["unit"]: r for r in table().iter_rows(named=True)}
    assert t["An"]["change"] == pytest.approx(7.0) and t["An"]["prev_rank"] == 2 and t["An"]["rank_change"] == 1
    assert t["An"]["moved"] == "up"
    assert t["Bình"]["moved"] == "down" and t["Bình"]["rank_change"] == -1
    assert t["Giang"]["moved"] == "new" and t["Giang"]["change"] is None  # not scored in 2021: no change, not 0
    assert t["Dũng"]["score"] is None and t["Dũng"]["rank"] is None and t["Dũng"]["moved"] is None


def test_not_scored_unit_says_why_and_is_not_zero():
    row = table().filter(pl.col("unit") == "Dũng").row(0, named=True)
    assert row["status"] == "missing" and row["reason"] == "Không được đánh giá"


def test_unit_without_any_row_is_listed_as_no_data():
    s = scores().filter(pl.col("unit_id") != "vn63:province:05")
    t = league_table(s, UNITS, IDX, period="2022", level="province")
    assert t.filter(pl.col("unit") == "Giang")["reason"][0] == "Không có số liệu"


@pytest.mark.parametrize("lang, expected", [("vi", ["Nhóm A", "Nhóm B", "Nhóm B", "Dưới 80%", None]),
                                            ("en", ["Group A", "Group B", "Group B", "Below 80%", None])])
def test_bands(lang, expected):
    assert table(lang=lang)["group_label"].to_list() == expected


def test_region_filter_ranks_within_the_selection():
    t = table(region="r2")
    assert t["unit"].to_list() == ["Cường", "Giang", "Dũng"]
    assert t["rank"].to_list() == [1, 2, None]


def test_first_period_has_no_change():
    t = table(period="2021")
    assert t["moved"].drop_nulls().to_list() == []
    assert t["change"].drop_nulls().to_list() == []


def test_unknown_period_gives_an_empty_table_with_the_columns():
    t = table(period="2030")
    assert t.is_empty() and t.columns == LEAGUE_COLUMNS


def test_summary_and_regional_means():
    t = table()
    s = league_summary(t)
    assert s["n_units"] == 5 and s["n_ranked"] == 4 and s["n_not_scored"] == 1
    assert s["mean"] == pytest.approx((92 + 88 + 88 + 75) / 4)
    means = {r["region"]: r for r in regional_means(t).iter_rows(named=True)}
    assert means["r2"]["mean"] == pytest.approx((88 + 75) / 2) and means["r2"]["n_not_scored"] == 1


def test_select_units_by_parent_and_level():
    assert select_units(UNITS, level="district", geography="vn63", parent_id="vn63:province:01")["unit_id"].to_list() \
        == ["vn63:district:001"]


@pytest.mark.parametrize("group, query, expected", [
    ("A", None, ["Cà Mau", "An Giang"]),
    ("B", None, ["Gia Lai", "Hà Nội", "Bình Định"]),
    (None, "ha noi", ["Hà Nội"]),          # accents and case ignored
    (None, "HÀ", ["Hà Nội"]),
    (None, "da nang", ["Đà Nẵng"]),        # đ folds to d; a unit not scored is still found
    (None, "an", ["An Giang", "Hà Nội", "Đà Nẵng"]),   # "hanoi" contains "an"
    ("A", "an", ["An Giang"]),
    (None, "zzz", []),
    ("", "", ["Cà Mau", "An Giang", "Gia Lai", "Hà Nội", "Bình Định", "Đà Nẵng"]),
])
def test_filter_league_keeps_ranks_and_order(group, query, expected):
    t = fixture_table()
    out = filter_league(t, group=group, query=query)
    assert out["unit"].to_list() == expected
    ranks = dict(zip(t["unit"], t["rank"]))
    assert [ranks[u] for u in out["unit"]] == out["rank"].to_list()   # filtering never re-ranks


def test_not_scored_units_have_no_group():
    assert "Đà Nẵng" not in filter_league(fixture_table(), group="C")["unit"].to_list()


@pytest.mark.parametrize("n, expected", [
    (1, ["Cà Mau", "Bình Định"]),
    (2, ["Cà Mau", "An Giang", "Gia Lai", "Hà Nội", "Bình Định"]),   # the tie at rank 3 is kept whole
    (3, ["Cà Mau", "An Giang", "Gia Lai", "Hà Nội", "Bình Định", "Đà Nẵng"]),  # 2n ≥ ranked: everything
    (None, ["Cà Mau", "An Giang", "Gia Lai", "Hà Nội", "Bình Định", "Đà Nẵng"]),
])
def test_top_bottom(n, expected):
    assert top_bottom(fixture_table(), n)["unit"].to_list() == expected


# ------------------------------------------------------------------ only the period and the one compared with are ranked
def _ranked_over_every_period(scores, units, definition, *, period, level, indicator_id=None, parent_id=None,
                              region=None, lang="vi"):
    """The league table as first written: every earlier period of the geography ranked, then one kept."""
    ind = indicator_id or definition.id
    node = definition.node(ind)
    s = scores.filter(pl.col("indicator_id") == ind)
    geos = s.filter(pl.col("period") == period)["geography"].unique().sort(descending=True).to_list()
    chosen = select_units(units, level=level, geography=geos[0], parent_id=parent_id, region=region)
    if level != "province":
        covered = units.filter(pl.col("unit_id").is_in(s["unit_id"].unique().implode()))["province_id"].unique()
        chosen = chosen.filter(pl.col("province_id").is_in(covered.implode()))
    periods = [p for p in s.filter(pl.col("geography") == geos[0])["period"].unique().to_list()
               if sort_key(p) <= sort_key(period)]
    grid = chosen.select("unit_id", pl.col("short_vi" if lang == "vi" else "short_en").alias("unit"), "region").join(
        pl.DataFrame({"period": periods}, schema={"period": pl.String}), how="cross")
    frame = grid.join(s.select("unit_id", "period", "value"), on=["unit_id", "period"], how="left")
    frame = rank_changes(rank_units(frame, direction=node.direction, by="period", decimals=node.decimals), by=())
    return frame.filter(pl.col("period") == period).select("unit_id", "rank", "prev_period", "prev_rank", "change",
                                                           "moved", "n_ranked")


CASES = [
    ("papi", "province", None, "2023", {}), ("papi", "province", "vn34", "2025", {}),
    ("papi", "province", None, "2024", {"region": "red_river_delta"}), ("par", "province", None, "2021", {}),
    ("sipas", "province", None, "2022", {}), ("sipas", "district", None, "2024", {}),
    ("hy_par_xa", "commune", None, "2024", {"parent_id": "vn63:district:332"}),
    ("svc766", "commune", None, "2025-07", {}), ("svc766", "commune", "vn34", "2025-07", {}),
    ("svc766", "commune", None, "2026-01", {}), ("svc766", "province", None, "2025-09", {}),
]


@pytest.fixture(scope="module")
def store():
    return Store(imported=None)


@pytest.mark.parametrize("index, level, geography, period, where", CASES)
def test_the_league_of_a_score_source_is_the_league_of_every_period(store, index, level, geography, period, where):
    d = store.definition(index)
    full = store.scores(index, level, geography)
    from_source = league_table(Store(imported=None).source(index, level, geography), store.units, d,
                               period=period, level=level, **where)
    from_frame = league_table(full, store.units, d, period=period, level=level, **where)
    assert from_source.equals(from_frame)
    reference = _ranked_over_every_period(full, store.units, d, period=period, level=level, **where)
    keys = ["unit_id", "rank", "prev_period", "prev_rank", "change", "moved", "n_ranked"]
    assert from_frame.select(keys).sort("unit_id").equals(reference.sort("unit_id"))


def test_changes_skip_a_period_in_which_the_selection_was_not_scored():
    s = scores()
    gap = s.with_columns(pl.col("period").replace({"2022": "2023"}))
    extra = s.filter(pl.col("period") == "2021").with_columns(pl.lit("2022").alias("period"), pl.lit(None, pl.Float64)
                                                                .alias("value"))
    t = league_table(pl.concat([gap, extra]), UNITS, IDX, period="2023", level="province")
    assert t["prev_period"].drop_nulls().unique().to_list() == ["2021"]
    assert previous_scored(pl.concat([gap, extra]), "t", "2023", "vn63", ["vn63:province:05"]) is None


@pytest.mark.parametrize("query", ["tien lu", "Đồng", "xa-an", "phuong 1", "hue", "DAK"])
def test_search_folds_names_as_fold_does(store, query):
    names = store.units.select(pl.col("short_vi").alias("unit")).unique().sort("unit")
    expected = [n for n in names["unit"].to_list() if fold(query) in fold(n or "")]
    assert filter_league(names, query=query)["unit"].to_list() == expected
