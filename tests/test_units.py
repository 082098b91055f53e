"""Tests for cchc/units.py and the bundled geography (data/units.parquet, crosswalk, regions)."""

from __future__ import annotations

import unicodedata
from datetime import date

import polars as pl
import pytest

from cchc.folding import fold, fold_expr
from cchc.loading import CROSSWALK_SCHEMA, UNITS_SCHEMA, DATA_DIR, load_crosswalk, load_units, read_yaml
from cchc.units import (
    ancestors, children_of, descendant_ids, get_unit, parse_unit_id, region_label,
    regions_frame, search_units, unit_label, units_at, with_labels,
)

REGION_CODES = {"northern_midlands_mountains", "red_river_delta", "north_central_coast",
                "central_highlands", "southeast", "mekong_delta"}


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return load_units()


@pytest.fixture(scope="module")
def crosswalk() -> pl.DataFrame:
    return load_crosswalk()


@pytest.fixture(scope="module")
def regions() -> list[dict]:
    return read_yaml(DATA_DIR / "regions.yaml")


def _row(uid, short, level, parent=None, province=None, region="red_river_delta", code=None, **kw):
    geo = uid.split(":")[0]
    return {"unit_id": uid, "gso_code": code, "name_vi": kw.get("name_vi", short), "short_vi": short,
            "name_en": kw.get("name_en", fold(short)), "short_en": kw.get("short_en", fold(short)),
            "kind": level, "type_vi": "x", "level": level, "parent_id": parent,
            "province_id": province, "region": region, "geography": geo,
            "valid_from": None, "valid_to": None, "lat": None, "lon": None}


@pytest.fixture()
def tiny() -> pl.DataFrame:
    """A province with a district, two communes and a department, another province, a ministry."""
    p, d = "vn63:province:33", "vn63:district:332"
    rows = [
        _row(p, "Hưng Yên", "province", province=p, code="33", name_vi="Tỉnh Hưng Yên", short_en="Hung Yen"),
        _row(d, "Tiên Lữ", "district", p, p, code="332", name_vi="Huyện Tiên Lữ"),
        _row("vn63:commune:12364", "Hải Thắng", "commune", d, p, code="12364"),
        _row("vn63:commune:12367", "Tiên Lữ", "commune", d, p, code="12367"),
        _row("vn63:department:33.snv", "Sở Nội vụ", "department", p, p),
        _row("vn63:province:24", "Bắc Giang", "province", province="vn63:province:24", code="24",
             region="northern_midlands_mountains"),
        _row("vn34:ministry:bnv", "Bộ Nội vụ", "ministry", region=None),
    ]
    return pl.DataFrame(rows, schema=UNITS_SCHEMA)


# --- functions, on the tiny fixture -------------------------------------------------------

@pytest.mark.parametrize("uid, expected", [
    ("vn63:district:332", ("vn63", "district", "332")),
    ("vn34:department:33.snv", ("vn34", "department", "33.snv")),
    ("vn34:ministry:bnv", ("vn34", "ministry", "bnv")),
])
def test_parse_unit_id(uid, expected):
    assert parse_unit_id(uid) == expected


@pytest.mark.parametrize("bad", ["vn63:province", "vn99:province:01", "vn63:town:01", "vn63:province:", None])
def test_parse_unit_id_rejects(bad):
    with pytest.raises(ValueError):
        parse_unit_id(bad)


@pytest.mark.parametrize("kwargs, expected", [
    ({"level": "province"}, ["vn63:province:24", "vn63:province:33"]),
    ({"level": "province", "region": "red_river_delta"}, ["vn63:province:33"]),
    ({"level": "commune", "parent_id": "vn63:district:332"}, ["vn63:commune:12364", "vn63:commune:12367"]),
    ({"level": "commune", "parent_id": "vn63:province:33"}, []),          # communes hang off districts
    ({"level": "commune", "province_id": "vn63:province:33"}, ["vn63:commune:12364", "vn63:commune:12367"]),
    ({"level": ["department", "ministry"]}, ["vn34:ministry:bnv", "vn63:department:33.snv"]),
    ({"level": "ministry", "region": "red_river_delta"}, []),              # null region never matches
    ({"level": "province", "geography": "vn34"}, []),
])
def test_units_at(tiny, kwargs, expected):
    assert units_at(tiny, **kwargs)["unit_id"].to_list() == expected


