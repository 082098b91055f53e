"""Tests for cchc/names.py: normalisation and resolution of unit name spellings."""

from __future__ import annotations

import polars as pl
import pytest

from cchc.loading import UNITS_SCHEMA, load_units
from cchc.folding import strip_marks
from cchc.names import (ALIASES, closest_names, expand_abbreviation, normalise_name, resolve_name,
                        resolve_names, type_phrases)


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return load_units()


@pytest.mark.parametrize("text, expected", [
    ("Đắk Lắk", "Dak Lak"), ("Thừa Thiên Huế", "Thua Thien Hue"), ("Hưng Yên", "Hung Yen"), ("abc", "abc"),
])
def test_strip_marks(text, expected):
    assert strip_marks(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Thừa Thiên Huế", "thua thien hue"),
    ("Tỉnh Thừa Thiên Huế", "thua thien hue"),
    ("Thua Thien Hue", "thua thien hue"),
    ("TT-Huế", "tt hue"),
    ("TP. Hồ Chí Minh", "ho chi minh"),
    ("TP Hồ Chí Minh", "ho chi minh"),
    ("Thành phố Hồ Chí Minh", "ho chi minh"),
    ("Ho Chi Minh City", "ho chi minh"),
    ("Hung Yen Province", "hung yen"),
    ("Tien Lu District", "tien lu"),
    ("Huyện Tiên Lữ", "tien lu"),
    ("Quận Ba Đình", "ba dinh"),
    ("Thị xã Mỹ Hào", "my hao"),
    ("Xã Hải Thắng", "hai thang"),
    ("Phường Trúc Bạch", "truc bach"),
    ("Thị trấn Vương", "vuong"),
    ("Đặc khu Côn Đảo", "con dao"),
    ("Bà Rịa–Vũng Tàu", "ba ria vung tau"),
    ("  BÀ RỊA - VŨNG   TÀU ", "ba ria vung tau"),
    ("Quận 1", "quan 1"),                 # a bare number keeps its type word
    ("Phường 14", "phuong 14"),
    ("Quan Hóa", "quan hoa"),             # accented input: "Quan" is not "Quận"
    ("Tỉnh", "tinh"),                     # nothing left after the prefix: keep it
    ("", ""),
    (None, None),
])
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


