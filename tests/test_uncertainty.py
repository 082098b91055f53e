"""cchc.uncertainty: standard errors propagated by the definition, 95% intervals, seeded rank ranges,
units that cannot be told apart — and nothing at all when no standard error is known."""

import time

import numpy as np
import polars as pl
import pytest

from cchc.definitions import define_index
from cchc.selection import Selection, league_for
from cchc.store import Store
from cchc.uncertainty import (Z95, indistinct_pairs, indistinct_sentence, league_uncertainty, overlapping,
                              rank_range_text, rank_ranges, simulated_ranks, standard_errors, uncertainty_of,
                              with_intervals)


def index(aggregate="sum", **extra):
    weighted = aggregate == "weighted_mean"
    comps = [{"code": "1", "name": "A", "scale": {"min": 0, "max": 10}, **({"weight": 1.0} if weighted else {})},
             {"code": "2", "name": "B", "scale": {"min": 0, "max": 10}, **({"weight": 3.0} if weighted else {})}]
    return define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year", "aggregate": aggregate,
                         "components": comps, **extra})


def obs(rows):
    """(unit, indicator, value, se) rows of 2023."""
    return pl.DataFrame([{"unit_id": u, "period": "2023", "indicator_id": i, "value": v, "n": None, "se": s,
                          "note": None} for u, i, v, s in rows],
                        schema={"unit_id": pl.String, "period": pl.String, "indicator_id": pl.String,
                                "value": pl.Float64, "n": pl.Int64, "se": pl.Float64, "note": pl.String})


def se_of(frame, unit="u"):
    return frame.filter(pl.col("unit_id") == unit)["se"][0]


# ---------------------------------------------------------------- propagation
@pytest.mark.parametrize("aggregate, expected", [
    ("sum", 5.0),                                   # √(3² + 4²)
    ("mean", 2.5),                                  # √(3² + 4²) / 2
    ("weighted_mean", np.sqrt(9 + 144) / 4),        # √((1·3)² + (3·4)²) / (1 + 3)
    ("pct_of_max", 5.0 / 20 * 100),                 # √(3² + 4²) / Σmax × 100
])
def test_propagation_follows_the_definition(aggregate, expected):
    o = obs([("u", "x.1", 5.0, 3.0), ("u", "x.2", 6.0, 4.0)])
    assert se_of(standard_errors(o, index(aggregate))) == pytest.approx(expected)


def test_an_observed_total_keeps_its_own_se_and_a_component_is_asked_for_by_id():
    o = obs([("u", "x", 11.0, 0.7), ("u", "x.1", 5.0, 3.0), ("u", "x.2", 6.0, 4.0)])
    assert se_of(standard_errors(o, index())) == 0.7
    assert se_of(standard_errors(o, index(), "x.2")) == 4.0


def test_a_component_without_se_leaves_the_total_without_one():
    o = obs([("u", "x.1", 5.0, 3.0), ("u", "x.2", 6.0, None), ("v", "x.1", 5.0, 3.0), ("v", "x.2", None, None)])
    out = standard_errors(o, index())
    assert out["se"].to_list() == [None, None]


def test_a_ratio_leaf_takes_the_numerators_se_over_the_denominator():
    d = define_index({"id": "s", "name": "S", "levels": ["district"], "grain": "year", "aggregate": "mean",
                      "components": [{"code": "1", "name": "A", "kind": "ratio", "numerator": "s.1.yes",
                                      "denominator": "s.1.all", "max_points": 100}]})
    o = obs([("u", "s.1.yes", 160.0, 8.0), ("u", "s.1.all", 200.0, None)])
    assert se_of(standard_errors(o, d)) == pytest.approx(8.0 / 200 * 100)   # 4 percentage points


def test_observations_without_an_se_column_give_null():
    o = obs([("u", "x.1", 5.0, 3.0), ("u", "x.2", 6.0, 4.0)]).drop("se")
    assert standard_errors(o, index())["se"].to_list() == [None]


# ---------------------------------------------------------------- intervals
def league(scores, ses, ids=None):
    ids = ids or [chr(ord("a") + i) for i in range(len(scores))]
    return pl.DataFrame({"unit_id": ids, "score": scores, "se": ses},
                        schema={"unit_id": pl.String, "score": pl.Float64, "se": pl.Float64})