def test_tree_helpers(tiny):
    assert children_of(tiny, "vn63:province:33")["unit_id"].to_list() == [
        "vn63:department:33.snv", "vn63:district:332"]
    assert children_of(tiny, "vn63:commune:12364").is_empty()
    assert descendant_ids(tiny, "vn63:province:33") == {
        "vn63:district:332", "vn63:commune:12364", "vn63:commune:12367", "vn63:department:33.snv"}
    assert descendant_ids(tiny, "nope") == set()
    assert ancestors(tiny, "vn63:commune:12364") == ["vn63:district:332", "vn63:province:33"]
    assert ancestors(tiny, "vn63:province:33") == []
    assert ancestors(tiny, "nope") == []
    assert get_unit(tiny, "nope") is None
    assert get_unit(tiny, "vn63:district:332")["short_vi"] == "Tiên Lữ"


@pytest.mark.parametrize("uid, lang, full, expected", [
    ("vn63:province:33", "vi", False, "Hưng Yên"),
    ("vn63:province:33", "vi", True, "Tỉnh Hưng Yên"),
    ("vn63:province:33", "en", False, "Hung Yen"),
    ("vn63:province:99", "vi", False, None),
])
def test_unit_label(tiny, uid, lang, full, expected):
    assert unit_label(tiny, uid, lang, full) == expected


def test_unit_label_rejects_language(tiny):
    with pytest.raises(ValueError):
        unit_label(tiny, "vn63:province:33", "fr")


def test_with_labels_keeps_order_and_unknown_ids(tiny):
    frame = pl.DataFrame({"unit_id": ["vn63:province:24", "vn63:province:99", None], "v": [1, 2, 3]})
    out = with_labels(frame, tiny)
    assert out["label"].to_list() == ["Bắc Giang", "vn63:province:99", None]
    assert out["v"].to_list() == [1, 2, 3]


@pytest.mark.parametrize("text, kwargs, expected", [
    ("tien lu", {}, ["vn63:district:332", "vn63:commune:12367"]),  # short-name hits, district first
    ("TIÊN-LỮ", {}, ["vn63:district:332", "vn63:commune:12367"]),
    ("hai thang", {}, ["vn63:commune:12364"]),
    ("332", {}, ["vn63:district:332"]),
    ("33", {}, ["vn63:province:33", "vn63:district:332"]),               # exact code, then code prefix
    ("vn34:ministry:bnv", {}, ["vn34:ministry:bnv"]),
    ("hưng", {"level": "district"}, []),
    ("tien lu", {"limit": 1}, ["vn63:district:332"]),
    ("", {}, []),
    ("   ", {}, []),
])
def test_search_units(tiny, text, kwargs, expected):
    out = search_units(tiny, text, **kwargs)
    assert out["unit_id"].to_list() == expected
    assert out.columns == tiny.columns


def test_fold_matches_vectorised_fold(units):
    for col in ("name_vi", "short_vi", "name_en"):
        both = units.select(fold_expr(col).alias("a"), pl.col(col).map_elements(fold, return_dtype=pl.String).alias("b"))
        assert both.filter(pl.col("a") != pl.col("b")).is_empty(), col


def test_regions_frame_and_label(regions):
    frame = regions_frame(regions)
    assert frame.columns == ["code", "vi", "en"] and set(frame["code"]) == REGION_CODES
    assert region_label(frame, "red_river_delta") == "Đồng bằng sông Hồng"
    assert region_label(frame, "mekong_delta", "en") == "Mekong River Delta"
    assert region_label(frame, None) is None and region_label(frame, "nope") is None


# --- the bundled data ---------------------------------------------------------------------

def test_parquet_schemas_match_the_contract():
    assert dict(pl.read_parquet_schema(DATA_DIR / "units.parquet")) == UNITS_SCHEMA
    assert dict(pl.read_parquet_schema(DATA_DIR / "crosswalk.parquet")) == CROSSWALK_SCHEMA


def test_ids_are_unique_and_well_formed(units):
    assert units["unit_id"].is_unique().all()
    for uid, geo, level, code in units.select("unit_id", "geography", "level", "gso_code").iter_rows():
        g, lv, c = parse_unit_id(uid)
        assert (g, lv) == (geo, level)
        assert code is None or c == code


