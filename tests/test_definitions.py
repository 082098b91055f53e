"""Tests for cchc.definitions (and its parser cchc.definition_parser)."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from cchc.definitions import DefinitionError, IndexDef, define_index, load_definitions, parse_definition
from cchc.loading import load_index_dicts

BUNDLED = sorted(load_index_dicts())


@pytest.fixture(scope="module")
def defs() -> dict[str, IndexDef]:
    return load_definitions()


def base() -> dict:
    """A small valid definition that the error cases mutate."""
    return {
        "id": "demo", "name": {"vi": "Chỉ số thử", "en": "Demo index"}, "levels": ["commune"],
        "grain": "year", "scale": {"min": 0, "max": 20}, "_file": "demo.yaml",
        "components": [
            {"code": "1", "name": {"vi": "Một"}, "scale": {"min": 0, "max": 10}},
            {"code": "2", "name": {"vi": "Hai"}, "aggregate": "sum", "scale": {"min": 0, "max": 10},
             "components": [
                 {"code": "2.1", "name": {"vi": "Tỷ lệ"}, "kind": "ratio", "numerator": "x.a",
                  "denominator": "x.b", "max_points": 10}]},
        ],
    }


# -- every bundled definition --------------------------------------------------

@pytest.mark.parametrize("index_id", BUNDLED)
def test_bundled_definition_parses_and_maxima_add_up(defs, index_id):
    d = defs[index_id]
    assert d.id == index_id and d.file.endswith(f"{index_id}.yaml")
    assert d.nodes()[0] is d.root and d.root.indicator_id == index_id
    assert d.maxima_mismatches(tolerance=0.02) == []
    for n in d.nodes():
        assert n.name.vi.strip() and n.name.en.strip()
        assert n.max_points is not None and n.max_points > 0
        if n.aggregate == "sum" and n.scale is not None:
            assert sum(c.max_points for c in n.components) == pytest.approx(n.scale.max, abs=0.02)


@pytest.mark.parametrize("index_id, expected_max", [
    ("papi", 80), ("par", 100), ("sipas", 100), ("svc766", 100), ("hy_par_so", 100), ("hy_par_xa", 100)])
def test_root_maximum(defs, index_id, expected_max):
    assert defs[index_id].root.max_points == expected_max


def test_papi_dimensions_sum_their_sub_dimensions(defs):
    papi = defs["papi"]
    dims = papi.children("papi")
    assert [d.indicator_id for d in dims] == [f"papi.{i}" for i in range(1, 9)]
    assert len([n for n in papi.nodes() if n.depth == 2]) == 28
    for dim in dims:
        assert dim.scale.max == 10 and dim.aggregate == "sum"
        assert sum(c.max_points for c in dim.components) == pytest.approx(10, abs=0.02)


def test_svc766_group_maxima_are_official(defs):
    groups = defs["svc766"].children()
    assert [g.max_points for g in groups] == [18, 20, 22, 22, 18]
    assert defs["svc766"].node("svc766.4.3").max_points == 10  # online payment since 2025


def test_names_with_commas_survive_yaml(defs):
    assert defs["papi"].title("papi.3.2") == "Giải đáp khiếu nại, tố cáo, khúc mắc của người dân"
    assert defs["svc766"].title("svc766.1") == "Công khai, minh bạch"
    assert defs["hy_par_so"].short("vi") == "CCHC sở, ngành (Hưng Yên)"


# -- metadata accessors --------------------------------------------------------

def test_metadata_accessors(defs):
    papi, par, svc = defs["papi"], defs["par"], defs["svc766"]
    assert papi.title(lang="en").startswith("Provincial Governance")
    assert papi.title("papi.6", "vi") == "Cung ứng dịch vụ công"
    assert papi.node("papi.6.1").label("en") == "6.1. Public health"
    assert papi.unit("vi") == "điểm" and par.unit("en") == "%"
    assert papi.decimals == 4 and papi.node("papi.6.1").decimals == 4  # inherited
    assert papi.direction == "higher" and papi.node("papi.8.2").direction == "higher"
    assert papi.scale.min == 8 and papi.scale.max == 80
    assert papi.node("papi.3.1").scale.max == 3.33
    assert papi.source("en").startswith("UNDP") and "8 dimensions" in papi.method("en")
    assert papi.notes("vi") is None and "chưa xác nhận" in par.notes("vi")
    assert papi.groups == "quartile" and par.groups == "bands"
    assert [(b.code, b.min) for b in par.bands] == [("A", 90), ("B", 80), ("C", None)]
    assert par.bands[0].label("en") == "Group A"
    assert papi.levels == ("province",) and defs["sipas"].levels == ("province", "district", "commune")
    assert papi.grain == "year" and svc.grain == "month"
    assert papi.reexpress.rule == "weighted_mean" and papi.reexpress.weight == "sample_size"
    assert svc.reexpress.rule == "sum" and defs["hy_par_so"].reexpress.rule == "none"
    assert [n.code for n in svc.children("svc766.2")] == ["2.1", "2.2"]
    assert "papi.6.2" in papi and "papi.9" not in papi
    with pytest.raises(KeyError, match="papi.9"):
        papi.node("papi.9")


def test_leaf_inputs(defs):
    assert defs["papi"].leaf_inputs()[:2] == ("papi.1.1", "papi.1.2") and len(defs["papi"].leaf_inputs()) == 28
    assert defs["par"].leaf_inputs() == tuple(f"par.{i}" for i in range(1, 9))
    svc = defs["svc766"].leaf_inputs()
    assert "onestop.resolved_early" in svc and "onestop.resolved_on_time" in svc and "onestop.complaints" in svc
    assert len(svc) == len(set(svc)) and not any(i.startswith("svc766") for i in svc)
    assert defs["sipas"].leaf_inputs()[:2] == ("sipas.1.satisfied", "sipas.1.answers")


def test_ratio_fields(defs):
    n = defs["svc766"].node("svc766.5.2")
    assert n.kind == "ratio" and n.complement and n.target == 0.9 and n.max_points == 10
    assert n.numerator == ("onestop.resolved_late", "onestop.complaints") and n.denominator == ("onestop.resolved",)
    assert defs["svc766"].node("svc766.1.3").if_denominator_zero == "full"
    assert defs["svc766"].node("svc766.3.1").if_denominator_zero == "missing"


def test_language_fallback_and_defaults():
    d = define_index({"id": "mine", "name": "Chỉ số riêng", "levels": "district", "grain": "quarter",
                      "components": [{"code": 1, "name": {"vi": "Một", "en": "One"}, "scale": {"max": 5}},
                                     {"code": "2", "name": "Hai", "scale": {"max": 5}}]})
    assert d.family == "custom" and d.title(lang="en") == "Chỉ số riêng" and d.short("en") == "Chỉ số riêng"
    assert d.unit("en") == "points" and d.decimals == 2 and d.direction == "higher"
    assert d.groups == "none" and d.bands == () and d.reexpress.rule == "none"
    assert d.levels == ("district",) and d.title("mine.1", "en") == "One" and d.title("mine.2", "en") == "Hai"
    assert d.root.max_points == 10  # derived: sum of the components' maxima
    assert d.source("vi") is None


def test_definitions_are_frozen_and_hashable(defs):
    with pytest.raises(dataclasses.FrozenInstanceError):
        defs["papi"].id = "x"  # type: ignore[misc]
    assert hash(defs["papi"]) == hash(load_definitions()["papi"])


def test_base_fixture_is_valid():
    d = parse_definition(base())
    assert d.indicator_ids() == ("demo", "demo.1", "demo.2", "demo.2.1")
    assert d.node("demo.2.1").max_points == 10 and d.node("demo.2").children_ids == ("demo.2.1",)


# -- validation errors ---------------------------------------------------------

def _set(path, value, *more):
    """A mutation of base(): set ``path`` to ``value`` (KeyError = delete); more pairs may follow."""
    changes = [(path, value), *zip(more[::2], more[1::2])]

    def mutate(raw):
        for where, what in changes:
            target = raw
            for key in where[:-1]:
                target = target[key]
            if what is KeyError:
                del target[where[-1]]
            else:
                target[where[-1]] = what
    return mutate


C1, C2, C21 = ("components", 0), ("components", 1), ("components", 1, "components", 0)

ERROR_CASES = [
    # (case id, mutation, expected node, expected field, words of the problem)
    ("unknown aggregate", _set((*C2, "aggregate"), "median"), "demo.2", "aggregate", "unknown aggregate 'median'"),
    ("unknown root aggregate", _set(("aggregate",), "max"), "demo", "aggregate", "unknown aggregate"),
    ("unknown kind", _set((*C1, "kind"), "formula"), "demo.1", "kind", "unknown kind 'formula'"),
    ("unknown direction", _set(("direction",), "up"), "demo", "direction", "unknown direction 'up'"),
    ("unknown missing", _set((*C2, "missing"), "ignore"), "demo.2", "missing", "unknown missing"),
    ("ratio without numerator", _set((*C21, "numerator"), KeyError), "demo.2.1", "numerator", "needs a numerator"),
    ("ratio without denominator", _set((*C21, "denominator"), KeyError), "demo.2.1", "denominator", "denominator"),
    ("empty numerator list", _set((*C21, "numerator"), []), "demo.2.1", "numerator", "non-empty list"),
    ("target above 1", _set((*C21, "target"), 1.5), "demo.2.1", "target", "(0, 1]"),
    ("target zero", _set((*C21, "target"), 0), "demo.2.1", "target", "(0, 1]"),
    ("target as percent", _set((*C21, "target"), 80), "demo.2.1", "target", "got 80"),
    ("negative max_points", _set((*C21, "max_points"), -1), "demo.2.1", "max_points", "positive"),
    ("bad zero policy", _set((*C21, "if_denominator_zero"), "skip"), "demo.2.1", "if_denominator_zero", "unknown"),
    ("numerator is a node", _set((*C21, "numerator"), "demo.1"), "demo.2.1", "numerator", "is a node of this index"),
    ("ratio field on input", _set((*C1, "target"), 0.8), "demo.1", "target", "add kind: ratio"),
    ("ratio with components", _set((*C2, "kind"), "ratio"), "demo.2", "kind", "cannot be of kind 'ratio'"),
    ("aggregate on a leaf", _set((*C1, "aggregate"), "sum"), "demo.1", "aggregate", "only nodes with components"),
    ("duplicate codes", _set((*C21, "code"), "1"), "demo.1", "code", "duplicate code '1'"),
    ("float code", _set((*C1, "code"), 6.1), "demo", "code", "must be quoted"),
    ("missing code", _set((*C1, "code"), KeyError), "demo", "components", "no code"),
    ("missing name", _set((*C1, "name"), KeyError), "demo.1", "name", "is required"),
    ("name without vi", _set((*C1, "name"), {"en": "One"}), "demo.1", "name", "Vietnamese"),
    ("typo field", _set((*C2, "agregate"), "sum"), "demo.2", "agregate", "unknown field"),
    ("unknown root field", _set(("colour",), "red"), "demo", "colour", "unknown field"),
    ("scale min above max", _set((*C1, "scale"), {"min": 10, "max": 5}), "demo.1", "scale", "below max"),
    ("max_points differs from scale", _set((*C21, "scale"), {"min": 0, "max": 8}), "demo.2.1", "max_points",
     "differs from scale.max"),
    ("weights missing for weighted_mean", _set((*C2, "aggregate"), "weighted_mean"), "demo.2.1", "weight",
     "demo.2 is a weighted_mean"),
    ("weight outside weighted_mean", _set((*C1, "weight"), 2), "demo.1", "weight", "only components of a weighted_mean"),
    ("min_present with propagate", _set((*C2, "min_present"), 1), "demo.2", "min_present", "skip or rescale"),
    ("pct_of_max child without max", _set((*C1, "scale"), KeyError, ("aggregate",), "pct_of_max"), "demo.1", "scale", "needs a maximum"),
    ("bands not descending", _set(("bands",), [{"code": "A", "vi": "A", "min": 50}, {"code": "B", "vi": "B", "min": 70}]),
     "demo", "bands", "highest first"),
    ("catch-all band not last", _set(("bands",), [{"code": "A", "vi": "A", "min": None}, {"code": "B", "vi": "B", "min": 7}]),
     "demo", "bands", "must come last"),
    ("bands required by groups", _set(("groups",), "bands"), "demo", "bands", "no bands"),
    ("unknown groups", _set(("groups",), "deciles"), "demo", "groups", "unknown groups"),
    ("unknown level", _set(("levels",), ["village"]), "demo", "levels", "unknown level 'village'"),
    ("grain missing", _set(("grain",), KeyError), "demo", "grain", "is required"),
    ("unknown family", _set(("family",), "pci"), "demo", "family", "unknown family"),
    ("no components", _set(("components",), KeyError), "demo", "components", "needs components"),
    ("empty components", _set((*C2, "components"), []), "demo.2", "components", "non-empty"),
    ("reexpress rule", _set(("reexpress",), {"rule": "average"}), "demo", "reexpress", "unknown rule"),
    ("reexpress weight", _set(("reexpress",), {"rule": "weighted_mean"}), "demo", "reexpress", "needs weight"),
    ("bad decimals", _set(("decimals",), "two"), "demo", "decimals", "integer"),
]


@pytest.mark.parametrize("mutate, node, field, words", [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_validation_errors_name_file_node_and_field(mutate, node, field, words):
    raw = base()
    mutate(raw)
    with pytest.raises(DefinitionError) as info:
        parse_definition(raw)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.file, err.node, err.field) == ("demo.yaml", node, field)
    message = str(err)
    assert message.startswith("demo.yaml: ") and f"node {node}" in message and f"field {field!r}" in message
    assert words in message


def test_error_without_file_names_the_index():
    raw = base()
    del raw["_file"]
    raw["direction"] = "down"
    with pytest.raises(DefinitionError, match=r"^index 'demo': node demo: field 'direction'"):
        define_index(raw)


@pytest.mark.parametrize("raw", [None, [], "papi", {"id": "Bad Id"}], ids=["none", "list", "str", "bad id"])
def test_not_a_definition(raw):
    with pytest.raises(DefinitionError):
        parse_definition(copy.deepcopy(raw))


def test_weighted_mean_with_weights_parses():
    raw = base()
    raw["components"][1]["aggregate"] = "weighted_mean"
    raw["components"][1]["components"][0]["weight"] = 2
    assert parse_definition(raw).node("demo.2.1").weight == 2.0


def test_min_present_bounds():
    raw = base()
    raw.update(missing="rescale", min_present=3)
    with pytest.raises(DefinitionError, match="integer 1–2"):
        parse_definition(raw)
    raw["min_present"] = 2
    assert parse_definition(raw).root.min_present == 2


def test_maxima_mismatch_is_reported():
    raw = base()
    raw["scale"] = {"min": 0, "max": 25}
    assert parse_definition(raw).maxima_mismatches() == ["demo: components add up to 20, declared maximum 25"]


@pytest.mark.parametrize("aggregate, missing, ok", [
    ("sum", "rescale", False), ("pct_of_max", "propagate", False), ("mean", "rescale", True), ("sum", "skip", True)])
def test_children_maxima_required_only_where_used(aggregate, missing, ok):
    raw = base()
    raw.update(aggregate=aggregate, missing=missing)
    del raw["components"][0]["scale"]
    del raw["scale"]
    if ok:
        assert parse_definition(raw).root.max_points is None
    else:
        with pytest.raises(DefinitionError, match=f"node demo.1: field 'scale': needs a maximum .*{aggregate}"):
            parse_definition(raw)