def test_interval_is_score_plus_minus_1_96_se_and_not_scored_units_get_none():
    out = with_intervals(league([10.0, None], [1.0, 1.0]))
    assert out["lower"].to_list()[0] == pytest.approx(10 - Z95) and out["upper"].to_list()[0] == pytest.approx(10 + Z95)
    assert out["lower"][1] is None and out["upper"][1] is None


@pytest.mark.parametrize("ses", [[None, None], [None]])
def test_no_se_means_no_interval_and_no_range(ses):
    t = league([10.0, 9.0][:len(ses)], ses)
    assert with_intervals(t) is None
    assert rank_ranges(t) is None
    assert uncertainty_of(t.drop("se"), t.select("unit_id", "se")) is None


# ---------------------------------------------------------------- rank ranges
CLOSE = league([50.0, 49.8, 49.6, 49.4, 49.2, 40.0], [0.3] * 6)


def ranges(t, **kw):
    return {u: (r, lo, hi) for u, r, lo, hi in rank_ranges(t, **kw).rows()}


def test_a_rank_range_contains_the_rank_and_is_reproducible_with_a_seed():
    first = ranges(CLOSE, seed=7)
    assert all(lo <= r <= hi for r, lo, hi in first.values())
    assert ranges(CLOSE, seed=7) == first
    assert first["a"][1] == 1 and first["f"] == (6, 6, 6)           # far behind: surely last
    assert first["c"][1] < 3 < first["c"][2]                         # in the pack: a real range


def test_another_seed_gives_other_draws():
    a = simulated_ranks(CLOSE["score"].to_numpy(), CLOSE["se"].to_numpy(), draws=50, seed=1)
    b = simulated_ranks(CLOSE["score"].to_numpy(), CLOSE["se"].to_numpy(), draws=50, seed=2)
    assert not np.array_equal(a, b)
    few = [ranges(CLOSE, draws=40, seed=s) for s in range(1, 6)]
    assert any(f != few[0] for f in few[1:])


def test_wider_intervals_give_wider_rank_ranges():
    narrow = ranges(league(CLOSE["score"].to_list(), [0.05] * 6), seed=3)
    wide = ranges(league(CLOSE["score"].to_list(), [2.0] * 6), seed=3)
    width = lambda rr: sum(hi - lo for _, lo, hi in rr.values())  # noqa: E731
    assert width(wide) > width(narrow)
    assert wide["a"][2] > narrow["a"][2]                             # the leader could fall further


def test_zero_se_gives_the_rank_itself_ties_included():
    t = league([3.0, 5.0, 5.0, 1.0], [0.0] * 4)
    assert ranges(t) == {"a": (3, 3, 3), "b": (1, 1, 1), "c": (1, 1, 1), "d": (4, 4, 4)}


def test_lower_is_better_turns_the_ranks_around():
    t = league([0.02, 0.10, 0.05], [0.0, 0.0, 0.0])
    assert ranges(t, direction="lower") == {"a": (1, 1, 1), "b": (3, 3, 3), "c": (2, 2, 2)}
    with pytest.raises(ValueError):
        rank_ranges(t, direction="sideways")


def test_decimals_compare_draws_at_the_published_precision():
    t = league([45.70004, 45.69996], [0.0, 0.0])
    assert ranges(t, decimals=4) == {"a": (1, 1, 1), "b": (1, 1, 1)}
    assert ranges(t) == {"a": (1, 1, 1), "b": (2, 2, 2)}


def test_units_not_scored_stay_out_and_a_missing_se_stops_the_ranges():
    t = league([10.0, None, 8.0], [1.0, None, 1.0])
    assert set(ranges(t)) == {"a", "c"}
    assert rank_ranges(league([10.0, 9.0], [1.0, None])) is None


def test_2000_draws_of_63_units_are_fast():
    rng = np.random.default_rng(0)
    t = league(list(rng.normal(42, 1.5, 63)), list(rng.uniform(0.1, 0.3, 63)), [f"u{i}" for i in range(63)])
    start = time.perf_counter()
    out = rank_ranges(t, draws=2000, seed=1)
    assert time.perf_counter() - start < 2.0 and out.height == 63


