"""Scores of a period range: counts summed over the months, then scored — never monthly scores averaged."""

import polars as pl
import pytest

from cchc.definitions import define_index
from cchc.indices import compute_scores
from cchc.onestop import STOCK_INDICATORS
from cchc.range_scores import (NotSummableError, RangeScores, accepts_ranges, months_reason, range_scores,
                               summed_rows)
from cchc.scores import FrameScores, index_scores
from cchc.store import Store

Z = define_index({"id": "z", "name": "Z", "levels": ["commune"], "grain": "month", "reexpress": {"rule": "sum"},
                  "components": [{"code": "1", "name": "R", "kind": "ratio", "numerator": "z.ok",
                                  "denominator": "z.all", "max_points": 10, "scale": {"min": 0, "max": 10}}]})
UNITS = pl.DataFrame({"unit_id": ["a", "b", "c", "o1", "o2", "n1"],
                      "level": ["commune"] * 6,
                      "geography": ["vn34", "vn34", "vn34", "vn63", "vn63", "vn34"],
                      "short_vi": ["A", "B", "C", "O1", "O2", "N1"]})
CROSSWALK = pl.DataFrame({"from_id": ["o1", "o2"], "to_id": ["n1", "n1"], "level": ["commune", "commune"],
                          "share": [1.0, 1.0]})
Q3 = ["2025-07", "2025-08", "2025-09"]


def counts(rows: list[tuple[str, str, float | None, float | None]]) -> pl.DataFrame:
    """Observation rows from ``(unit, month, ok, all)``."""
    out = []
    for unit, month, ok, total in rows:
        out += [(unit, month, "z.ok", ok), (unit, month, "z.all", total)]
    return pl.DataFrame(out, schema={"unit_id": pl.String, "period": pl.String, "indicator_id": pl.String,
                                     "value": pl.Float64}, orient="row").with_columns(
        pl.lit(None, pl.Int64).alias("n"), pl.lit(None, pl.Float64).alias("se"), pl.lit(None, pl.String).alias("note"))


def total(scores: pl.DataFrame, unit: str, indicator: str = "z") -> dict:
    return scores.filter((pl.col("unit_id") == unit) & (pl.col("indicator_id") == indicator)).row(0, named=True)


# a: 9/10, 1/10, 90/100 -> monthly scores 9, 1, 9 (mean 6,33); summed 100/120 -> 8,33
HAND = counts([("a", "2025-07", 9, 10), ("a", "2025-08", 1, 10), ("a", "2025-09", 90, 100),
               ("b", "2025-07", 5, 10), ("b", "2025-08", 5, 10),                      # no September
               ("c", "2025-07", 8, 10), ("c", "2025-08", 8, 10), ("c", "2025-09", None, 10)])


def test_a_quarter_is_scored_from_summed_counts_not_the_mean_of_monthly_scores():
    q3 = range_scores(HAND, Z, UNITS, CROSSWALK, level="commune", geography=None, label="2025-Q3", months=Q3)
    monthly = index_scores(HAND, Z, UNITS, CROSSWALK, level="commune")
    a_months = monthly.filter((pl.col("unit_id") == "a") & (pl.col("indicator_id") == "z"))["value"].to_list()
    assert a_months == [9.0, 1.0, 9.0]
    assert total(q3, "a")["value"] == 8.33                        # 100 / 120 × 10
    assert round(sum(a_months) / 3, 2) == 6.33 != total(q3, "a")["value"]
    assert total(q3, "a")["period"] == "2025-Q3" and total(q3, "a")["status"] == "computed"


def test_a_unit_missing_a_month_is_not_scored_and_says_which():
    q3 = range_scores(HAND, Z, UNITS, CROSSWALK, level="commune", geography=None, label="2025-Q3", months=Q3)
    for node in ("z", "z.1"):
        row = total(q3, "b", node)
        assert (row["value"], row["status"], row["reason"]) == (None, "missing", "months: 2/3: 2025-09")
    assert months_reason("months: 2/3: 2025-09", "vi") == "Có số liệu 2/3 tháng; thiếu: Tháng 9/2025"


