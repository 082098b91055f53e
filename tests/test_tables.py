"""cchc.tables: component columns, sparkline history, unique labels, reference rows, group palette."""

import polars as pl
import pytest

from cchc.selection import Selection, league_for
from cchc.store import Store
from cchc.tables import (HISTORY_PERIODS, component_columns, display_rows, history_column, row_note, unique_labels,
                         with_references)
from tests.league_fixture import IDX, UNITS, scores, table


def test_component_columns_follow_the_table_and_keep_missing_as_null():
    t = table()
    wide = component_columns(scores(), t, IDX, "2023")
    assert wide.columns == ["unit_id", "t.1", "t.2"]
    assert wide["unit_id"].to_list() == t["unit_id"].to_list()
    row = dict(zip(wide.columns, wide.row(0)))
    assert row["t.1"] == 46.0 and row["t.2"] == 46.5           # Cà Mau, first in the league
    danang = wide.filter(pl.col("unit_id") == "vn63:province:04").row(0, named=True)
    assert danang["t.1"] is None and danang["t.2"] is None      # not scored: null, never 0


def test_component_columns_for_a_period_without_component_rows():
    s = scores().filter(pl.col("indicator_id") == "t")
    wide = component_columns(s, table(), IDX, "2023")
    assert wide["t.1"].null_count() == wide.height


@pytest.mark.parametrize("n, expected", [(8, [85.0, 92.0, 91.5]), (2, [92.0, 91.5]), (1, [91.5])])
def test_history_is_oldest_first_and_limited_to_n_periods(n, expected):
    hist = history_column(scores(), table(), "t", "2023", n=n)
    an_giang = hist.filter(pl.col("unit_id") == "vn63:province:01")["history"][0].to_list()
    assert an_giang == expected


def test_history_skips_periods_not_scored_and_never_shows_zero():
    hist = dict(zip(*history_column(scores(), table(), "t", "2023").to_dict(as_series=False).values()))
    assert hist["vn63:province:05"] == [75.0, 84.0]           # Gia Lai not scored in 2021: skipped
    assert hist["vn63:province:04"] == [80.0]                 # Đà Nẵng scored in 2021 only
    assert 0.0 not in sum(hist.values(), [])


def test_history_stops_at_the_chosen_period():
    hist = history_column(scores(), table("2022"), "t", "2022")
    assert hist.filter(pl.col("unit_id") == "vn63:province:01")["history"][0].to_list() == [85.0, 92.0]


def test_unique_labels_add_the_parent_to_shared_names():
    communes = pl.DataFrame({"unit_id": ["vn63:commune:10001", "vn63:commune:10002", "vn63:commune:10003"],
                             "unit": ["Tân Lập", "Tân Lập", "Hòa Bình"]})
    out = unique_labels(communes, UNITS)
    assert out["label"].to_list() == ["Tân Lập (Tiên Lữ)", "Tân Lập (Kim Động)", "Hòa Bình"]
    assert out["unit_id"].to_list() == communes["unit_id"].to_list()


def test_unique_labels_fall_back_to_the_id():
    twins = pl.DataFrame({"unit_id": ["x:1", "x:2"], "unit": ["Same", "Same"]})
    assert unique_labels(twins, UNITS)["label"].to_list() == ["Same [x:1]", "Same [x:2]"]


@pytest.mark.parametrize("mean, after", [(90.0, "An Giang"), (84.0, "Hà Nội"), (99.0, None), (10.0, "Bình Định")])
def test_reference_rows_sit_where_the_mean_falls(mean, after):
    out = with_references(table(), [("all", "Trung bình", mean)])
    units = out["unit"].to_list()
    i = units.index("Trung bình")
    assert (units[i - 1] if i else None) == after
    ref = out.row(i, named=True)
    assert ref["kind"] == "reference" and ref["rank"] is None and ref["group"] is None and ref["unit_id"] == "ref:all"
    assert out.filter(pl.col("kind") == "unit")["unit"].to_list() == table()["unit"].to_list()


def test_reference_rows_respect_direction_and_skip_null_means():
    t = table().with_columns(pl.col("score"))
    out = with_references(t, [("a", "Low", 84.0), ("b", "Missing", None)], direction="lower")
    assert "Missing" not in out["unit"].to_list()
    assert out["unit"].to_list().index("Low") == 3   # lower is better: 3 ranked rows score ≤ 84


def test_references_between_the_same_units_are_in_score_order():
    out = with_references(table(), [("a", "Thấp", 86.0), ("b", "Cao", 88.0)])
    units = out["unit"].to_list()
    assert units.index("Cao") + 1 == units.index("Thấp") == units.index("An Giang") + 2


@pytest.mark.parametrize("row, lang, expected", [
    ({"kind": "reference", "score": 1.0}, "vi", "Dòng tham chiếu"),
    ({"kind": "unit", "score": None, "reason": "không được khảo sát"}, "vi", "Không được chấm điểm — không được khảo sát"),
    ({"kind": "unit", "score": None, "reason": None}, "en", "Not scored"),
    ({"kind": "unit", "score": 40.0, "n_used": 2, "n_sources": 3}, "vi", "Quy đổi từ 2/3 đơn vị cũ có điểm"),
    ({"kind": "unit", "score": 40.0, "n_used": 3, "n_sources": 3}, "vi", ""),
    ({"kind": "unit", "score": 40.0}, "vi", ""),
])
def test_row_note(row, lang, expected):
    assert row_note(row, lang, reference_note="Dòng tham chiếu") == expected


# ------------------------------------------------------------------ a score source reads only the periods shown
@pytest.mark.parametrize("index, level, geography, period, indicator", [
    ("papi", "province", None, "2023", "papi"), ("papi", "province", "vn34", "2025", "papi.6"),
    ("svc766", "commune", None, "2025-09", "svc766"), ("svc766", "commune", "vn34", "2025-07", "svc766.2"),
    ("sipas", "district", None, "2024", "sipas"),
])
def test_display_rows_from_a_source_are_the_rows_from_every_score(index, level, geography, period, indicator):
    store = Store(imported=None)
    league = league_for(store, Selection(index=index, level=level, geography=geography, period=period,
                                         indicator=indicator))
    d, source = league.scope.definition, league.scope.source
    lazy = display_rows(league.table, source, d, indicator=indicator, period=period)
    assert len(source.computed()) <= HISTORY_PERIODS + 1
    eager = display_rows(league.table, store.scores(index, level, geography), d, indicator=indicator, period=period)
    assert lazy.equals(eager)
    assert history_column(source, league.table, indicator, period, n=3).equals(
        history_column(league.scope.scores, league.table, indicator, period, n=3))
