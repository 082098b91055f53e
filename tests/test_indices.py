"""Tests for cchc.indices: the engine on published figures and small seeded fixtures."""

from __future__ import annotations

import random

import polars as pl

from cchc.numbers import round_half_up
import pytest

from cchc.definitions import IndexDef, Node, define_index, load_definitions
from cchc.indices import SCORES_SCHEMA, check_published, compute_scores, missing_ids, score_table

HN, QT, QN = "vn63:province:01", "vn34:province:44", "vn63:province:22"


@pytest.fixture(scope="module")
def defs() -> dict[str, IndexDef]:
    return load_definitions()


def obs(rows, unit="u1", period="2023") -> pl.DataFrame:
    """Observations from (indicator_id, value[, note]) tuples or a {id: value} dict."""
    if isinstance(rows, dict):
        rows = list(rows.items())
    rows = [(r[0], r[1], r[2] if len(r) > 2 else None) for r in rows]
    return pl.DataFrame(
        {"unit_id": [unit] * len(rows), "period": [period] * len(rows), "indicator_id": [r[0] for r in rows],
         "value": [None if r[1] is None else float(r[1]) for r in rows], "note": [r[2] for r in rows]},
        schema={"unit_id": pl.String, "period": pl.String, "indicator_id": pl.String, "value": pl.Float64,
                "note": pl.String})


def row(scores: pl.DataFrame, indicator_id: str, unit: str | None = None) -> dict:
    found = scores.filter(pl.col("indicator_id") == indicator_id)
    if unit is not None:
        found = found.filter(pl.col("unit_id") == unit)
    assert found.height == 1, f"{indicator_id}: {found.height} rows"
    return found.row(0, named=True)


def onestop(**overrides) -> dict[str, float]:
    """A complete, plausible month of one-stop counts; ``overrides`` use short names."""
    counts = dict(procedures_published=90, procedures_total=100, synced=950, received=1000, apology_letters=3,
                  resolved_late=5, resolved_early=100, resolved_on_time=795, resolved=900, pending_in_time=40,
                  pending=50, digitised=600, e_results=500, data_reused=300, procedures_online=85,
                  received_online=500, paid_online=70, payable=100, rated_satisfied=90, rated=100, complaints=4)
    counts.update(overrides)
    return {f"onestop.{k}": v for k, v in counts.items()}


# -- published figures ---------------------------------------------------------

def test_papi_2023_ha_noi_public_service_delivery(defs):
    parts = {"papi.6.1": 1.7029, "papi.6.2": 1.9570, "papi.6.3": 2.2548, "papi.6.4": 1.9339}
    s = compute_scores(obs(parts, HN), defs["papi"])
    d6 = row(s, "papi.6")
    assert round(d6["value"], 4) == 7.8486 and d6["status"] == "computed" and d6["reason"] is None
    assert row(s, "papi.6.2")["status"] == "observed" and row(s, "papi.6.2")["raw"] is None
    total = row(s, "papi")  # other dimensions have no data: missing, never zero
    assert total["value"] is None and total["status"] == "missing"
    assert missing_ids(total["reason"]) == ["papi.1", "papi.2", "papi.3", "papi.4", "papi.5", "papi.7", "papi.8"]
    assert row(s, "papi.1")["reason"] == "no data"


def test_766_quang_tri_july_2025_total_from_observed_groups(defs):
    groups = {"svc766.1": 15.4, "svc766.2": 19.35, "svc766.3": 9.03, "svc766.4": 17.82, "svc766.5": 16.05}
    s = compute_scores(obs(groups, QT, "2025-07"), defs["svc766"])
    total = row(s, "svc766")
    assert round(total["value"], 2) == 77.65 and total["status"] == "computed"
    assert row(s, "svc766.3")["status"] == "observed" and row(s, "svc766.3")["value"] == 9.03
    leaf = row(s, "svc766.3.1")  # no raw counts: the leaf is missing, the observed group still counts
    assert leaf["status"] == "missing" and missing_ids(leaf["reason"]) == ["onestop.digitised", "onestop.received"]
    assert s.height == len(defs["svc766"].nodes())
    published = obs({**groups, "svc766": 77.65}, QT, "2025-07")
    assert check_published(published, defs["svc766"]).is_empty()


