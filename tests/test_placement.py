"""cchc.placement: parent options, unit presence, counterparts, units named on a command line."""

import polars as pl
import pytest

from cchc.placement import counterparts, parent_options, unit_presence
from tests.league_fixture import CROSSWALK, UNITS, table


def commune_scores(ids):
    return pl.DataFrame({"unit_id": ids, "period": ["2023"] * len(ids), "value": [1.0] * len(ids)})


def test_parent_options_of_communes_are_provinces_then_districts_by_name():
    s = commune_scores(["vn63:commune:10001", "vn63:commune:10002"])
    opts = parent_options(UNITS, s, level="commune", geography="vn63")
    assert opts["unit_id"].to_list() == ["vn63:province:01", "vn63:district:102", "vn63:district:101"]
    assert opts["name_vi"].to_list() == ["Tỉnh An Giang", "Huyện Kim Động", "Huyện Tiên Lữ"]


def test_parent_options_only_where_there_are_data():
    s = commune_scores(["vn63:commune:10003"])
    assert parent_options(UNITS, s, level="commune", geography="vn63")["unit_id"].to_list() == [
        "vn63:province:01", "vn63:district:101"]


@pytest.mark.parametrize("level", ["province", "ministry"])
def test_no_parent_above_top_levels(level):
    assert parent_options(UNITS, commune_scores(["vn63:province:01"]), level=level, geography="vn63").is_empty()


@pytest.mark.parametrize("unit_id, geography, expected", [
    ("vn63:province:01", "vn34", ["vn34:province:01"]),
    ("vn34:province:01", "vn63", ["vn63:province:01", "vn63:province:02"]),
    ("vn63:province:01", "vn63", ["vn63:province:01"]),
    ("vn63:district:101", "vn34", []),
])
def test_counterparts(unit_id, geography, expected):
    assert counterparts(CROSSWALK, unit_id, geography) == expected


@pytest.mark.parametrize("unit_id, expected", [
    (None, None), ("", None),
    ("vn63:province:01", "listed"),
    ("vn63:province:04", "listed"),          # listed even though not scored
    ("vn34:province:01", "not_yet"),         # a new province on an old-boundary period
    ("vn63:district:101", "other_level"),
    ("nowhere:1", "unknown"),
])
def test_unit_presence(unit_id, expected):
    assert unit_presence(table(), UNITS, unit_id, level="province", geography="vn63") == expected


def test_unit_presence_outside_and_no_longer():
    scoped = table(region="r2")
    assert unit_presence(scoped, UNITS, "vn63:province:01", level="province", geography="vn63") == "outside"
    assert unit_presence(scoped.head(0), UNITS, "vn63:province:01", level="province", geography="vn34") == "no_longer"