@pytest.mark.parametrize("geo, level, kind, expected", [
    ("vn63", "province", None, 63), ("vn34", "province", None, 34),
    ("vn63", "province", "city", 5), ("vn34", "province", "city", 6),
    ("vn34", "commune", None, 3321), ("vn34", "commune", "commune", 2621),
    ("vn34", "commune", "ward", 687), ("vn34", "commune", "special_zone", 13),
    ("vn63", "district", None, 696), ("vn34", "district", None, 0),
    ("vn34", "ministry", None, 17), ("vn63", "department", None, 18), ("vn34", "department", None, 14),
])
def test_counts(units, geo, level, kind, expected):
    sel = units.filter((pl.col("geography") == geo) & (pl.col("level") == level))
    if kind:
        sel = sel.filter(pl.col("kind") == kind)
    assert sel.height == expected


def test_vn63_commune_count_is_about_ten_thousand(units):
    n = units.filter((pl.col("geography") == "vn63") & (pl.col("level") == "commune")).height
    assert 9_900 <= n <= 10_200


def test_vn34_cities_are_the_six_of_july_2025(units):
    cities = units.filter((pl.col("geography") == "vn34") & (pl.col("kind") == "city"))
    assert sorted(cities["short_vi"]) == sorted(["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"])


@pytest.mark.parametrize("uid, short_vi, name_en, short_en", [
    ("vn63:province:24", "Bắc Giang", "Bac Giang Province", "Bac Giang"),
    ("vn34:province:24", "Bắc Ninh", "Bac Ninh Province", "Bac Ninh"),      # GSO code reused
    ("vn63:province:27", "Bắc Ninh", "Bac Ninh Province", "Bac Ninh"),
    ("vn63:province:46", "Thừa Thiên Huế", "Thua Thien Hue Province", "Thua Thien Hue"),
    ("vn34:province:46", "Huế", "Hue City", "Hue"),
    ("vn63:province:79", "Hồ Chí Minh", "Ho Chi Minh City", "Ho Chi Minh City"),
    ("vn34:province:79", "Hồ Chí Minh", "Ho Chi Minh City", "Ho Chi Minh City"),
    ("vn34:province:01", "Hà Nội", "Ha Noi City", "Ha Noi"),
    ("vn63:province:33", "Hưng Yên", "Hung Yen Province", "Hung Yen"),
    ("vn63:province:17", "Hòa Bình", "Hoa Binh Province", "Hoa Binh"),       # tone mark normalised
    ("vn63:district:332", "Tiên Lữ", "Tien Lu District", "Tien Lu"),
    ("vn63:district:760", "Quận 1", "District 1", "District 1"),
    ("vn34:commune:12364", "Tiên Lữ", "Tien Lu Commune", "Tien Lu"),
    ("vn34:department:33.snv", "Sở Nội vụ", "Department of Home Affairs, Hung Yen Province",
     "Department of Home Affairs"),
    ("vn34:ministry:bnv", "Bộ Nội vụ", "Ministry of Home Affairs", "Ministry of Home Affairs"),
])
def test_names(units, uid, short_vi, name_en, short_en):
    row = get_unit(units, uid)
    assert (row["short_vi"], row["name_en"], row["short_en"]) == (short_vi, name_en, short_en)


def test_names_are_nfc_vietnamese_and_ascii_english(units):
    for col in ("name_vi", "short_vi"):
        assert all(unicodedata.is_normalized("NFC", s) for s in units[col])
    assert all(s.isascii() for s in units["name_en"]) and all(s.isascii() for s in units["short_en"])
    assert get_unit(units, "vn63:province:33")["name_vi"] == "Tỉnh Hưng Yên"


@pytest.mark.parametrize("uid, type_vi, kind", [
    ("vn63:province:01", "thành phố trung ương", "city"), ("vn63:province:46", "tỉnh", "province"),
    ("vn34:province:22", "tỉnh", "province"), ("vn63:district:332", "huyện", "district"),
    ("vn34:ministry:nhnn", "cơ quan ngang bộ", "ministry"), ("vn63:department:33.bqlkcn", "ban", "department"),
])
def test_types(units, uid, type_vi, kind):
    row = get_unit(units, uid)
    assert (row["type_vi"], row["kind"]) == (type_vi, kind)