# input, scope, expected status, expected unit id (matched) or candidates (ambiguous)
CASES = [
    # Thừa Thiên Huế / Huế in every spelling of domain.md
    ("Thừa Thiên Huế", {"geography": "vn63"}, "matched", "vn63:province:46"),
    ("TT-Huế", {"geography": "vn63"}, "matched", "vn63:province:46"),
    ("Tỉnh Thừa Thiên Huế", {"geography": "vn63"}, "matched", "vn63:province:46"),
    ("Thua Thien Hue", {"geography": "vn63"}, "matched", "vn63:province:46"),
    ("TTH", {"geography": "vn63"}, "matched", "vn63:province:46"),
    ("Thừa Thiên Huế", {"geography": "vn34"}, "matched", "vn34:province:46"),
    ("TT-Huế", {"geography": "vn34"}, "matched", "vn34:province:46"),
    ("Huế", {"geography": "vn34"}, "matched", "vn34:province:46"),
    ("Hue", {"geography": "vn34"}, "matched", "vn34:province:46"),
    ("Thành phố Huế", {"geography": "vn34"}, "matched", "vn34:province:46"),
    ("Thừa Thiên Huế", {}, "ambiguous", ["vn34:province:46", "vn63:province:46"]),
    # Hồ Chí Minh
    ("TP. Hồ Chí Minh", {"geography": "vn34"}, "matched", "vn34:province:79"),
    ("Ho Chi Minh City", {"geography": "vn34"}, "matched", "vn34:province:79"),
    ("HCMC", {"geography": "vn34"}, "matched", "vn34:province:79"),
    ("TP.HCM", {"geography": "vn63"}, "matched", "vn63:province:79"),
    ("TPHCM", {"geography": "vn63"}, "matched", "vn63:province:79"),
    ("Sài Gòn", {"geography": "vn63", "level": "province"}, "matched", "vn63:province:79"),
    ("Sài Gòn", {"geography": "vn34"}, "ambiguous", ["vn34:commune:26740", "vn34:province:79"]),  # a ward too
    ("Thành phố Hồ Chí Minh", {}, "ambiguous", ["vn34:province:79", "vn63:province:79"]),
    # Bà Rịa - Vũng Tàu exists only before the merger
    ("BR-VT", {}, "matched", "vn63:province:77"),
    ("BRVT", {}, "matched", "vn63:province:77"),
    ("Bà Rịa–Vũng Tàu", {}, "matched", "vn63:province:77"),
    ("Tỉnh Bà Rịa - Vũng Tàu", {}, "matched", "vn63:province:77"),
    ("BR-VT", {"geography": "vn34"}, "not_found", []),
    # Hà Nội and English spellings
    ("Hanoi", {"geography": "vn63"}, "matched", "vn63:province:01"),
    ("HN", {"geography": "vn34"}, "matched", "vn34:province:01"),
    ("Ha Noi City", {"geography": "vn34"}, "matched", "vn34:province:01"),
    ("Danang", {"geography": "vn34"}, "matched", "vn34:province:48"),
    ("Daklak", {"geography": "vn34"}, "matched", "vn34:province:66"),
    ("Hoà Bình", {"geography": "vn63", "level": "province"}, "matched", "vn63:province:17"),
    ("Hoa Binh Province", {}, "matched", "vn63:province:17"),
    # Hưng Yên exists in both geographies (and as an old city and communes)
    ("Hưng Yên", {"level": "province"}, "ambiguous", ["vn34:province:33", "vn63:province:33"]),
    ("Tỉnh Hưng Yên", {}, "ambiguous", ["vn34:province:33", "vn63:province:33"]),
    ("Hưng Yên", {"geography": "vn34", "level": "province"}, "matched", "vn34:province:33"),
    ("Hung Yen Province", {"geography": "vn63"}, "matched", "vn63:province:33"),
    ("Thành phố Hưng Yên", {"geography": "vn63"}, "matched", "vn63:district:323"),  # the old city, not Tỉnh
    ("Hưng Yên", {"geography": "vn63", "level": ["province", "district"]}, "ambiguous",
     ["vn63:district:323", "vn63:province:33"]),
    # GSO codes are reused across geographies: the geography decides
    ("24", {"geography": "vn63"}, "matched", "vn63:province:24"),
    ("24", {"geography": "vn34"}, "matched", "vn34:province:24"),
    ("33", {}, "ambiguous", ["vn34:province:33", "vn63:province:33"]),
    ("332", {}, "matched", "vn63:district:332"),
    ("vn34:province:24", {}, "matched", "vn34:province:24"),
    ("vn34:province:24", {"geography": "vn63"}, "not_found", []),
    # Prefixes Quận / Huyện / Xã / Phường; a district and a commune may share a name
    ("Tiên Lữ", {"geography": "vn63"}, "ambiguous", ["vn63:commune:08842", "vn63:district:332"]),
    ("Huyện Tiên Lữ", {}, "matched", "vn63:district:332"),
    ("Tien Lu District", {}, "matched", "vn63:district:332"),
    ("Tiên Lữ", {"geography": "vn63", "level": "district"}, "matched", "vn63:district:332"),
    ("Tiên Lữ", {"parent_id": "vn63:province:33"}, "matched", "vn63:district:332"),
    ("Xã Tiên Lữ", {}, "ambiguous", ["vn34:commune:08842", "vn34:commune:12364", "vn63:commune:08842"]),
    ("Xã Tiên Lữ", {"parent_id": "vn34:province:33"}, "matched", "vn34:commune:12364"),
    ("Tiên Lữ", {"parent_id": "vn34:province:33"}, "matched", "vn34:commune:12364"),
    ("Hải Thắng", {"parent_id": "vn63:province:33"}, "matched", "vn63:commune:12364"),   # via its district
    ("Hải Thắng", {"parent_id": "vn63:district:332"}, "matched", "vn63:commune:12364"),
    ("Quận Ba Đình", {"geography": "vn63"}, "matched", "vn63:district:001"),
    ("Quận 1", {}, "matched", "vn63:district:760"),
    ("District 1", {}, "matched", "vn63:district:760"),
    ("Phường Trúc Bạch", {"geography": "vn63"}, "matched", "vn63:commune:00004"),
    ("Truc Bach", {"geography": "vn63"}, "matched", "vn63:commune:00004"),
    ("Huyện Trúc Bạch", {"geography": "vn63"}, "not_found", []),     # the type word restricts the level
    ("Quan Hóa", {"geography": "vn63", "level": "district"}, "matched", "vn63:district:385"),
    ("Huyện Quan Hóa", {}, "matched", "vn63:district:385"),
    # departments and ministries (no GSO code): by name or slug, scoped by parent
    ("Sở Nội vụ", {"parent_id": "vn34:province:33"}, "matched", "vn34:department:33.snv"),
    ("snv", {"geography": "vn63"}, "matched", "vn63:department:33.snv"),
    ("Sở Nội vụ", {}, "ambiguous", ["vn34:department:33.snv", "vn63:department:33.snv"]),
    ("Bộ Nội vụ", {}, "matched", "vn34:ministry:bnv"),
    ("Ministry of Home Affairs", {}, "matched", "vn34:ministry:bnv"),
    # not found
    ("Atlantis", {}, "not_found", []),
    ("", {}, "not_found", []),
    (None, {}, "not_found", []),
]


