"""cchc.onestop: the one-stop counts and shares behind the 766 index — sums over months before shares,
zero denominators "không phát sinh", parents summing their communes, ranking by a share."""

from __future__ import annotations

import polars as pl
import pytest

from cchc.onestop import (COUNT_KEYS, SHARES, OnestopChoice, count_title, display_frame, export_frame, levels_present,
                          onestop_for, onestop_table, parent_choices, period_months, share_text, total_row,
                          unit_counts)
from cchc.store import Store
from cchc.words import word

UNITS = pl.DataFrame({
    "unit_id": ["p", "d1", "d2", "c1", "c2", "c3", "n1"],
    "level": ["province", "district", "district", "commune", "commune", "commune", "commune"],
    "parent_id": [None, "p", "p", "d1", "d1", "d2", "q"],
    "province_id": ["p", "p", "p", "p", "p", "p", "q"],
    "geography": ["vn63"] * 6 + ["vn34"],
    "short_vi": ["Tỉnh P", "Huyện Một", "Huyện Hai", "An", "Bình", "Cường", "Mới"],
    "short_en": ["P", "One", "Two", "An", "Binh", "Cuong", "Moi"],
})
Q3 = ("2025-07", "2025-08", "2025-09")


def rows_of(data: dict[tuple[str, str], dict[str, float | None]]) -> pl.DataFrame:
    """Observations from ``{(unit, month): {count key: value}}``."""
    recs = [(u, m, "onestop." + k, v) for (u, m), counts in data.items() for k, v in counts.items()]
    return pl.DataFrame(recs, schema={"unit_id": pl.String, "period": pl.String, "indicator_id": pl.String,
                                      "value": pl.Float64}, orient="row")


def resolved(r: float, early: float, on_time: float, late: float = 0.0) -> dict[str, float]:
    return {"resolved": r, "resolved_early": early, "resolved_on_time": on_time, "resolved_late": late}


def test_a_quarter_share_is_computed_from_summed_counts_not_from_monthly_shares():
    # monthly on-time shares 50 %, 100 %, 100 % (mean 83,3 %); summed: 95 of 100 → 95 %
    rows = rows_of({("c1", "2025-07"): resolved(10, 0, 5, 5), ("c1", "2025-08"): resolved(30, 10, 20),
                    ("c1", "2025-09"): resolved(60, 0, 60)})
    row = onestop_table(rows, UNITS, level="commune", months=Q3).row(0, named=True)
    assert (row["resolved"], row["resolved_early"] + row["resolved_on_time"]) == (100.0, 95.0)
    assert row["on_time_share"] == pytest.approx(95.0) and row["late_share"] == pytest.approx(5.0)
    assert row["on_time_share"] != pytest.approx((50 + 100 + 100) / 3)
    assert row["months"] == 3


def test_months_outside_the_period_are_not_summed():
    rows = rows_of({("c1", "2025-06"): {"received": 1000.0}, ("c1", "2025-07"): {"received": 7.0}})
    assert onestop_table(rows, UNITS, level="commune", months=Q3)["received"].to_list() == [7.0]


@pytest.mark.parametrize("counts, expected_share, expected_text", [
    (resolved(0, 0, 0), None, "không phát sinh"),                    # nothing resolved: not applicable
    (resolved(4, 1, 3), 100.0, "100,0%"),
    (resolved(3, 0, 2, 1), 200 / 3, "66,7%"),
    ({"resolved": 5.0, "resolved_early": None, "resolved_on_time": 5.0}, None, "–"),   # a count missing
])
def test_zero_denominator_is_not_applicable_never_zero_or_hundred(counts, expected_share, expected_text):
    row = onestop_table(rows_of({("c1", "2025-07"): counts}), UNITS, level="commune").row(0, named=True)
    assert row["on_time_share"] == (pytest.approx(expected_share) if expected_share is not None else None)
    assert share_text(row, "on_time_share", "vi") == expected_text
    if expected_share is None and counts["resolved"] == 0:
        assert share_text(row, "on_time_share", "en") == "not applicable"


def test_offline_is_total_minus_online_and_overdue_is_pending_minus_in_time():
    rows = rows_of({("c1", "2025-07"): {"received": 1800.0, "received_online": 1250.0, "pending": 40.0,
                                        "pending_in_time": 37.0}})
    row = onestop_table(rows, UNITS, level="commune").row(0, named=True)
    assert (row["received_offline"], row["pending_overdue"]) == (550.0, 3.0)
    assert row["online_share"] == pytest.approx(1250 / 1800 * 100)


def test_pending_is_taken_at_the_last_month_and_flows_are_summed():
    rows = rows_of({("c1", "2025-07"): {"pending": 50.0, "received": 10.0},
                    ("c1", "2025-08"): {"pending": 30.0, "received": 20.0},
                    ("c1", "2025-09"): {"pending": None, "received": 30.0}})   # September's stock not reported
    counts = unit_counts(rows, Q3).row(0, named=True)
    assert (counts["received"], counts["pending"], counts["months"]) == (60.0, 30.0, 3)