def test_sipas_elements_and_overall_mean(defs):
    # five element indices averaging to the national 2023 figure 82.66
    satisfied = [812, 831, 840, 825, 825]
    rows = [(f"sipas.{i}.satisfied", v) for i, v in enumerate(satisfied, 1)] + \
           [(f"sipas.{i}.answers", 1000) for i in range(1, 6)]
    s = compute_scores(obs(rows), defs["sipas"])
    assert row(s, "sipas.1")["value"] == pytest.approx(81.2) and row(s, "sipas.1")["raw"] == pytest.approx(0.812)
    assert row(s, "sipas")["value"] == pytest.approx(82.66) and row(s, "sipas")["status"] == "computed"


def test_par_pct_of_max_quang_ninh_2023(defs):
    areas = [8.5, 8.2, 12.4, 8.6, 12.0, 8.3, 13.1, 21.08]  # 92.18 of 100 points
    s = compute_scores(obs({f"par.{i}": v for i, v in enumerate(areas, 1)}), defs["par"])
    assert row(s, "par")["value"] == pytest.approx(92.18)


def test_pct_of_max_is_a_percentage_of_the_children_maxima():
    d = define_index({"id": "p", "name": "P", "levels": ["province"], "grain": "year", "aggregate": "pct_of_max",
                      "missing": "skip", "components": [{"code": "1", "name": "A", "scale": {"max": 30}},
                                                        {"code": "2", "name": "B", "scale": {"max": 20}}]})
    assert row(compute_scores(obs({"p.1": 24, "p.2": 16}), d), "p")["value"] == pytest.approx(80.0)
    # skip: a missing child drops out of numerator and denominator
    assert row(compute_scores(obs({"p.1": 24}), d), "p")["value"] == pytest.approx(80.0)


# -- ratio leaves ----------------------------------------------------------------

@pytest.mark.parametrize("digitised, points", [(600, 6.0), (800, 8.0), (850, 8.0), (0, 0.0), (400, 4.0)],
                         ids=["below target", "at target", "above target", "zero", "half target"])
def test_ratio_leaf_with_target(defs, digitised, points):
    s = compute_scores(obs(onestop(digitised=digitised)), defs["svc766"])
    leaf = row(s, "svc766.3.1")  # target 0.8, max 8
    assert leaf["value"] == pytest.approx(points) and leaf["raw"] == pytest.approx(digitised / 1000)
    assert leaf["status"] == "computed"


@pytest.mark.parametrize("late, complaints, points, raw", [
    (3, 2, 10.0, 0.95),            # 100% − 5% ≥ 90% target: full points
    (15, 5, 8.89, 0.8),            # below target: 0.8 / 0.9 × 10 = 8.888… shown at 2 decimals
    (60, 40, 0.0, 0.0),            # nothing left
    (80, 40, 0.0, -0.2),           # data error: clipped to 0 points, raw kept
], ids=["above target", "below target", "zero", "negative"])
def test_complement_ratio(defs, late, complaints, points, raw):
    s = compute_scores(obs(onestop(resolved_late=late, complaints=complaints, resolved=100)), defs["svc766"])
    leaf = row(s, "svc766.5.2")
    assert leaf["value"] == pytest.approx(points) and leaf["raw"] == pytest.approx(raw)


def test_numerator_list_is_summed(defs):
    s = compute_scores(obs(onestop(resolved_early=100, resolved_on_time=620, resolved=900)), defs["svc766"])
    assert row(s, "svc766.2.1")["raw"] == pytest.approx(0.8) and row(s, "svc766.2.1")["value"] == pytest.approx(11.2)