def test_a_null_count_in_one_month_makes_the_sum_missing_not_smaller():
    q3 = range_scores(HAND, Z, UNITS, CROSSWALK, level="commune", geography=None, label="2025-Q3", months=Q3)
    assert (total(q3, "c", "z.1")["value"], total(q3, "c", "z.1")["reason"]) == (None, "missing: z.ok")


def test_months_without_any_data_are_left_out_of_the_range():
    rows = counts([("a", "2025-07", 9, 10), ("a", "2025-08", 1, 10)])
    s = range_scores(rows, Z, UNITS, CROSSWALK, level="commune", geography=None, label="2025-Q3",
                     months=["2025-07", "2025-08"])
    assert total(s, "a")["value"] == 5.0                           # 10 / 20 × 10


@pytest.mark.parametrize("geography", [None, "vn34"])
def test_a_range_across_the_merger_sums_the_old_communes_into_the_new_one(geography):
    rows = counts([("o1", "2025-06", 9, 10), ("o2", "2025-06", 1, 10), ("n1", "2025-07", 50, 100)])
    s = range_scores(rows, Z, UNITS, CROSSWALK, level="commune", geography=geography, label="2025-06..2025-07",
                     months=["2025-06", "2025-07"])
    row = total(s, "n1")
    assert (row["value"], row["geography"], row["reexpressed"], row["n_sources"], row["n_used"]) == \
        (5.0, "vn34", True, 2, 2)                                  # (9 + 1 + 50) / (10 + 10 + 100) × 10
    assert set(s["unit_id"]) == {"n1"}


def test_published_scores_cannot_be_summed():
    rows = pl.DataFrame({"unit_id": ["a"], "period": ["2025-07"], "indicator_id": ["z.1"], "value": [9.0],
                         "n": [None], "se": [None], "note": [None]},
                        schema_overrides={"n": pl.Int64, "se": pl.Float64, "note": pl.String})
    with pytest.raises(NotSummableError, match="published as scores"):
        range_scores(rows, Z, UNITS, CROSSWALK, level="commune", geography=None, label="2025-Q3", months=Q3)


def test_summed_rows_keep_coverage_extremes():
    rows = pl.DataFrame({"unit_id": ["n", "n"], "period": ["2025-07", "2025-08"], "indicator_id": ["x", "x"],
                         "value": [1.0, 2.0], "n_sources": [3, 3], "n_used": [3, 2]})
    out = summed_rows(rows, ["2025-07", "2025-08"], "2025-07..2025-08", ["t"])
    assert out.select("value", "n_sources", "n_used", "period").row(0) == (3.0, 3, 2, "2025-07..2025-08")


@pytest.mark.parametrize("index, accepts", [("svc766", True), ("papi", False), ("par", False)])
def test_only_monthly_counts_accept_ranges(index, accepts):
    assert accepts_ranges(Store().definition(index)) is accepts


# ------------------------------------------------------------------ RangeScores
def source_of(rows: pl.DataFrame) -> tuple[RangeScores, list]:
    calls: list = []

    def compute(r, months):
        calls.append((r.text, tuple(months)))
        return range_scores(rows.filter(pl.col("period").is_in(months)), Z, UNITS, CROSSWALK, level="commune",
                            geography=None, label=r.text, months=months)
    monthly = FrameScores(index_scores(rows, Z, UNITS, CROSSWALK, level="commune"))
    return RangeScores(monthly, compute), calls


def test_a_range_is_scored_once_and_months_still_read_as_months():
    rows = counts([("a", m, 5, 10) for m in ["2025-04", "2025-05", "2025-06", *Q3]])
    source, calls = source_of(rows)
    first = source.rows(["2025-Q3"], ["z"])
    again = source.rows(["2025-Q3", "2025-07"], ["z"])
    assert calls == [("2025-Q3", tuple(Q3))]
    assert first["value"].to_list() == [5.0] and sorted(again["period"].to_list()) == ["2025-07", "2025-Q3"]
    assert source.period_list() == ["2025-04", "2025-05", "2025-06", *Q3]      # trends stay monthly
    assert source.geography("2025-Q3") == "vn34" and source.reexpressed("2025-Q3") is False


