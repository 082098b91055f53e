"""Improvement priorities (cchc/priorities.py): small synthetic indices scored by the real engine,
every expected number worked out by hand in the comments."""

import polars as pl
import pytest

from cchc.definitions import define_index
from cchc.indices import compute_scores
from cchc.priorities import improvement_table, next_steps, standing, step_sentences


def _index(**extra):
    base = {"id": "t", "name": "T", "levels": ["province"], "grain": "year", "decimals": 2, "groups": "bands",
            "bands": [{"code": "A", "vi": "Nhóm A", "en": "Group A", "min": 90},
                      {"code": "B", "vi": "Nhóm B", "en": "Group B", "min": 80},
                      {"code": "C", "vi": "Dưới 80", "en": "Below 80", "min": None}],
            "components": [{"code": "1", "name": "Một", "scale": {"min": 0, "max": 40}},
                           {"code": "2", "name": "Hai", "scale": {"min": 0, "max": 30}},
                           {"code": "3", "name": "Ba", "scale": {"min": 0, "max": 30}}]}
    return define_index({**base, **extra})


def _scores(d, units: dict[str, tuple]) -> pl.DataFrame:
    """Observations of the components (None = not scored), scored by the engine, as index_scores rows."""
    comps = [n.indicator_id for n in d.children()]
    rows = [(u, c, v, None if v is not None else "không được khảo sát") for u, vals in units.items()
            for c, v in zip(comps, vals)]
    obs = pl.DataFrame(rows, schema={"unit_id": pl.String, "indicator_id": pl.String, "value": pl.Float64,
                                     "note": pl.String}, orient="row").with_columns(period=pl.lit("2023"))
    return compute_scores(obs, d).with_columns(geography=pl.lit("vn63"))


# totals: w 92 (A), v 85 (B), t2 85 (B), u 79.5 (C), y 45 (C), n not scored
BANDED = {"w": (38, 27, 27), "v": (38, 28, 19), "t2": (35, 25, 25), "u": (40, 30, 9.5), "y": (5, 20, 20),
          "n": (None, None, None)}


@pytest.fixture(scope="module")
def banded():
    d = _index()
    return d, _scores(d, BANDED)


def _steps(d, scores, unit, **kw):
    out = next_steps(scores, d, unit, "2023", **kw)
    return {r["goal"]: r for r in out.iter_rows(named=True)}


def test_one_component_short_of_the_next_band_gets_the_exact_gain(banded):
    d, scores = banded
    steps = _steps(d, scores, "u", top=2)
    # u: 40 + 30 + 9.5 = 79.5; band B from 80: components 1 and 2 are at their maxima, so only 3 can move: +0.5
    assert (steps["group"]["status"], steps["group"]["target"], steps["group"]["indicator_id"],
            steps["group"]["gain"], steps["group"]["new_total"], steps["group"]["new_rank"]) == \
        ("possible", "B", "t.3", 0.5, 80.0, 4)
    # top 2: equal v and t2's 85 (shared rank 2): +5.5 on component 3
    assert (steps["top"]["gain"], steps["top"]["new_total"], steps["top"]["new_rank"]) == (5.5, 85.0, 2)
    # past the next units above (v and t2, tied at 85): strictly more, 85.01, +5.51
    assert (steps["next_unit"]["target"], steps["next_unit"]["gain"], steps["next_unit"]["new_rank"]) == \
        ("t2, v", 5.51, 2)


def test_a_capped_component_is_never_proposed_beyond_its_maximum(banded):
    d, scores = banded
    table = improvement_table(scores, d, "u", "2023")
    rows = {r["indicator_id"]: r for r in table.iter_rows(named=True)}
    # component 1 is at its maximum 40: nothing left, and reaching the best peer (40) changes nothing
    assert (rows["t.1"]["to_max"], rows["t.1"]["to_best"], rows["t.1"]["total_at_best"]) == (0.0, 0.0, 79.5)
    # component 3: median of 27, 19, 25, 9.5, 20 (n not scored) is 20 -> +10.5 -> 90, rank 2 behind w's 92;
    # best peer 27 -> +17.5 -> 97 -> rank 1
    assert (rows["t.3"]["peer_median"], rows["t.3"]["to_median"], rows["t.3"]["total_at_median"],
            rows["t.3"]["rank_at_median"]) == (20.0, 10.5, 90.0, 2)
    assert (rows["t.3"]["best_peer"], rows["t.3"]["to_best"], rows["t.3"]["total_at_best"],
            rows["t.3"]["rank_at_best"]) == (27.0, 17.5, 97.0, 1)


def test_a_peer_above_the_maximum_is_capped_at_the_maximum():
    d = _index()
    scores = _scores(d, {"a": (45, 10, 10), "b": (20, 10, 10)})  # a's 45 is above component 1's maximum 40
    row = improvement_table(scores, d, "b", "2023").row(0, named=True)
    # b reaches 40 (not 45): 40 + 10 + 10 = 60, still below a's 65
    assert (row["best_peer"], row["total_at_best"], row["rank_at_best"]) == (45.0, 60.0, 2)