def test_a_count_never_reported_stays_missing_not_zero():
    rows = rows_of({("c1", "2025-07"): {"received": 10.0}, ("c2", "2025-07"): {"received": 5.0, "complaints": None}})
    table = onestop_table(rows, UNITS, level="commune")
    assert table["complaints"].to_list() == [None, None]
    assert total_row(table)["complaints"].to_list() == [None] and total_row(table)["received"].to_list() == [15.0]


def test_parents_sum_their_communes_counts():
    rows = rows_of({("c1", "2025-07"): {**resolved(10, 2, 8), "received": 12.0, "received_online": 6.0},
                    ("c2", "2025-07"): {**resolved(30, 0, 27, 3), "received": 30.0, "received_online": 3.0},
                    ("c3", "2025-07"): {**resolved(5, 5, 0), "received": 5.0, "received_online": 5.0}})
    districts = onestop_table(rows, UNITS, level="district", by="on_time_share")
    assert districts.select("unit_id", "received", "resolved", "rank").rows() == [
        ("d2", 5.0, 5.0, 1), ("d1", 42.0, 40.0, 2)]
    assert districts.filter(pl.col("unit_id") == "d1")["on_time_share"].item() == pytest.approx(37 / 40 * 100)
    province = onestop_table(rows, UNITS, level="province").row(0, named=True)
    assert (province["unit_id"], province["received"], province["received_online"]) == ("p", 47.0, 14.0)
    assert province["online_share"] == pytest.approx(14 / 47 * 100)   # not the mean of 50 %, 10 %, 100 %
    # the communes of one district, and the total row of those shown equals the district's own row
    of_d1 = onestop_table(rows, UNITS, level="commune", parent="d1")
    assert sorted(of_d1["unit_id"]) == ["c1", "c2"]
    total = total_row(of_d1).row(0, named=True)
    d1 = districts.filter(pl.col("unit_id") == "d1").row(0, named=True)
    assert total["unit"] == "Tổng cộng" and all(total[k] == d1[k] for k in COUNT_KEYS)
    assert total["on_time_share"] == pytest.approx(d1["on_time_share"])
    assert sorted(onestop_table(rows, UNITS, level="commune", parent="p")["unit_id"]) == ["c1", "c2", "c3"]


def test_a_commune_of_the_new_geography_has_no_district():
    rows = rows_of({("n1", "2025-07"): {"received": 9.0}, ("c1", "2025-07"): {"received": 1.0}})
    assert onestop_table(rows, UNITS, level="district")["unit_id"].to_list() == ["d1"]
    assert levels_present(UNITS, ["n1"]) == ["commune"]
    assert levels_present(UNITS, ["c1", "n1"]) == ["commune", "district", "province"]
    assert parent_choices(UNITS, ["c1", "c3", "n1"], "commune") == ["d1", "d2", "p"]   # q: not a known province
    assert parent_choices(UNITS, ["c1"], "district") == ["p"] and parent_choices(UNITS, ["c1"], "province") == []


@pytest.mark.parametrize("by, expected", [
    # on-time shares 100, 99,96 (→ 100,0 at one decimal: ties), 90, n/a: competition ranking, n/a unranked, last
    ("on_time_share", [("c1", 1), ("c2", 1), ("c3", 3), ("n1", None)]),
    # late shares 0, 0,04 (→ 0,0: ties), 10; lower is better
    ("late_share", [("c1", 1), ("c2", 1), ("c3", 3), ("n1", None)]),
])
def test_ranking_by_a_share_ties_at_the_shown_precision_and_direction(by, expected):
    rows = rows_of({("c1", "2025-07"): resolved(100, 10, 90), ("c2", "2025-07"): resolved(2500, 0, 2499, 1),
                    ("c3", "2025-07"): resolved(10, 0, 9, 1), ("n1", "2025-07"): resolved(0, 0, 0)})
    table = onestop_table(rows, UNITS, level="commune", by=by)
    assert table.select("unit_id", "rank").rows() == expected
    assert table["n_ranked"].to_list() == [3] * 4


def test_unknown_share_or_level_is_refused():
    rows = rows_of({("c1", "2025-07"): {"received": 1.0}})
    with pytest.raises(ValueError, match="unknown share"):
        onestop_table(rows, UNITS, level="commune", by="score")
    with pytest.raises(ValueError, match="level"):
        onestop_table(rows, UNITS, level="ministry")


def test_every_share_is_defined_on_counts_and_every_title_is_distinct():
    for s in SHARES:
        assert set(s.numerator) | {s.denominator} <= set(COUNT_KEYS) and s.direction in ("higher", "lower")
    for lang in ("vi", "en"):
        titles = [count_title(k, lang) for k in COUNT_KEYS] + [s.title(lang) for s in SHARES]
        assert len(titles) == len(set(titles)), lang
    assert word("onestop.share.on_time_share") == "Tỷ lệ trước và đúng hạn"