ZERO_CASES = [
    ("full", "svc766.2.2", {"pending": 0, "pending_in_time": 0}, 6.0, "computed",
     "zero denominator: onestop.pending (full points)"),
    ("missing", "svc766.3.1", {"received": 0, "digitised": 0}, None, "missing", "zero denominator: onestop.received"),
]


@pytest.mark.parametrize("leaf_id, counts, value, status, reason", [c[1:] for c in ZERO_CASES],
                         ids=[c[0] for c in ZERO_CASES])
def test_if_denominator_zero(defs, leaf_id, counts, value, status, reason):
    leaf = row(compute_scores(obs(onestop(**counts)), defs["svc766"]), leaf_id)
    assert (leaf["value"], leaf["status"], leaf["reason"], leaf["raw"]) == (value, status, reason, None)


def test_if_denominator_zero_zero_policy_and_no_target():
    d = define_index({"id": "z", "name": "Z", "levels": ["commune"], "grain": "month", "components": [
        {"code": "1", "name": "R", "kind": "ratio", "numerator": "a", "denominator": "b", "max_points": 5,
         "if_denominator_zero": "zero"}]})
    assert row(compute_scores(obs({"a": 0, "b": 0}), d), "z.1")["value"] == 0.0
    assert row(compute_scores(obs({"a": 3, "b": 4}), d), "z.1")["value"] == pytest.approx(3.75)
    missing_raw = row(compute_scores(obs({"b": 4}), d), "z.1")
    assert missing_raw["value"] is None and missing_raw["reason"] == "missing: a"


# -- missing values ---------------------------------------------------------------

def test_missing_component_propagates_with_its_reason(defs):
    parts = {"papi.6.1": 1.7029, "papi.6.3": 2.2548, "papi.6.4": 1.9339}
    s = compute_scores(obs(parts, HN), defs["papi"])
    assert row(s, "papi.6.2")["status"] == "missing" and row(s, "papi.6.2")["reason"] == "no data"
    d6 = row(s, "papi.6")
    assert d6["value"] is None and d6["status"] == "missing" and d6["reason"] == "missing: papi.6.2"
    assert "papi.6" in missing_ids(row(s, "papi")["reason"])


def test_unit_not_scored_keeps_its_note(defs):
    note = "không được khảo sát năm 2023"
    rows = [(n.indicator_id, None, note) for n in defs["papi"].nodes() if n.is_leaf]
    s = compute_scores(obs(rows, QN), defs["papi"])
    assert s.height == len(defs["papi"].nodes())
    assert s["status"].unique().to_list() == ["missing"] and s["value"].null_count() == s.height
    assert row(s, "papi")["reason"] == note and row(s, "papi.6")["reason"] == note


def test_null_row_overrides_components(defs):
    parts = {"papi.6.1": 1.7, "papi.6.2": 1.9, "papi.6.3": 2.2, "papi.6.4": 1.9}
    s = compute_scores(pl.concat([obs(parts), obs([("papi.6", None, "bị loại")])]), defs["papi"])
    assert (row(s, "papi.6")["value"], row(s, "papi.6")["reason"]) == (None, "bị loại")
    null_no_note = compute_scores(obs([("papi.6.1", None)]), defs["papi"])
    assert row(null_no_note, "papi.6.1")["reason"] == "not scored"


@pytest.mark.parametrize("present, value, reason", [
    ([1, 3, 4, 5, 6, 7], round((10 + 20 + 9 + 12 + 9 + 20) * 100 / 92, 2), None),       # area 2 (max 8) not applicable
    (list(range(1, 8)), 10 + 7 + 20 + 9 + 12 + 9 + 20, None),                            # all present: plain sum
    ([1, 3, 4, 6, 7], None, "missing: hy_par_xa.2, hy_par_xa.5 (present 5 of 7, need 6)"),  # below min_present 6
], ids=["6 of 7 rescaled", "7 of 7", "5 of 7 missing"])
def test_rescale_with_min_present(defs, present, value, reason):
    points = {1: 10, 2: 7, 3: 20, 4: 9, 5: 12, 6: 9, 7: 20}
    s = compute_scores(obs({f"hy_par_xa.{i}": points[i] for i in present}), defs["hy_par_xa"])
    total = row(s, "hy_par_xa")
    assert total["value"] == (pytest.approx(value) if value is not None else None)
    assert total["reason"] == reason
    if reason:
        assert missing_ids(reason) == ["hy_par_xa.2", "hy_par_xa.5"]