def test_y_cannot_reach_the_next_band_with_one_component(banded):
    d, scores = banded
    steps = _steps(d, scores, "y")
    # y: 45, B needs 80 = +35; room: 35, 10, 10 -> component 1 at 40 gives exactly 80
    assert (steps["group"]["status"], steps["group"]["indicator_id"], steps["group"]["gain"]) == ("possible", "t.1", 35.0)
    far = _scores(_index(), {**BANDED, "y": (4, 20, 19)})  # 43: +37, more than any room (36, 10, 11)
    steps = _steps(d, far, "y")
    assert steps["group"]["status"] == "impossible" and steps["group"]["gain"] is None
    text = step_sentences(next_steps(far, d, "y", "2023"), d, "Yên", lang="vi")[0]
    assert text == ("Không chỉ số thành phần nào, kể cả khi đạt mức tốt nhất có thể, tự mình đưa được Yên lên "
                    "mức Nhóm B.")


def test_sentences_in_both_languages(banded):
    d, scores = banded
    steps = next_steps(scores, d, "u", "2023", top=2)
    names = {"v": "Vĩnh Long", "t2": "Tây Ninh"}
    vi = step_sentences(steps, d, "Hưng Yên", names=names)
    assert vi[0] == "Nếu Chỉ số thành phần 3 (Ba) tăng 0,50 điểm, Hưng Yên đạt mức Nhóm B."
    assert vi[2] == ("Nếu Chỉ số thành phần 3 (Ba) tăng 5,51 điểm, Hưng Yên vượt Tây Ninh, Vĩnh Long "
                     "(lên hạng 2).")
    en = step_sentences(steps, d, "Hung Yen", names=names, lang="en")
    assert en[1] == "If component 3 (Ba) rose by 5.50 points, Hung Yen would enter the top 2 (rank 2)."


def test_a_unit_already_first(banded):
    d, scores = banded
    steps = _steps(d, scores, "w")
    assert {g: r["status"] for g, r in steps.items()} == {"group": "already", "top": "already", "next_unit": "already"}
    text = step_sentences(next_steps(scores, d, "w", "2023"), d, "W", lang="en")
    assert text == ["W is already in the highest band, “Group A”.", "W is already in the top 10.",
                    "W is first: no unit is above it."]


def test_a_unit_not_scored_gets_no_proposal(banded):
    d, scores = banded
    table = improvement_table(scores, d, "n", "2023")
    assert table["status"].to_list() == ["not_scored"] * 3
    assert table["value"].null_count() == 3 and table["total_at_best"].null_count() == 3
    steps = next_steps(scores, d, "n", "2023")
    assert steps.rows() == [(None, "not_scored", None, None, None, None, None, None)]
    assert step_sentences(steps, d, "N", period="năm 2023") == [
        "N không được chấm điểm ở năm 2023: không có đề xuất cải thiện."]


def test_ties_share_the_rank_at_the_published_precision():
    d = _index()
    # a and b tie at 70.00; c at 69.995 rounds to 70.00 at 2 decimals: all three share rank 1
    scores = _scores(d, {"a": (30, 20, 20), "b": (30, 20, 20), "c": (30, 19.995, 20), "z": (20, 20, 20)})
    st = standing(scores, d, "c", "2023")
    assert (st.total, st.rank) == (70.0, 1)  # the engine rounds the total to the index's 2 decimals
    steps = _steps(d, scores, "z", top=1)
    # z (60) needs 70 for the shared rank 1: +10 on component 1 (the first of the components that can)
    assert (steps["top"]["indicator_id"], steps["top"]["gain"], steps["top"]["new_rank"]) == ("t.1", 10.0, 1)
    assert (steps["next_unit"]["target"], steps["next_unit"]["gain"]) == ("a, b, c", 10.01)


LOWER = {"id": "late", "name": "Trễ hạn", "levels": ["province"], "grain": "year", "decimals": 1,
         "direction": "lower", "groups": "none",
         "components": [{"code": "1", "name": "Trễ", "scale": {"min": 0, "max": 10}},
                        {"code": "2", "name": "Phản ánh", "scale": {"min": 0, "max": 10}}]}


