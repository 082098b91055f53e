import polars as pl
import pytest

from cchc.loading import OBSERVATIONS_SCHEMA
from cchc.reexpress import ReexpressError, reexpress_observations, rule_text

# Two new provinces: N1 = A + B + C (like TP HCM = BR-VT + Bình Dương + HCM), N2 = D (unchanged).
CROSSWALK = pl.DataFrame(
    {
        "from_id": ["A", "B", "C", "D", "x1", "x2"],
        "to_id": ["N1", "N1", "N1", "N2", "c1", "c2"],
        "level": ["province"] * 4 + ["commune"] * 2,
        "share": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        "share_method": ["whole"] * 6,
    }
)


def obs(rows):
    return pl.DataFrame(
        [dict(zip(("unit_id", "period", "indicator_id", "value", "n"), r)) | {"se": None, "note": None} for r in rows],
        schema=OBSERVATIONS_SCHEMA,
    )


def value_of(frame, unit, indicator="i"):
    return frame.filter((pl.col("unit_id") == unit) & (pl.col("indicator_id") == indicator))["value"][0]


@pytest.mark.parametrize(
    "spec, expected",
    [
        ({"rule": "weighted_mean", "weight": "equal"}, (40 + 44 + 45) / 3),
        ({"rule": "weighted_mean", "weight": "sample_size"}, (40 * 100 + 44 * 300 + 45 * 600) / 1000),
        ({"rule": "sum"}, 40 + 44 + 45),
    ],
)
def test_rules(spec, expected):
    data = obs([("A", "2023", "i", 40.0, 100), ("B", "2023", "i", 44.0, 300), ("C", "2023", "i", 45.0, 600),
                ("D", "2023", "i", 41.0, 200)])
    out = reexpress_observations(data, CROSSWALK, spec)
    assert value_of(out, "N1") == pytest.approx(expected)
    assert value_of(out, "N2") == pytest.approx(41.0)
    assert out.filter(pl.col("unit_id") == "N1")["n_used"][0] == 3


def test_weight_by_indicator():
    data = obs([("A", "2023", "rate", 0.9, None), ("B", "2023", "rate", 0.5, None), ("C", "2023", "rate", 0.7, None),
                ("A", "2023", "received", 100.0, None), ("B", "2023", "received", 300.0, None),
                ("C", "2023", "received", 0.0, None)])
    out = reexpress_observations(data, CROSSWALK, {"rule": "weighted_mean", "weight": "indicator:received"})
    assert value_of(out, "N1", "rate") == pytest.approx((0.9 * 100 + 0.5 * 300) / 400)


def test_missing_old_unit_is_left_out_of_a_mean_and_named():
    data = obs([("A", "2023", "i", 40.0, 100), ("B", "2023", "i", None, None), ("C", "2023", "i", 45.0, 100)])
    out = reexpress_observations(data, CROSSWALK, {"rule": "weighted_mean", "weight": "sample_size"},
                                 names={"B": "Bình Dương"})
    row = out.filter(pl.col("unit_id") == "N1").row(0, named=True)
    assert row["value"] == pytest.approx(42.5)
    assert (row["n_used"], row["n_sources"]) == (2, 3)
    assert "Bình Dương" in row["note"] and "2/3" in row["note"]


def test_missing_old_unit_makes_a_sum_missing_not_smaller():
    data = obs([("A", "2023", "i", 10.0, None), ("B", "2023", "i", None, None), ("C", "2023", "i", 5.0, None)])
    row = reexpress_observations(data, CROSSWALK, {"rule": "sum"}).row(0, named=True)
    assert row["value"] is None
    assert row["n_used"] == 2


def test_all_missing_gives_missing_with_a_note():
    data = obs([("A", "2023", "i", None, None), ("B", "2023", "i", None, None), ("C", "2023", "i", None, None)])
    row = reexpress_observations(data, CROSSWALK, {"rule": "weighted_mean", "weight": "equal"}).row(0, named=True)
    assert row["value"] is None and row["note"].startswith("Không có số liệu")


def test_split_commune_share_is_applied_to_counts():
    cw = pl.DataFrame({"from_id": ["x1", "x1", "x2"], "to_id": ["c1", "c2", "c2"], "level": ["commune"] * 3,
                       "share": [0.5, 0.5, 1.0], "share_method": ["equal_split", "equal_split", "whole"]})
    data = obs([("x1", "2025-06", "received", 100.0, None), ("x2", "2025-06", "received", 40.0, None)])
    out = reexpress_observations(data, cw, {"rule": "sum"}, level="commune")
    assert value_of(out, "c1", "received") == 50.0
    assert value_of(out, "c2", "received") == 90.0


def test_units_outside_the_crosswalk_are_dropped():
    data = obs([("A", "2023", "i", 40.0, None), ("N1", "2025", "i", 50.0, None)])
    out = reexpress_observations(data, CROSSWALK, {"rule": "weighted_mean", "weight": "equal"})
    assert out["period"].to_list() == ["2023"]


@pytest.mark.parametrize("spec", [{"rule": "none"}, {"rule": "weighted_mean", "weight": "population"}])
def test_unusable_rules_raise(spec):
    data = obs([("A", "2023", "i", 40.0, None)])
    with pytest.raises(ReexpressError):
        reexpress_observations(data, CROSSWALK, spec)


@pytest.mark.parametrize(
    "spec, lang, expected",
    [
        ({"rule": "sum"}, "vi", "Tổng của các tỉnh cũ"),
        ({"rule": "weighted_mean", "weight": "sample_size"}, "vi",
         "Trung bình của các tỉnh cũ, trọng số theo cỡ mẫu khảo sát (n)"),
        ({"rule": "weighted_mean", "weight": "indicator:onestop.received"}, "en",
         "Weighted mean of the old provinces, weighted by onestop.received"),
    ],
)
def test_rule_text_states_the_rule(spec, lang, expected):
    assert rule_text(spec, lang) == expected


@pytest.mark.parametrize("error, vi, en", [
    (ReexpressError("level", level="department"), "Sở, ban, ngành: không có đơn vị kế thừa",
     "Departments: no successor units"),
    (ReexpressError("rule", rule="'none'"), "Quy tắc quy đổi 'none' không chuyển được", "rule 'none' cannot map"),
    (ReexpressError("weight", weight="'population'"), "Trọng số 'population' không được hỗ trợ",
     "unknown weight 'population'"),
])
def test_errors_speak_both_languages_and_english_is_their_text(error, vi, en):
    assert vi in error.message("vi") and en in error.message("en") and str(error) == error.message("en")