def test_weighted_mean_with_weights_and_skip():
    d = define_index({
        "id": "wm", "name": {"vi": "Chỉ số có trọng số", "en": "Weighted"}, "unit": {"vi": "%", "en": "%"},
        "levels": ["commune"], "grain": "year", "aggregate": "weighted_mean", "missing": "skip", "min_present": 2,
        "components": [{"code": "a", "name": "A", "weight": 2, "scale": {"max": 100}},
                       {"code": "b", "name": "B", "weight": 1, "scale": {"max": 100}},
                       {"code": "c", "name": "C", "weight": 1, "scale": {"max": 100}}]})
    assert row(compute_scores(obs({"wm.a": 90, "wm.b": 60, "wm.c": 80}), d), "wm")["value"] == pytest.approx(80.0)
    assert row(compute_scores(obs({"wm.a": 90, "wm.c": 60}), d), "wm")["value"] == pytest.approx(80.0)
    one = row(compute_scores(obs({"wm.a": 90}), d), "wm")
    assert one["value"] is None and one["reason"] == "missing: wm.b, wm.c (present 1 of 3, need 2)"


@pytest.mark.parametrize("aggregate, missing, expected", [
    ("sum", "skip", 7.0), ("mean", "skip", 3.5), ("mean", "rescale", 3.5), ("sum", "rescale", 7.0 * 15 / 10),
    ("sum", "propagate", None), ("mean", "propagate", None),
])
def test_aggregates_with_a_missing_child(aggregate, missing, expected):
    d = define_index({"id": "g", "name": "G", "levels": ["province"], "grain": "year", "aggregate": aggregate,
                      "missing": missing, "components": [{"code": str(i), "name": str(i), "scale": {"max": 5}}
                                                         for i in (1, 2, 3)]})
    total = row(compute_scores(obs({"g.1": 3, "g.2": 4}), d), "g")
    assert total["value"] == (pytest.approx(expected) if expected is not None else None)
    assert (total["status"] == "missing") == (expected is None)


# -- observed values win ----------------------------------------------------------

def test_observed_composite_wins_and_check_published(defs):
    parts = {"papi.6.1": 1.7029, "papi.6.2": 1.9570, "papi.6.3": 2.2548, "papi.6.4": 1.9339}
    s = compute_scores(obs({**parts, "papi.6": 7.9}, HN), defs["papi"])
    assert (row(s, "papi.6")["value"], row(s, "papi.6")["status"]) == (7.9, "observed")
    report = check_published(obs({**parts, "papi.6": 7.9}, HN), defs["papi"])
    assert report.select("indicator_id", "observed").rows() == [("papi.6", 7.9)]
    assert report["difference"][0] == pytest.approx(0.0514) and report["computed"][0] == pytest.approx(7.8486)
    assert check_published(obs({**parts, "papi.6": 7.8486}, HN), defs["papi"]).is_empty()
    assert check_published(obs({**parts, "papi.6": 7.8488}, HN), defs["papi"], tolerance=1e-4).height == 1


def test_observed_ratio_leaf_wins_but_raw_is_kept(defs):
    s = compute_scores(obs({**onestop(digitised=600), "svc766.3.1": 7.5}), defs["svc766"])
    leaf = row(s, "svc766.3.1")
    assert (leaf["value"], leaf["status"], leaf["raw"]) == (7.5, "observed", pytest.approx(0.6))


# -- shape and vectorisation --------------------------------------------------------