@pytest.mark.parametrize("text, scope, status, expected", CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES])
def test_resolve_names(units, text, scope, status, expected):
    row = resolve_names([text], units, **scope).row(0, named=True)
    assert row["input"] == text
    assert row["status"] == status
    if status == "matched":
        assert (row["unit_id"], row["candidates"]) == (expected, [expected])
    else:
        assert row["unit_id"] is None
        assert row["candidates"] == expected


def test_output_shape_and_order(units):
    out = resolve_names(["HCMC", "Atlantis", "HCMC", None], units, geography="vn34")
    assert out.schema == pl.Schema({"input": pl.String, "unit_id": pl.String, "status": pl.String,
                                    "candidates": pl.List(pl.String)})
    assert out["status"].to_list() == ["matched", "not_found", "matched", "not_found"]
    assert resolve_names([], units).height == 0
    assert resolve_names(pl.Series(["Hà Nội"]), units, geography="vn34")["unit_id"][0] == "vn34:province:01"


def test_several_levels_and_geographies(units):
    out = resolve_names(["Tiên Lữ"], units, geography=["vn63"], level=["district", "commune"])
    assert out["candidates"].to_list() == [["vn63:commune:08842", "vn63:district:332"]]


def test_resolve_name_returns_none_when_ambiguous(units):
    assert resolve_name("Hưng Yên", units, geography="vn34", level="province") == "vn34:province:33"
    assert resolve_name("Hưng Yên", units, level="province") is None
    assert resolve_name("Atlantis", units) is None


def test_every_province_resolves_by_its_own_names(units):
    provinces = units.filter(pl.col("level") == "province")
    for geo in ("vn63", "vn34"):
        sel = provinces.filter(pl.col("geography") == geo)
        for col in ("short_vi", "name_vi", "short_en", "name_en", "gso_code"):
            out = resolve_names(sel[col], units, geography=geo, level="province")
            assert out["unit_id"].to_list() == sel["unit_id"].to_list(), (geo, col)


def test_aliases_point_at_provinces(units):
    ids = set(units.filter(pl.col("level") == "province")["unit_id"])
    assert all(set(targets) <= ids for targets in ALIASES.values())


def test_small_fixture_without_data_file():
    """Resolution only needs a frame with the units columns."""
    rows = [{"unit_id": "vn34:province:01", "gso_code": "01", "name_vi": "Thành phố Hà Nội",
             "name_en": "Ha Noi City", "short_vi": "Hà Nội", "short_en": "Ha Noi", "kind": "city",
             "type_vi": "thành phố trung ương", "level": "province", "parent_id": None,
             "province_id": "vn34:province:01", "region": "red_river_delta", "geography": "vn34",
             "valid_from": None, "valid_to": None, "lat": None, "lon": None}]
    units = pl.DataFrame(rows, schema=UNITS_SCHEMA)
    out = resolve_names(["HN", "Hanoi", "TP. Hà Nội", "Hải Phòng"], units)
    assert out["status"].to_list() == ["matched", "matched", "matched", "not_found"]


