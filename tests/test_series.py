"""cchc.series and cchc.events on the small seeded fixture (tests/small_scores.py)."""

from datetime import date

import polars as pl
import pytest

from cchc.events import MERGER_2025, event_positions
from cchc.series import (SERIES_COLUMNS, absent_spans, carry_over, change_since, component_means, display_names,
                         extremes, periods_of, reference_series, span_label, unit_series)
from tests.small_scores import CROSSWALK, NEW, OLD, UNITS, YEARS, scores, value

S = scores()


def test_unit_series_has_a_row_per_unit_and_period_with_gaps_not_zeros():
    s = unit_series(S, [OLD[2], NEW[0]], "t")
    assert s.columns == SERIES_COLUMNS
    assert s.height == 2 * 5 and s["unit_id"].to_list()[:5] == [OLD[2]] * 5  # order of the ids given
    cuong = s.filter(pl.col("unit_id") == OLD[2])
    assert cuong["period"].to_list() == YEARS + ["2025"]
    assert cuong["period_start"].to_list()[0] == date(2021, 1, 1)
    gap = cuong.filter(pl.col("period") == "2023").row(0, named=True)
    assert gap["value"] is None and gap["status"] == "not_scored" and gap["reason"] == "không được khảo sát"
    assert 0.0 not in s["value"].drop_nulls().to_list()


@pytest.mark.parametrize("unit, period, status", [
    (NEW[0], "2021", "absent"), (NEW[0], "2025", "scored"), (OLD[0], "2025", "absent"),
    (OLD[0], "2021", "scored"), (OLD[3], "2022", "not_scored"),
])
def test_status_says_why_a_value_is_missing(unit, period, status):
    s = unit_series(S, [unit], "t").filter(pl.col("period") == period)
    assert s["status"][0] == status
    assert (s["value"][0] is None) == (status != "scored")


def test_unit_series_over_several_indicators():
    s = unit_series(S, [OLD[3]], ["t.1", "t.2"])
    assert s["indicator_id"].unique(maintain_order=True).to_list() == ["t.1", "t.2"]
    assert s.filter((pl.col("indicator_id") == "t.2") & (pl.col("period") == "2022"))["value"][0] is None
    assert s.filter((pl.col("indicator_id") == "t.1") & (pl.col("period") == "2022"))["value"][0] == \
        value(S, OLD[3], "2022", "t.1")


def test_reference_mean_ignores_missing_and_best_is_rank_one():
    ref = reference_series(S, "t", decimals=2, units=UNITS, region="r1")
    assert ref["series"].unique(maintain_order=True).to_list() == ["mean", "region_mean", "best"]
    at = {(r["series"], r["period"]): r for r in ref.iter_rows(named=True)}
    scored_2023 = [value(S, u, "2023") for u in OLD if value(S, u, "2023") is not None]
    assert at[("mean", "2023")]["value"] == pytest.approx(sum(scored_2023) / 3)
    assert at[("mean", "2023")]["n_scored"] == 3
    assert at[("region_mean", "2024")]["value"] == pytest.approx((value(S, OLD[0], "2024") + value(S, OLD[1], "2024")) / 2)
    best = max(OLD, key=lambda u: value(S, u, "2022") or -1)
    assert at[("best", "2022")]["unit_id"] == best and at[("best", "2022")]["value"] == value(S, best, "2022")


def test_best_follows_the_direction_and_ties_take_the_lowest_id():
    tied = pl.DataFrame({"unit_id": ["b", "a", "c"], "period": ["2024"] * 3, "indicator_id": ["x"] * 3,
                         "value": [1.004, 1.0, 3.0]})
    low = reference_series(tied, "x", direction="lower", decimals=2).filter(pl.col("series") == "best").row(0, named=True)
    assert (low["unit_id"], low["n_scored"]) == ("a", 2)  # 1.004 and 1.0 tie at 2 decimals
    high = reference_series(tied, "x", direction="higher").filter(pl.col("series") == "best")
    assert high["unit_id"][0] == "c"


def test_a_period_with_no_score_gives_a_null_mean_not_zero():
    empty = pl.DataFrame({"unit_id": ["a", "b"], "period": ["2024", "2024"], "indicator_id": ["x", "x"],
                          "value": [None, None]}, schema_overrides={"value": pl.Float64})
    ref = reference_series(empty, "x")
    assert ref["value"].to_list() == [None, None]