def test_lower_is_better_improves_downward():
    d = define_index(LOWER)
    scores = _scores(d, {"a": (2, 3), "b": (4, 4), "c": (6, 5)})  # totals 5 (1st), 8 (2nd), 11 (3rd)
    rows = {r["indicator_id"]: r for r in improvement_table(scores, d, "c", "2023").iter_rows(named=True)}
    # component 1: median of 2, 4, 6 is 4 (c is 2 above it) -> 9, rank 3; best peer 2 -> 7, rank 2
    assert (rows["late.1"]["bound"], rows["late.1"]["to_max"]) == (0.0, 6.0)
    assert (rows["late.1"]["to_median"], rows["late.1"]["total_at_median"], rows["late.1"]["rank_at_median"]) == \
        (2.0, 9.0, 3)
    assert (rows["late.1"]["to_best"], rows["late.1"]["total_at_best"], rows["late.1"]["rank_at_best"]) == \
        (4.0, 7.0, 2)
    # component 2: median 4 -> 10 (rank 3); best 3 -> 9 (rank 3)
    assert (rows["late.2"]["total_at_median"], rows["late.2"]["total_at_best"]) == (10.0, 9.0)
    steps = _steps(d, scores, "c", top=2)
    assert "group" not in steps  # no groups in this definition
    # top 2: equal b's 8 -> -3.0; past b: below 8, 7.9 -> -3.1 (both components could: the first is named)
    assert (steps["top"]["gain"], steps["top"]["new_total"], steps["top"]["new_rank"]) == (3.0, 8.0, 2)
    assert (steps["next_unit"]["indicator_id"], steps["next_unit"]["gain"], steps["next_unit"]["new_total"]) == \
        ("late.1", 3.1, 7.9)
    text = step_sentences(next_steps(scores, d, "c", "2023", top=2), d, "C")
    assert text[1] == "Nếu Chỉ số thành phần 1 (Trễ) giảm 3,1 điểm, C vượt b (lên hạng 2)."


def test_pct_of_max_totals_follow_the_definition():
    d = _index(aggregate="pct_of_max", components=[{"code": "1", "name": "Một", "scale": {"min": 0, "max": 10}},
                                                   {"code": "2", "name": "Hai", "scale": {"min": 0, "max": 40}}])
    scores = _scores(d, {"p": (7, 29), "q": (9, 37)})  # p: 36/50 = 72 %, q: 46/50 = 92 %
    steps = _steps(d, scores, "p")
    # band B at 80 % = 40 points: component 1 can add 3 (-> 78 %), component 2 needs +4 points (= +8 %)
    assert (steps["group"]["indicator_id"], steps["group"]["gain"], steps["group"]["new_total"]) == ("t.2", 4.0, 80.0)


def test_quartile_groups_by_rank():
    d = _index(groups="quartile", bands=None)
    units = {f"u{i}": (30, 20, 10 + i) for i in range(8)}  # totals 60 … 67; u0 is 8th (group 4)
    scores = _scores(d, units)
    steps = _steps(d, scores, "u2")  # 62, rank 6 of 8: group floor(4·5/8)+1 = 3
    # group 2 holds ranks up to ceil(2·8/4) = 4: equal the 4th best other (u4, 64): +2
    assert (steps["group"]["target"], steps["group"]["gain"], steps["group"]["new_rank"]) == ("2", 2.0, 4)
    # +2 on any component does it; u2 ties every peer in components 1 and 2 but has 5 peers ahead in 3
    assert step_sentences(next_steps(scores, d, "u2", "2023"), d, "U", lang="en")[0] == \
        "If component 3 (Ba) rose by 2.00 points, U would move into the group “High average” (rank 4)."


def test_sub_indicators_are_rescored_through_their_parent():
    d = define_index({"id": "s", "name": "S", "levels": ["province"], "grain": "year", "decimals": 2,
                      "aggregate": "mean",
                      "components": [{"code": "1", "name": "A", "scale": {"min": 0, "max": 10}, "aggregate": "sum",
                                      "components": [{"code": "1.1", "name": "A1", "scale": {"min": 0, "max": 5}},
                                                     {"code": "1.2", "name": "A2", "scale": {"min": 0, "max": 5}}]},
                                     {"code": "2", "name": "B", "scale": {"min": 0, "max": 10}}]})
    obs = pl.DataFrame({"unit_id": ["a"] * 3 + ["b"] * 3, "indicator_id": ["s.1.1", "s.1.2", "s.2"] * 2,
                        "value": [1.0, 2.0, 6.0, 4.0, 4.0, 8.0]}).with_columns(period=pl.lit("2023"))
    scores = compute_scores(obs, d).with_columns(geography=pl.lit("vn63"))
    rows = {r["indicator_id"]: r for r in improvement_table(scores, d, "a", "2023", depth=2).iter_rows(named=True)}
    # a: (3 + 6) / 2 = 4.5; s.1.1 at b's 4 -> s.1 = 6 -> total (6 + 6) / 2 = 6.0 (mean of the dimensions)
    assert rows["s.1.1"]["total_at_best"] == 6.0 and rows["s.1"]["total_at_best"] == 7.0


def test_between_equal_gains_the_component_where_the_unit_stands_lowest_is_proposed():
    d = _index()
    # x: 30 + 20 + 25 = 75; band B from 80 needs +5, which each component has room for (10, 10, 5).
    # Peers ahead of x: component 1 p1, p2 (2); component 2 p1, p2, p3 (3); component 3 p3 (1) -> component 2
    scores = _scores(d, {"x": (30, 20, 25), "p1": (39, 21, 10), "p2": (38, 22, 12), "p3": (20, 29, 29)})
    steps = _steps(d, scores, "x")
    assert (steps["group"]["indicator_id"], steps["group"]["gain"], steps["group"]["new_total"]) == ("t.2", 5.0, 80.0)
