"""cchc.comparison on the small seeded fixture (tests/small_scores.py)."""

import polars as pl
import pytest

from cchc.comparison import MATRIX_COLUMNS, MOVEMENT_COLUMNS, component_matrix, movement
from cchc.definitions import define_index
from tests.small_scores import NEW, OLD, definition, scores, value

S = scores()
D = definition()


def test_component_matrix_is_share_of_each_components_maximum():
    m = component_matrix(S, D, [OLD[1], OLD[0]], "2023")
    assert m.columns == MATRIX_COLUMNS
    assert m["unit_id"].to_list() == [OLD[1], OLD[1], OLD[0], OLD[0]]  # order of the ids given
    row = m.row(0, named=True)
    assert row["indicator_id"] == "t.1" and row["max_points"] == 50.0
    assert row["pct"] == pytest.approx(100 * value(S, OLD[1], "2023", "t.1") / 50)


def test_missing_components_stay_missing():
    m = component_matrix(S, D, [OLD[2], NEW[0]], "2023")
    assert m["value"].null_count() == 4 and m["pct"].null_count() == 4
    assert set(m["status"]) == {"not_scored"}


def test_lower_is_better_and_undeclared_maximum():
    d = define_index({"id": "t", "name": {"vi": "T"}, "levels": ["province"], "grain": "year", "direction": "lower",
                      "components": [{"code": "1", "name": {"vi": "Một"}, "scale": {"min": 0, "max": 50}},
                                     {"code": "2", "name": {"vi": "Hai"}}]})
    m = component_matrix(S, d, [OLD[0]], "2024")
    one, two = m.row(0, named=True), m.row(1, named=True)
    assert one["pct"] == pytest.approx(100 * (1 - one["value"] / 50))
    peer_max = max(value(S, u, "2024", "t.2") for u in OLD)
    assert two["max_points"] == peer_max


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_movement_order_and_direction(direction):
    ids = [OLD[0], OLD[1], OLD[2], NEW[0]]
    m = movement(S, ids, "t", "2022", "2024", direction=direction, decimals=2)
    assert m.columns == MOVEMENT_COLUMNS
    both = m.filter(pl.col("status") == "both")
    sign = 1 if direction == "higher" else -1
    gains = [sign * c for c in both["change"].to_list()]
    assert gains == sorted(gains, reverse=True)          # biggest improvement first
    assert both["improved"].to_list() == [g > 0 for g in gains]
    assert m["order"].to_list() == [0, 1, 2, 3]
    last = m.row(3, named=True)
    assert last["unit_id"] == NEW[0] and last["status"] == "neither" and last["improved"] is None
    assert set(m["n_base"]) == {3} and set(m["n_current"]) == {4}  # Dũng not scored in 2022


def test_movement_when_one_period_is_missing():
    m = movement(S, [OLD[3], OLD[2]], "t", "2022", "2023")
    status = dict(zip(m["unit_id"], m["status"]))
    assert status == {OLD[3]: "base_missing", OLD[2]: "current_missing"}
    assert m["change"].null_count() == 2