@pytest.mark.parametrize("period, months", [
    ("2025-07", ("2025-07",)),
    ("2025-Q3", Q3),
    ("2025-07..2025-09", Q3),
    ("2025-YTD", ("2025-01", "2025-02")),
])
def test_period_months(period, months):
    assert period_months(period, ["2025-01", "2025-02", "2024-12"]) == months


@pytest.mark.parametrize("bad", ["2025-13", "Q3", "2025-09..2025-07", "2025-W30"])
def test_period_months_refuses_bad_periods(bad):
    with pytest.raises(ValueError):
        period_months(bad, [])


# ------------------------------------------------------------------ on the bundled (demo) data
@pytest.fixture(scope="module")
def store():
    return Store(imported=None)


def test_the_communes_of_a_district_for_a_quarter_add_up_to_the_district(store):
    communes = onestop_for(store, OnestopChoice("2025-Q2", "commune", "vn63:district:332"))
    districts = onestop_for(store, OnestopChoice("2025-Q2", "district", None))
    tien_lu = districts.table.filter(pl.col("unit_id") == "vn63:district:332").row(0, named=True)
    total = communes.total.row(0, named=True)
    assert communes.table.height == 11 and communes.missing == ()
    assert all(total[k] == tien_lu[k] for k in COUNT_KEYS)
    assert communes.table["rank"].to_list() == sorted(communes.table["rank"].to_list())
    assert communes.subtitle.startswith("Quý II/2025 · Cấp xã thuộc Tiên Lữ")
    assert communes.demo and "DỮ LIỆU MINH HỌA" in communes.source
    # the province total is the sum of its districts
    province = onestop_for(store, OnestopChoice("2025-Q2", "province", None)).table.row(0, named=True)
    assert province["received"] == districts.table["received"].sum()


def test_a_range_across_the_merger_keeps_old_and_new_units_apart(store):
    view = onestop_for(store, OnestopChoice("2025-YTD", "province", None, lang="en"))
    assert sorted(view.table["unit_id"]) == ["vn34:province:33", "vn63:province:33"]
    assert view.table["months"].to_list() == [6, 6] and len(view.months) >= 12
    assert len(set(view.table["label"])) == 2


@pytest.mark.parametrize("choice, message", [
    (OnestopChoice("2025-Q3", "district"), "no one-stop figures at level 'district'"),
    (OnestopChoice("2025-Q3", "commune", "vn63:district:332"), "under"),
    (OnestopChoice("1990-01"), "level"),
])
def test_choices_without_figures_are_refused_in_words(store, choice, message):
    with pytest.raises(ValueError, match=message):
        onestop_for(store, choice)


def test_display_and_export_frames(store):
    view = onestop_for(store, OnestopChoice("2025-07", "commune", "vn34:province:33", by="satisfied_share"))
    shown = display_frame(view)
    assert shown.columns[:3] == ["Hạng", "Đơn vị", "Tỷ lệ hài lòng"]
    assert shown["Đơn vị"][-1] == "Tổng cộng" and shown["Hạng"][-1] == ""
    received = view.total["received"].item()
    assert shown["Hồ sơ tiếp nhận"][-1] == f"{int(received):,}".replace(",", ".")
    assert all(s.endswith("%") for s in shown["Tỷ lệ hài lòng"].to_list())
    out = export_frame(view)
    assert out.height == view.table.height + 1 and out["Hồ sơ tiếp nhận"].dtype == pl.Int64
    share = out["Tỷ lệ trước và đúng hạn (%)"].to_list()
    assert all(v is None or round(v, 1) == v for v in share)


def test_without_a_share_to_rank_by_rows_are_by_name_and_unranked(store):
    view = onestop_for(store, OnestopChoice("2025-Q2", "district", by=None))
    assert "rank" not in view.table.columns and "Hạng" not in export_frame(view).columns
    assert view.table["unit"].to_list()[:2] == ["Ân Thi", "Hưng Yên"]          # accents folded: Â with A
    assert display_frame(view).columns[0] == "Đơn vị"


@pytest.mark.parametrize("counts, expected_resolved, expected_share", [
    ({"resolved_early": 10.0, "resolved_on_time": 80.0, "resolved_late": 10.0}, 100.0, 90.0),  # parts only: summed
    (resolved(120, 10, 80, 10), 120.0, 75.0),                                                # a given total is kept
    ({"resolved_early": 10.0, "resolved_on_time": 80.0}, None, None),                          # a part missing
])
def test_a_report_with_the_parts_of_resolved_but_not_its_total_gets_their_sum(counts, expected_resolved,
                                                                             expected_share):
    row = onestop_table(rows_of({("c1", "2025-07"): counts}), UNITS, level="commune").row(0, named=True)
    assert row["resolved"] == expected_resolved
    assert row["on_time_share"] == (pytest.approx(expected_share) if expected_share is not None else None)
