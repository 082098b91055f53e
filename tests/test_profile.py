"""cchc.profile on the small seeded fixture (tests/small_scores.py)."""

import polars as pl
import pytest

from cchc.profile import (CARD_COLUMNS, child_sources, last_scores, predecessors, scorecard, strengths_weaknesses,
                          successors)
from tests.small_scores import CROSSWALK, NEW, OLD, UNITS, definition, scores, value

S = scores()
D = definition()


def test_scorecard_ranks_percentile_mean_and_change():
    card = scorecard(S, D, OLD[0], "2024")
    assert card.columns == CARD_COLUMNS
    assert card["indicator_id"].to_list() == ["t", "t.1", "t.2"]
    total = card.row(0, named=True)
    vals = {u: value(S, u, "2024") for u in OLD}
    better = sum(v > vals[OLD[0]] for v in vals.values())
    worse = sum(v < vals[OLD[0]] for v in vals.values())
    assert total["rank"] == better + 1 and total["n_ranked"] == 4
    assert total["percentile"] == pytest.approx(100 * worse / 4)
    assert total["peer_mean"] == pytest.approx(sum(vals.values()) / 4)
    assert total["best_value"] == max(vals.values())
    assert total["prev_period"] == "2023"
    assert total["change"] == pytest.approx(vals[OLD[0]] - value(S, OLD[0], "2023"))
    assert total["pct_of_max"] == pytest.approx(vals[OLD[0]])  # max 100
    assert card.row(1, named=True)["max_points"] == 50.0 and total["status"] == "scored"


def test_rank_change_against_previous_period_where_peers_were_ranked():
    card = scorecard(S, D, OLD[2], "2024")  # Cường: not scored in 2023
    total = card.row(0, named=True)
    assert total["prev_period"] == "2023" and total["prev_rank"] is None and total["rank_change"] is None
    assert total["change"] is None  # not measured from 0


def test_a_unit_not_scored_keeps_the_reason_and_has_no_rank():
    card = scorecard(S, D, OLD[2], "2023")
    total = card.row(0, named=True)
    assert total["status"] == "not_scored" and total["value"] is None and total["rank"] is None
    assert total["reason"] == "không được khảo sát" and total["peer_mean"] is not None
    assert total["n_ranked"] == 3


@pytest.mark.parametrize("unit, period", [(NEW[0], "2023"), (OLD[0], "2025")])
def test_a_unit_that_did_not_exist_then_is_absent(unit, period):
    card = scorecard(S, D, unit, period)
    assert card["status"].unique().to_list() == ["absent"]
    assert card["value"].null_count() == card.height and card["rank"].null_count() == card.height


def test_lower_is_better_reverses_ranks():
    low = scorecard(S, definition("lower"), OLD[0], "2024").row(0, named=True)
    high = scorecard(S, D, OLD[0], "2024").row(0, named=True)
    assert low["rank"] == 4 - high["rank"] + 1


def _card(percentiles: list[float | None]) -> pl.DataFrame:
    n = len(percentiles)
    return pl.DataFrame({"indicator_id": ["x"] + [f"x.{i}" for i in range(1, n + 1)], "depth": [0] + [1] * n,
                         "percentile": [50.0] + percentiles, "pct_of_max": [50.0] + [60.0] * n,
                         "rank": [1] * (n + 1), "n_ranked": [10] * (n + 1)})


@pytest.mark.parametrize("percentiles, strong, weak", [
    ([90.0, 10.0, 50.0, 70.0, None, 30.0, 80.0], ["x.1", "x.7", "x.4"], ["x.2", "x.6"]),
    ([90.0, 10.0, 40.0], ["x.1"], ["x.2", "x.3"]),
    ([99.0, 97.0, 98.0], ["x.1", "x.3", "x.2"], []),   # first everywhere: no weakness invented
    ([40.0], [], ["x.1"]),
    ([60.0, 60.0, 20.0, 20.0], ["x.1", "x.2"], ["x.3", "x.4"]),  # ties: definition order
])
def test_strengths_and_weaknesses_by_percentile(percentiles, strong, weak):
    s, w = strengths_weaknesses(_card(percentiles), 3)
    assert s["indicator_id"].to_list() == strong and w["indicator_id"].to_list() == weak
    assert not set(s["indicator_id"]) & set(w["indicator_id"])


def test_predecessors_and_successors():
    pre = predecessors(CROSSWALK, UNITS, NEW[1])
    assert pre["unit_id"].to_list() == [OLD[1], OLD[2]] and pre["name"].to_list() == ["Bình", "Cường"]
    assert predecessors(CROSSWALK, UNITS, OLD[0]).is_empty()
    assert successors(CROSSWALK, UNITS, OLD[3], "en")["name"].to_list() == ["An"]


def test_last_scores_of_old_units():
    last = last_scores(S.filter(pl.col("geography") == "vn63"), [OLD[2], "vn63:province:99"], "t", decimals=2)
    row = last.row(0, named=True)
    assert row["period"] == "2024" and row["value"] == value(S, OLD[2], "2024") and row["n_ranked"] == 4
    assert last.row(1, named=True)["value"] is None


def test_child_sources_counts_units_below():
    coverage = pl.DataFrame({"index": ["a", "a", "b", "b"],
                             "unit_id": ["vn63:district:101", "vn63:district:102", "vn63:district:101", OLD[0]]})
    got = child_sources(coverage, UNITS, OLD[0])
    assert got.rows() == [("a", "district", 1), ("b", "district", 1)]  # the province itself is not below
    assert child_sources(coverage, UNITS, OLD[3]).is_empty()