@pytest.mark.parametrize("base, expected_first", [("2021", 0.0), ("2022", None)])
def test_change_since_base_and_missing_base(base, expected_first):
    s = change_since(unit_series(S, [OLD[3]], "t"), base)  # Dũng: no total in 2022
    first = s.filter(pl.col("period") == "2021")["change"][0]
    assert first == expected_first
    if expected_first is None:
        assert s["change"].null_count() == s.height  # nothing measured from 0


def test_change_since_by_reference_series():
    ref = change_since(reference_series(S, "t"), "2021", by="series")
    mean = ref.filter(pl.col("series") == "mean")
    assert mean["change"][0] == 0.0
    assert mean["change"][1] == pytest.approx(mean["value"][1] - mean["value"][0])


def test_display_names_mark_geography_and_parents():
    names = display_names(UNITS, [OLD[0], NEW[0]])
    assert names == {OLD[0]: "An (cũ)", NEW[0]: "An (mới)"}
    assert display_names(UNITS, [OLD[0], OLD[1]]) == {OLD[0]: "An", OLD[1]: "Bình"}
    en = display_names(UNITS, [OLD[1], NEW[1]], "en")
    assert en[OLD[1]] == "Binh (old)" and en[NEW[1]] == "Binh (new)"
    districts = display_names(UNITS, ["vn63:district:101", "vn63:district:102"])
    assert districts["vn63:district:101"] == "Tân Lập – An"
    assert display_names(UNITS, ["vn63:province:99"]) == {"vn63:province:99": "vn63:province:99"}


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_extremes_best_median_worst(direction):
    got = extremes(S, "t", "2024", direction=direction, decimals=2)
    ordered = sorted(OLD, key=lambda u: value(S, u, "2024"), reverse=direction == "higher")
    assert got == [ordered[0], ordered[1], ordered[-1]]
    assert extremes(S, "t", "2030") == []
    two = sorted(NEW, key=lambda u: value(S, u, "2025"), reverse=direction == "higher")
    assert extremes(S, "t", "2025", direction=direction) == two  # best = median of two: no repeat


def test_carry_over_maps_old_units_to_new_ones():
    assert carry_over([OLD[2], OLD[1], "x"], NEW, CROSSWALK) == [NEW[1]]
    assert carry_over([OLD[0], NEW[1]], OLD + NEW, CROSSWALK) == [OLD[0], NEW[1]]


def test_absent_spans_and_span_label():
    spans = absent_spans(unit_series(S, [NEW[1], OLD[0]], "t"))
    assert spans.rows() == [(NEW[1], "2021", "2024", 4), (OLD[0], "2025", "2025", 1)]
    assert absent_spans(unit_series(S, [OLD[0]], "t").filter(pl.col("period") != "2025")).is_empty()


@pytest.mark.parametrize("periods, lang, text", [
    (["2021", "2025"], "vi", "Năm 2021–2025"), (["2024"], "vi", "Năm 2024"), ([], "vi", ""),
    (["2024-01", "2026-06"], "vi", "Tháng 1/2024 – Tháng 6/2026"), (["2021", "2023"], "en", "2021–2023"),
])
def test_span_label(periods, lang, text):
    assert span_label(periods, lang) == text


def test_periods_of_and_component_means():
    assert periods_of(S) == YEARS + ["2025"] and periods_of(S, until="2022") == ["2021", "2022"]
    means = component_means(S, ["t.2"])
    dung_missing = means.filter(pl.col("period") == "2022")["value"][0]
    assert dung_missing == pytest.approx(sum(value(S, u, "2022", "t.2") for u in OLD[:3]) / 3)


@pytest.mark.parametrize("periods, x", [
    (["2023", "2024", "2025"], date(2025, 1, 1)),
    (["2025-05", "2025-06", "2025-07", "2025-08"], date(2025, 7, 1)),
    (["2025-Q2", "2025-Q3"], date(2025, 7, 1)),
    (["2025-07", "2025-08"], None),   # all after the merger: no line
    (["2023", "2024"], None),         # all before it
])
def test_merger_event_position(periods, x):
    got = event_positions(periods)
    assert (got[0][1] if got else None) == x
    if got:
        assert got[0][0] is MERGER_2025 and got[0][0].label() == "Sáp nhập tỉnh 1/7/2025"