def test_output_schema_and_unit_periods(defs):
    frame = pl.concat([obs({"par.1": 8}, "a", "2023"), obs({"par.2": 8}, "b", "2024"),
                       obs({"papi.1.1": 2.0}, "c", "2023")])  # c has nothing relevant to PAR
    s = compute_scores(frame, defs["par"])
    assert s.schema == pl.Schema(SCORES_SCHEMA)
    assert s.height == 2 * len(defs["par"].nodes())
    assert sorted(set(zip(s["unit_id"], s["period"]))) == [("a", "2023"), ("b", "2024")]
    assert compute_scores(frame.head(0), defs["par"]).schema == pl.Schema(SCORES_SCHEMA)
    assert compute_scores(frame.drop("note"), defs["par"]).height == s.height
    assert score_table(s, "par.1", "2023").select("unit_id", "value").rows() == [("a", 8.0)]


def test_duplicate_rows_first_non_null_wins(defs):
    s = compute_scores(obs([("par.1", None, "chưa có"), ("par.1", 7), ("par.1", 8)]), defs["par"])
    assert (row(s, "par.1")["value"], row(s, "par.1")["status"]) == (7.0, "observed")


def _reference(node: Node, raw: dict[str, float | None]) -> float | None:
    """Plain-Python reference of the propagate rules, one unit at a time (values at published precision)."""
    if node.kind == "ratio":
        num = [raw.get(i) for i in node.numerator]
        den = [raw.get(i) for i in node.denominator]
        if None in den:
            return None
        if sum(den) == 0:
            return {"missing": None, "full": node.max_points, "zero": 0.0}[node.if_denominator_zero]
        if None in num:
            return None
        ratio = sum(num) / sum(den)
        ratio = 1 - ratio if node.complement else ratio
        return round_half_up(min(max(ratio / (node.target or 1.0), 0.0), 1.0) * node.max_points, node.decimals)
    kids = [_reference(k, raw) for k in node.components]
    return None if None in kids else round_half_up(sum(kids), node.decimals)


def test_engine_matches_reference_on_seeded_fixture(defs):
    rng = random.Random(766)
    d = defs["svc766"]
    frames, raws = [], {}
    for u in range(60):
        for period in ("2025-07", "2025-08"):
            counts = {k: float(rng.randint(0, 40)) for k in d.leaf_inputs()}
            for k in list(counts):
                if rng.random() < 0.03:
                    counts[k] = None
            raws[(f"c{u}", period)] = counts
            frames.append(obs(counts, f"c{u}", period))
    s = compute_scores(pl.concat(frames), d)
    assert s.height == 120 * len(d.nodes())
    for (unit, period), counts in raws.items():
        got = s.filter((pl.col("unit_id") == unit) & (pl.col("period") == period))
        values = dict(zip(got["indicator_id"], got["value"]))
        for n in d.nodes():
            expected = _reference(n, counts)
            assert values[n.indicator_id] == (pytest.approx(expected) if expected is not None else None), \
                (unit, period, n.indicator_id)
    assert set(s.filter(pl.col("value").is_null())["status"].unique()) <= {"missing"}


@pytest.mark.parametrize("reason, ids", [
    ("missing: papi.6.2", ["papi.6.2"]), ("missing: a, b (present 5 of 7, need 6)", ["a", "b"]),
    ("no data", []), (None, []), ("zero denominator: onestop.received", []),
])
def test_missing_ids(reason, ids):
    assert missing_ids(reason) == ids


@pytest.mark.parametrize("index", ["papi", "svc766", "sipas", "hy_par_so"])
def test_scores_by_period_are_the_scores_sorted_by_period_unit_and_indicator(observations, definitions, index):
    d = definitions[index]
    obs = observations
    plain = compute_scores(obs, d)
    assert compute_scores(obs, d, by_period=True).equals(plain.sort("period", "unit_id", "indicator_id"))
    assert compute_scores(obs.head(0), d, by_period=True).is_empty()