def test_thi_tran_is_a_commune(units):
    tt = units.filter(pl.col("type_vi") == "thị trấn")
    assert tt.height > 500 and set(tt["kind"]) == {"commune"}


def test_parent_chain(units):
    ids = set(units["unit_id"])
    assert set(units["parent_id"].drop_nulls()) <= ids
    level_of = dict(units.select("unit_id", "level").iter_rows())
    parent_of = dict(units.select("unit_id", "parent_id").iter_rows())
    expected_parent = {("vn63", "district"): "province", ("vn63", "commune"): "district",
                       ("vn34", "commune"): "province", ("vn63", "department"): "province",
                       ("vn34", "department"): "province"}
    for uid, geo, level, parent, prov in units.select("unit_id", "geography", "level", "parent_id",
                                                       "province_id").iter_rows():
        if level in ("province", "ministry"):
            assert parent is None
            assert prov == (uid if level == "province" else None)
        else:
            assert level_of[parent] == expected_parent[(geo, level)], uid
            assert prov == (parent_of[parent] if level == "commune" and geo == "vn63" else parent)


def test_regions_present_and_inherited(units, regions):
    assert [r["code"] for r in regions] and {r["code"] for r in regions} == REGION_CODES
    for geo, n in (("vn63", 63), ("vn34", 34)):
        codes = [c for r in regions for c in r[geo]]
        assert len(codes) == len(set(codes)) == n
    non_ministry = units.filter(pl.col("level") != "ministry")
    assert set(non_ministry["region"]) == REGION_CODES
    prov_region = dict(units.filter(pl.col("level") == "province").select("unit_id", "region").iter_rows())
    assert all(prov_region[p] == r for p, r in non_ministry.select("province_id", "region").iter_rows())
    assert units.filter(pl.col("level") == "ministry")["region"].null_count() == 17


@pytest.mark.parametrize("uid, region", [
    ("vn63:province:24", "northern_midlands_mountains"), ("vn63:province:22", "red_river_delta"),
    ("vn63:province:27", "red_river_delta"), ("vn63:province:62", "central_highlands"),
    ("vn34:province:25", "northern_midlands_mountains"), ("vn34:province:68", "central_highlands"),
    ("vn34:province:75", "southeast"), ("vn34:province:80", "southeast"), ("vn34:province:24", "red_river_delta"),
    ("vn34:province:51", "north_central_coast"), ("vn34:province:96", "mekong_delta"),
])
def test_region_of(units, uid, region):
    assert get_unit(units, uid)["region"] == region


def test_validity_dates(units):
    geo = units.filter(pl.col("level") != "ministry")
    assert set(geo.filter(pl.col("geography") == "vn63")["valid_to"]) == {date(2025, 6, 30)}
    assert set(geo.filter(pl.col("geography") == "vn34")["valid_from"]) == {date(2025, 7, 1)}
    assert units.filter(pl.col("geography") == "vn34")["valid_to"].null_count() == units.filter(
        pl.col("geography") == "vn34").height


def test_coordinates_are_in_vietnam(units):
    pts = units.drop_nulls("lat")
    # the mainland, and the Hoàng Sa / Trường Sa special zones far offshore
    assert pts["lat"].is_between(8, 23.5).all() and pts["lon"].is_between(102, 115).all()
    provinces = units.filter(pl.col("level") == "province")
    assert provinces["lat"].null_count() == 0
    vn34 = units.filter((pl.col("geography") == "vn34") & (pl.col("level") == "commune"))
    assert vn34["lat"].null_count() == 0


# --- crosswalk ----------------------------------------------------------------------------