@pytest.mark.parametrize("low, high, lang, text", [(5, 12, "vi", "hạng 5–12"), (5, 12, "en", "ranks 5–12"),
                                                   (1, 1, "vi", "hạng 1"), (None, None, "vi", None)])
def test_rank_range_words(low, high, lang, text):
    assert rank_range_text(low, high, lang) == text


# ---------------------------------------------------------------- cannot be told apart
def test_overlapping_neighbours_and_the_sentence():
    t = with_intervals(league([50.0, 49.5, 40.0, 39.8], [0.5] * 4))
    assert indistinct_pairs(t) == [("a", "b"), ("c", "d")]
    assert overlapping(t, "a") == ["b"] and overlapping(t, "d") == ["c"]
    assert indistinct_sentence(["A"], ["B"], "vi") == ("A không phân biệt được về mặt thống kê với B "
                                                       "(khoảng tin cậy 95% chồng lấn nhau).")
    assert "cannot be told apart from B, C, D, E, F and 2 other units" in indistinct_sentence(
        ["A"], list("BCDEFGH"), "en")
    assert indistinct_sentence(["A"], [], "en") == "A's 95% interval overlaps no other unit's."


def test_lower_is_better_pairs_follow_the_league_order():
    t = with_intervals(league([0.10, 0.02, 0.021], [0.0, 0.001, 0.001]))
    assert indistinct_pairs(t, direction="lower") == [("b", "c")]


def test_uncertainty_of_a_league_focus_sentence():
    t = league([50.0, 49.5, 40.0], [0.5, 0.5, 0.5])
    u = uncertainty_of(t.drop("se"), t.select("unit_id", "se"), seed=1)
    names = t.with_columns(unit=pl.Series(["An", "Bình", "Cà"]))
    assert u.focus_sentence(names, None, "en").startswith("An cannot be told apart from Bình")
    assert u.focus_sentence(names, "c", "en") == "Cà's 95% interval overlaps no other unit's."


# ---------------------------------------------------------------- the bundled data
@pytest.fixture(scope="module")
def store():
    return Store()


def test_papi_2023_has_intervals_and_ranges_and_the_766_index_has_none(store):
    lg = league_for(store, Selection("papi", period="2023"))
    u = league_uncertainty(store, lg)
    assert u is not None and u.table.height == 61                    # Quảng Ninh, Bình Dương not scored
    half = (u.table["upper"] - u.table["lower"]) / 2
    assert 0.2 < half.min() and half.max() < 0.8                     # totals: a few tenths of a point
    assert (u.table["rank_low"] <= u.table["rank"]).all() and (u.table["rank"] <= u.table["rank_high"]).all()
    hue = u.table.filter(pl.col("rank") == 1)
    assert hue["unit_id"][0] == "vn63:province:46" and hue["rank_low"][0] == 1
    assert league_uncertainty(store, league_for(store, Selection("svc766"))) is None
    assert league_uncertainty(store, league_for(store, Selection("par", period="2023"))) is None


def test_papi_dimension_intervals_are_a_tenth_of_a_point_or_so(store):
    u = league_uncertainty(store, league_for(store, Selection("papi", period="2023", indicator="6")))
    half = (u.table["upper"] - u.table["lower"]) / 2
    assert 0.05 < half.min() and half.max() < 0.25


def test_simulated_ranks_follow_the_competition_rule_of_cchc_ranking():
    """Every draw ranked as 1 + the number of strictly better units (ties share the best rank), checked
    against the direct count on draws with many ties (half the units sure, values at one decimal)."""
    rng = np.random.default_rng(5)
    values, ses = np.round(rng.normal(5, 1, 30), 1), np.where(rng.random(30) < 0.5, 0.0, 0.3)
    for direction in ("higher", "lower"):
        ranks = simulated_ranks(values, ses, direction=direction, decimals=1, draws=200, seed=3)
        drawn = values + ses * np.random.default_rng(3).standard_normal((200, 30))
        drawn = np.sign(drawn) * np.floor(np.abs(drawn) * 10 + 0.5) / 10
        key = -drawn if direction == "higher" else drawn
        assert np.array_equal(ranks, 1 + (key[:, None, :] < key[:, :, None]).sum(axis=2))