# ---------------------------------------------------------------- abbreviated type words (district and commune reports)
ABBREVIATED = [
    # input, scope, expected status, expected unit id (matched) or candidates (ambiguous)
    ("TT. Vương", {"geography": "vn63"}, "matched", "vn63:commune:12337"),
    ("TT Vương", {"geography": "vn63"}, "matched", "vn63:commune:12337"),
    ("TT.Vương", {"geography": "vn63"}, "matched", "vn63:commune:12337"),
    ("tt. vuong", {"geography": "vn63"}, "matched", "vn63:commune:12337"),
    ("X. Hải Thắng", {"geography": "vn63"}, "matched", "vn63:commune:12364"),
    ("X.Hải Thắng", {"parent_id": "vn63:district:332"}, "matched", "vn63:commune:12364"),
    ("X Thủ Sỹ", {"geography": "vn63"}, "matched", "vn63:commune:12367"),
    ("H. Tiên Lữ", {}, "matched", "vn63:district:332"),
    ("H.Tiên Lữ", {"geography": "vn63"}, "matched", "vn63:district:332"),
    ("TX. Mỹ Hào", {}, "matched", "vn63:district:328"),
    ("TX.Mỹ Hào", {"geography": "vn63"}, "matched", "vn63:district:328"),
    ("Q.1", {}, "matched", "vn63:district:760"),
    ("Q. 1", {"geography": "vn63"}, "matched", "vn63:district:760"),
    ("P. Hồng Châu", {"geography": "vn63"}, "matched", "vn63:commune:11968"),  # a ward, not "Phong Châu"
    ("P.Hồng Châu", {"parent_id": "vn34:province:33"}, "matched", "vn34:commune:11980"),
    ("TP. Hưng Yên", {"geography": "vn63"}, "matched", "vn63:district:323"),   # the old city
    ("TP. Hà Nội", {"geography": "vn34"}, "matched", "vn34:province:01"),
    ("TP.HCM", {"geography": "vn34"}, "matched", "vn34:province:79"),
    ("TT-Huế", {"geography": "vn63"}, "matched", "vn63:province:46"),         # an alias, not "Thị trấn Huế"
    ("TT. Huế", {"geography": "vn63"}, "matched", "vn63:province:46"),
    ("P.14", {"parent_id": "vn63:district:760"}, "not_found", []),           # District 1 has no Ward 14
    ("X. Atlantis", {}, "not_found", []),
]


@pytest.mark.parametrize("text, scope, status, expected", ABBREVIATED, ids=[f"{c[0]}|{c[1]}" for c in ABBREVIATED])
def test_abbreviated_type_words(units, text, scope, status, expected):
    row = resolve_names([text], units, **scope).row(0, named=True)
    assert row["status"] == status
    assert row["candidates"] == ([expected] if status == "matched" else expected)


@pytest.mark.parametrize("text, expected", [
    ("TT. Vương", "Thị trấn Vương"), ("TT Vương", "Thị trấn Vương"), ("TT.Vương", "Thị trấn Vương"),
    ("tx. Mỹ Hào", "Thị xã Mỹ Hào"), ("TP. Huế", "Thành phố Huế"), ("P.14", "Phường 14"),
    ("X. Hải Thắng", "Xã Hải Thắng"),
    ("H. Tiên Lữ", "Huyện Tiên Lữ"), ("Q. 1", "Quận 1"),
    ("TT-Huế", None), ("TTH", None), ("Hải Thắng", None), ("Phường 14", None), ("", None), (None, None),
])
def test_expand_abbreviation(text, expected):
    assert expand_abbreviation(text) == expected


# ---------------------------------------------------------------- a type that changed over time
# Tam Hồng (Vĩnh Phúc) was "Thị trấn Tam Hồng" on the old geography and is "Xã Tam Hồng" today.
TYPE_CHANGED = [
    ("Xã Tam Hồng", {"geography": "vn63"}, "matched", "vn63:commune:09043"),
    ("Xã Tam Hồng", {"parent_id": "vn63:district:251"}, "matched", "vn63:commune:09043"),
    ("X. Tam Hồng", {"geography": "vn63", "level": "commune"}, "matched", "vn63:commune:09043"),
    ("Thị trấn Tam Hồng", {"geography": "vn34"}, "matched", "vn34:commune:09043"),
    ("TT. Tam Hồng", {"parent_id": "vn34:province:25"}, "matched", "vn34:commune:09043"),
    ("Xã Tam Hồng", {}, "matched", "vn34:commune:09043"),            # the exact type wins when it exists
    ("Thị trấn Tam Hồng", {}, "matched", "vn63:commune:09043"),
    ("Huyện Tam Hồng", {"geography": "vn63"}, "not_found", []),       # the type word still restricts the level
]