# Independent of the build: domain.md, new province -> the old ones merged into it.
NEW_FROM_OLD = {
    "Tuyên Quang": ["Hà Giang", "Tuyên Quang"], "Lào Cai": ["Yên Bái", "Lào Cai"],
    "Thái Nguyên": ["Bắc Kạn", "Thái Nguyên"], "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình", "Phú Thọ"],
    "Bắc Ninh": ["Bắc Giang", "Bắc Ninh"], "Hưng Yên": ["Thái Bình", "Hưng Yên"],
    "Hải Phòng": ["Hải Dương", "Hải Phòng"], "Ninh Bình": ["Hà Nam", "Nam Định", "Ninh Bình"],
    "Quảng Trị": ["Quảng Bình", "Quảng Trị"], "Đà Nẵng": ["Quảng Nam", "Đà Nẵng"],
    "Quảng Ngãi": ["Kon Tum", "Quảng Ngãi"], "Gia Lai": ["Bình Định", "Gia Lai"],
    "Khánh Hòa": ["Ninh Thuận", "Khánh Hòa"], "Lâm Đồng": ["Đắk Nông", "Bình Thuận", "Lâm Đồng"],
    "Đắk Lắk": ["Phú Yên", "Đắk Lắk"], "Hồ Chí Minh": ["Bà Rịa–Vũng Tàu", "Bình Dương", "Hồ Chí Minh"],
    "Đồng Nai": ["Bình Phước", "Đồng Nai"], "Tây Ninh": ["Long An", "Tây Ninh"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang", "Cần Thơ"], "Vĩnh Long": ["Bến Tre", "Trà Vinh", "Vĩnh Long"],
    "Đồng Tháp": ["Tiền Giang", "Đồng Tháp"], "Cà Mau": ["Bạc Liêu", "Cà Mau"],
    "An Giang": ["Kiên Giang", "An Giang"],
    # unchanged
    "Hà Nội": ["Hà Nội"], "Huế": ["Thừa Thiên Huế"], "Lai Châu": ["Lai Châu"], "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"], "Lạng Sơn": ["Lạng Sơn"], "Quảng Ninh": ["Quảng Ninh"], "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"], "Hà Tĩnh": ["Hà Tĩnh"], "Cao Bằng": ["Cao Bằng"],
}


def test_expected_table_is_complete():
    olds = [o for v in NEW_FROM_OLD.values() for o in v]
    assert len(NEW_FROM_OLD) == 34 and len(olds) == len(set(olds)) == 63


def test_province_crosswalk_matches_domain(units, crosswalk):
    by_name = {(g, fold(s)): u for u, g, s in units.filter(pl.col("level") == "province")
               .select("unit_id", "geography", "short_vi").iter_rows()}
    expected = {by_name[("vn63", fold(old))]: by_name[("vn34", fold(new))]
                for new, olds in NEW_FROM_OLD.items() for old in olds}
    prov = crosswalk.filter(pl.col("level") == "province")
    assert prov.height == 63 and prov["from_id"].is_unique().all()
    assert dict(prov.select("from_id", "to_id").iter_rows()) == expected
    assert set(prov["share"]) == {1.0} and set(prov["share_method"]) == {"whole"}


def test_commune_crosswalk_shares(units, crosswalk):
    com = crosswalk.filter(pl.col("level") == "commune")
    ids = dict(units.select("unit_id", "level").iter_rows())
    assert all(ids[f] == "commune" and f.startswith("vn63:") for f in com["from_id"])
    assert all(ids[t] == "commune" and t.startswith("vn34:") for t in com["to_id"])
    sums = com.group_by("from_id").agg(pl.col("share").sum(), pl.len())
    assert (sums["share"] - 1).abs().max() < 1e-9
    assert com.filter((pl.col("share") == 1.0) != (pl.col("share_method") == "whole")).is_empty()
    assert set(com["share_method"]) == {"whole", "equal_split"}
    assert com.filter(pl.col("from_id") == "vn63:commune:00016")["to_id"].to_list() == [
        "vn34:commune:00004", "vn34:commune:00008"]


def test_commune_crosswalk_coverage_and_consistency(units, crosswalk):
    com = crosswalk.filter(pl.col("level") == "commune")
    old = units.filter((pl.col("geography") == "vn63") & (pl.col("level") == "commune"))
    assert com["from_id"].n_unique() >= old.height - 10
    unreached = units.filter((pl.col("geography") == "vn34") & (pl.col("level") == "commune")
                             & ~pl.col("unit_id").is_in(com["to_id"].unique().to_list()))
    # island districts without communes before 2025 became special zones
    assert set(unreached["kind"]) == {"special_zone"} and unreached.height == 5
    prov_of = dict(units.select("unit_id", "province_id").iter_rows())
    prov_map = dict(crosswalk.filter(pl.col("level") == "province").select("from_id", "to_id").iter_rows())
    assert all(prov_map[prov_of[f]] == prov_of[t] for f, t in com.select("from_id", "to_id").iter_rows())