@pytest.mark.parametrize("period, earlier", [
    ("2025-Q3", ["2025-Q2"]),
    ("2025-08..2025-09", ["2025-06..2025-07"]),
    ("2025-YTD", []),                       # no month of 2024
    ("2025-Q2", []),                        # no month of Q1
    ("2025-07", ["2025-06", "2025-05", "2025-04"]),   # a month: the months before, latest first
])
def test_a_range_compares_with_the_range_before_it(period, earlier):
    rows = counts([("a", m, 5, 10) for m in ["2025-04", "2025-05", "2025-06", *Q3]])
    source, _ = source_of(rows)
    assert source.earlier(period, "z", "vn34") == earlier


def test_the_year_to_date_compares_with_the_same_months_a_year_before():
    rows = counts([("a", m, 5, 10) for m in ["2024-01", "2024-02", "2024-03", "2024-12", "2025-01", "2025-02"]])
    source, calls = source_of(rows)
    assert source.resolve("2025-YTD").months == ("2025-01", "2025-02")
    assert source.earlier("2025-YTD", "z", "vn34") == ["2024-01..2024-02"]
    assert source.rows(["2024-01..2024-02"], ["z"])["value"].to_list() == [5.0]


# ------------------------------------------------------------------ the bundled data, through the store
def test_the_stores_quarter_equals_the_score_of_the_summed_observations():
    store = Store(imported=None)
    got = store.range_source("svc766", "commune").rows(["2025-Q3"], ["svc766"])
    rows = store.period_rows("svc766", Q3)
    stock = pl.col("indicator_id").is_in(list(STOCK_INDICATORS))  # pending dossiers, procedures: September's
    summed = (rows.sort("period").group_by("unit_id", "indicator_id")
              .agg(pl.when(stock.first()).then(pl.col("value").last()).otherwise(pl.col("value").sum()))
              .with_columns(pl.lit("2025-Q3").alias("period"), pl.lit(None, pl.Int64).alias("n"),
                            pl.lit(None, pl.Float64).alias("se"), pl.lit(None, pl.String).alias("note")))
    want = index_scores(summed, store.definition("svc766"), store.units, store.crosswalk, level="commune")
    want = want.filter(pl.col("indicator_id") == "svc766").select("unit_id", "value").sort("unit_id")
    assert got.height == 104
    assert got.select("unit_id", "value").sort("unit_id").equals(want)


def test_stocks_are_taken_at_the_last_month_not_summed():
    """Pending dossiers at the end of July, August and September are one stock seen three times: the
    quarter's pending count is September's; flows (received) are summed."""
    rows = pl.DataFrame({"unit_id": ["a"] * 6, "period": Q3 * 2,
                         "indicator_id": ["onestop.pending"] * 3 + ["onestop.received"] * 3,
                         "value": [10.0, 12.0, 7.0, 100.0, 110.0, 90.0], "n": [None] * 6, "se": [None] * 6,
                         "note": [None] * 6}, schema_overrides={"n": pl.Int64, "se": pl.Float64, "note": pl.String})
    out = summed_rows(rows.sample(fraction=1.0, shuffle=True, seed=3), Q3, "2025-Q3", ["x"])
    got = dict(zip(out["indicator_id"], out["value"]))
    assert got == {"onestop.pending": 7.0, "onestop.received": 300.0}


def test_engine_scores_of_summed_counts_match_compute_scores():
    """The range path adds nothing of its own to the scoring: the sums scored by the engine directly."""
    q3 = range_scores(HAND, Z, UNITS, CROSSWALK, level="commune", geography=None, label="2025-Q3", months=Q3)
    sums = HAND.filter(pl.col("unit_id") == "a").group_by("indicator_id").agg(pl.col("value").sum()).with_columns(
        pl.lit("a").alias("unit_id"), pl.lit("2025-Q3").alias("period"))
    assert total(compute_scores(sums, Z), "a")["value"] == total(q3, "a")["value"]