@pytest.mark.parametrize("text, scope, status, expected", TYPE_CHANGED, ids=[f"{c[0]}|{c[1]}" for c in TYPE_CHANGED])
def test_a_type_that_changed_is_found_when_no_exact_type_matches(units, text, scope, status, expected):
    row = resolve_names([text], units, **scope).row(0, named=True)
    assert row["status"] == status
    assert row["candidates"] == ([expected] if status == "matched" else expected)


def _district_units(names: list[str]) -> pl.DataFrame:
    rows = [{"unit_id": f"vn63:commune:{k:05d}", "gso_code": f"{k:05d}", "name_vi": name,
             "name_en": None, "short_vi": name.split(" ", 2)[-1] if name.startswith("Thị") else name.split(" ", 1)[1],
             "short_en": None, "kind": "commune", "type_vi": None, "level": "commune",
             "parent_id": "vn63:district:999", "province_id": "vn63:province:99", "region": None, "geography": "vn63",
             "valid_from": None, "valid_to": None, "lat": None, "lon": None} for k, name in enumerate(names, start=1)]
    return pl.DataFrame(rows, schema=UNITS_SCHEMA)


@pytest.mark.parametrize("names, text, status, expected", [
    # no unit of the written type: every unit of that name at the level is a candidate, never a guess
    (["Thị trấn Tân Lập", "Phường Tân Lập"], "Xã Tân Lập", "ambiguous", ["vn63:commune:00001", "vn63:commune:00002"]),
    (["Thị trấn Tân Lập", "Phường Tân Lập"], "X. Tân Lập", "ambiguous", ["vn63:commune:00001", "vn63:commune:00002"]),
    # one of the written type: it wins
    (["Thị trấn Tân Lập", "Xã Tân Lập"], "Xã Tân Lập", "matched", ["vn63:commune:00002"]),
    (["Thị trấn Tân Lập", "Xã Tân Lập"], "TT. Tân Lập", "matched", ["vn63:commune:00001"]),
    (["Thị trấn Tân Lập", "Xã Tân Lập"], "Tân Lập", "ambiguous", ["vn63:commune:00001", "vn63:commune:00002"]),
    # only one of another type: found
    (["Thị trấn Tân Lập"], "Xã Tân Lập", "matched", ["vn63:commune:00001"]),
])
def test_type_fallback_reports_ambiguity(names, text, status, expected):
    row = resolve_names([text], _district_units(names), parent_id="vn63:district:999").row(0, named=True)
    assert (row["status"], row["candidates"]) == (status, expected)


# ---------------------------------------------------------------- helpers of the import
@pytest.mark.parametrize("text, scope, expected", [
    ("Xã Hải Thắnh", {"parent_id": "vn63:district:332"}, ["vn63:commune:12364"]),
    ("Hà Nộii", {"geography": "vn63", "level": "province"}, ["vn63:province:01"]),
    ("Thai Binh", {"geography": "vn63", "level": "province"}, ["vn63:province:34"]),
    ("Atlantis", {"geography": "vn63", "level": "province"}, []),
    ("", {}, []),
])
def test_closest_names(units, text, scope, expected):
    assert closest_names(text, units, **scope)[:len(expected) or 1] == expected


@pytest.mark.parametrize("title, levels, expected", [
    ("UBND HUYỆN TIÊN LỮ\nBÁO CÁO THÁNG 5/2024", ["district"], [["huyện tiên lữ", "huyện tiên"]]),
    ("Các xã, thị trấn huyện Tiên Lữ năm 2023", ["district", "province"],
     [["huyện tiên lữ năm", "huyện tiên lữ", "huyện tiên"]]),
    ("UBND TP. HƯNG YÊN", ["district"], [["tp hưng yên", "tp hưng"]]),
    ("UBND TỈNH HƯNG YÊN — SỞ NỘI VỤ", ["province"], [["tỉnh hưng yên", "tỉnh hưng"]]),
    ("UBND TỈNH HƯNG YÊN", ["district"], []),
    ("BÁO CÁO CÁC XÃ", ["district", "province"], []),
    ("", ["province"], []),
])
def test_type_phrases(title, levels, expected):
    assert type_phrases(title, levels) == expected
