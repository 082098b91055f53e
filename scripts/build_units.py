"""Build data/units.parquet and data/crosswalk.parquet (see docs/design.md).

Build-time only. Needs Python >= 3.12 and

    pip install "vietnam-provinces>=2026.9" vietnamadminunits polars pyarrow pyyaml

The app only reads the Parquet files written here, so none of these packages
is a runtime dependency. Run from anywhere:  python scripts/build_units.py [--out DIR]

Sources and decisions (each one prints a line when it applies):
- vn63 (until 2025-06-30): vietnam_provinces.legacy (63 provinces, districts,
  communes), plus the few communes that the 2025 ward conversion table names
  but the legacy snapshot lacks (created in early-2025 reorganisations; names
  from vietnamadminunits). Thừa Thiên Huế is named as in the 2018-2024 series
  ("Tỉnh Thừa Thiên Huế"), not as the city it became in January 2025.
- vn34 (from 2025-07-01): vietnam_provinces; centrally-run cities pinned to the
  six of Resolution 202/2025/QH15 (the 2026 package also marks later
  upgrades as cities).
- Tone marks normalised to the spelling of official lists ("Hoà" -> "Hòa",
  "Thuỷ" -> "Thủy"); names, not codes, change.
- Departments of Hưng Yên and the ministries: data/organisations.yaml.
  Regions: data/regions.yaml. Centre points: vietnamadminunits (null if absent).
- Crosswalk: provinces from _province_conversion_2025.OLD_TO_NEW (an old
  province listed under two new ones goes to the one that received most of its
  communes); communes from _ward_conversion_2025 (1/n equal_split over the n
  new communes). A legacy commune abolished before July 2025 follows its
  successor when vietnamadminunits lists its name as an alias of exactly one
  commune of the same district.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 12):
    sys.exit("build_units.py: needs Python >= 3.12 (vietnam-provinces 2026.9 does); see the docstring")
try:
    import vietnamadminunits
    from vietnam_provinces import _lookup as NEW
    from vietnam_provinces import _province_conversion_2025 as PCONV
    from vietnam_provinces import _ward_conversion_2025 as WCONV
    from vietnam_provinces.legacy import _lookup as OLD
except ImportError as exc:
    sys.exit(f"build_units.py: needs vietnam-provinces>=2026.9 (with the legacy 63-province "
             f"structure and 2025 conversion tables) and vietnamadminunits: {exc}")

import argparse
import json
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cchc.loading import CROSSWALK_SCHEMA, UNITS_SCHEMA, conform, read_yaml, write_parquet  # noqa: E402
from cchc.folding import fold, strip_marks  # noqa: E402

VN63_TO, VN34_FROM = date(2025, 6, 30), date(2025, 7, 1)
VN34_CITIES = {1, 31, 46, 48, 79, 92}  # the six centrally-run cities of 1 July 2025
VN63_RENAME = {46: ("Tỉnh Thừa Thiên Huế", "tỉnh")}
EN_OVERRIDE = {  # (geography, code) -> (short_en, name_en)
    ("vn63", 79): ("Ho Chi Minh City", "Ho Chi Minh City"),
    ("vn34", 79): ("Ho Chi Minh City", "Ho Chi Minh City"),
    ("vn63", 46): ("Thua Thien Hue", "Thua Thien Hue Province"),
    ("vn34", 46): ("Hue", "Hue City"),
}
# type_vi -> (kind, name prefix, English word)
TYPES = {
    "tỉnh": ("province", "Tỉnh", "Province"),
    "thành phố trung ương": ("city", "Thành phố", "City"),
    "huyện": ("district", "Huyện", "District"),
    "quận": ("district", "Quận", "District"),
    "thị xã": ("district", "Thị xã", "Town"),
    "thành phố": ("district", "Thành phố", "City"),
    "xã": ("commune", "Xã", "Commune"),
    "phường": ("ward", "Phường", "Ward"),
    "thị trấn": ("commune", "Thị trấn", "Township"),
    "đặc khu": ("special_zone", "Đặc khu", "Special Zone"),
}
_TONE = re.compile(r"(?<![qQ])(?:([oO])([àáảãạèéẻẽẹ])|([uU])([ỳýỷỹỵ]))(?!\w)")
fixed_tones: Counter[str] = Counter()


def say(msg: str) -> None:
    print(f"build_units: {msg}", file=sys.stderr)


def old_style_tone(text: str) -> str:
    """Put the tone on the first vowel of a final oa/oe/uy: "Hoà" -> "Hòa"."""
    def fix(m: re.Match[str]) -> str:
        base, marked = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        vowel, tone = unicodedata.normalize("NFD", marked)[0], unicodedata.normalize("NFD", marked)[1:]
        return unicodedata.normalize("NFC", base + tone) + vowel
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    out = _TONE.sub(fix, text)
    if out != text:
        fixed_tones[text] += 1
    return out


def names(name: str, type_vi: str) -> dict[str, str]:
    """name_vi, short_vi, name_en, short_en from an official name and its type."""
    _, prefix, word = TYPES[type_vi]
    name = old_style_tone(name)
    if name.lower().startswith(prefix.lower() + " "):
        name = prefix + name[len(prefix):]
    short = name[len(prefix) + 1:] if name.startswith(prefix + " ") else name
    ascii_short = strip_marks(short)
    if ascii_short[:1].isdigit():  # "Quận 1", "Phường 2 Bảo Lộc": keep the type word
        return {"name_vi": name, "short_vi": name, "name_en": f"{word} {ascii_short}",
                "short_en": f"{word} {ascii_short}"}
    return {"name_vi": name, "short_vi": short, "name_en": f"{ascii_short} {word}", "short_en": ascii_short}


def unit(geo: str, level: str, code: int | str, type_vi: str, parent: str | None, province: str | None,
         region: str | None, point: tuple[float, float] | None, **labels: str) -> dict:
    width = {"province": 2, "district": 3, "commune": 5}.get(level)
    gso = f"{int(code):0{width}d}" if width else None
    uid = f"{geo}:{level}:{gso or code}"
    kind = TYPES[type_vi][0] if type_vi in TYPES else level
    return {"unit_id": uid, "gso_code": gso, **labels, "kind": kind, "type_vi": type_vi, "level": level,
            "parent_id": parent, "province_id": province or uid, "region": region, "geography": geo,
            "valid_from": VN34_FROM if geo == "vn34" else None, "valid_to": VN63_TO if geo == "vn63" else None,
            "lat": point[0] if point else None, "lon": point[1] if point else None}


def read_points(db: Path) -> dict[str, dict[int, tuple[float, float]]]:
    """Centre points by code. A legacy point equal to its parent's is a geocoding
    fallback, not a centre: left out (null), so point maps do not stack them."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    same = "({0}Lat = {1}Lat and {0}Lon = {1}Lon)"
    queries = {
        "old_province": "select provinceCode, provinceLat, provinceLon from admin_units_legacy",
        "old_district": "select districtCode, districtLat, districtLon from admin_units_legacy "
                        f"where not {same.format('district', 'province')}",
        "old_commune": "select wardCode, wardLat, wardLon from admin_units_legacy "
                       f"where not {same.format('ward', 'district')} and not {same.format('ward', 'province')}",
        "new_province": "select provinceCode, provinceLat, provinceLon from admin_units",
        "new_commune": "select wardCode, wardLat, wardLon from admin_units",
    }
    out = {k: {int(c): (la, lo) for c, la, lo in con.execute(q) if c and la is not None}
           for k, q in queries.items()}
    fallback = con.execute(f"select count(*) from admin_units_legacy where {same.format('ward', 'district')} "
                           f"or {same.format('ward', 'province')}").fetchone()[0]
    say(f"{fallback} legacy commune points equal their district's or province's: left null")
    return out


def build_vn63(region_of: dict[int, str], pts: dict, db: Path) -> list[dict]:
    rows = []
    for code, p in OLD.PROVINCE_MAPPING.items():
        name, type_vi = VN63_RENAME.get(code, (p.name, p.division_type.value))
        if code in VN63_RENAME:
            say(f"vn63 province {code}: {p.name!r} named {name!r} (as in the 2018-2024 series)")
        labels = names(name, type_vi)
        if ("vn63", code) in EN_OVERRIDE:
            labels["short_en"], labels["name_en"] = EN_OVERRIDE[("vn63", code)]
        rows.append(unit("vn63", "province", code, type_vi, None, None, region_of[code],
                         pts["old_province"].get(code), **labels))
    prov_of = {d.code.value: d.province_code.value for d in OLD.DISTRICT_MAPPING.values()}
    for code, d in OLD.DISTRICT_MAPPING.items():
        pid = f"vn63:province:{prov_of[code]:02d}"
        rows.append(unit("vn63", "district", code, d.division_type.value, pid, pid,
                         region_of[prov_of[code]], pts["old_district"].get(code),
                         **names(d.name, d.division_type.value)))
    communes = {c: (w.name, w.division_type.value, w.district_code.value) for c, w in OLD.WARD_MAPPING.items()}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    sql = "select ward, wardType, districtCode from admin_units_legacy where wardCode = ?"
    for code in sorted(set(WCONV.OLD_TO_NEW) - set(communes)):
        ward, wtype, dcode = con.execute(sql, (f"{code:05d}",)).fetchone()
        communes[code] = (ward, wtype.lower(), int(dcode))
        say(f"vn63 commune {code:05d} {ward!r}: in the conversion table, not in the legacy list; added")
    for code, (name, type_vi, dcode) in communes.items():
        pid = f"vn63:province:{prov_of[dcode]:02d}"
        rows.append(unit("vn63", "commune", code, type_vi, f"vn63:district:{dcode:03d}", pid,
                         region_of[prov_of[dcode]], pts["old_commune"].get(code), **names(name, type_vi)))
    return rows


def build_vn34(region_of: dict[int, str], pts: dict) -> list[dict]:
    rows = []
    for code, p in NEW.PROVINCE_MAPPING.items():
        type_vi = "thành phố trung ương" if code in VN34_CITIES else "tỉnh"
        name = p.name if type_vi == p.division_type.value else "Tỉnh " + p.name.split(" ", 2)[2]
        if name != p.name:
            say(f"vn34 province {code}: {p.name!r} -> {name!r} (not a city on 2025-07-01)")
        labels = names(name, type_vi)
        if ("vn34", code) in EN_OVERRIDE:
            labels["short_en"], labels["name_en"] = EN_OVERRIDE[("vn34", code)]
        rows.append(unit("vn34", "province", code, type_vi, None, None, region_of[code],
                         pts["new_province"].get(code), **labels))
    for code, w in NEW.WARD_MAPPING.items():
        pid = f"vn34:province:{w.province_code.value:02d}"
        rows.append(unit("vn34", "commune", code, w.division_type.value, pid, pid,
                         region_of[w.province_code.value], pts["new_commune"].get(code),
                         **names(w.name, w.division_type.value)))
    return rows


def build_organisations(orgs: dict, by_id: dict[str, dict]) -> list[dict]:
    rows = []
    for block in orgs["departments"]:
        geo, pid = block["geography"], f"{block['geography']}:province:{block['province']}"
        prov = by_id[pid]
        word = "thành phố" if prov["kind"] == "city" else "tỉnh"
        for d in block["units"]:
            full = d["vi"] if d["vi"].endswith(f" {word}") else f"{d['vi']} {word}"
            rows.append(unit(geo, "department", f"{block['province']}.{d['slug']}", d["type_vi"], pid, pid,
                             prov["region"], None, name_vi=f"{full} {prov['short_vi']}", short_vi=d["vi"],
                             name_en=f"{d['en']}, {prov['name_en']}", short_en=d["en"]))
    for m in orgs["ministries"]["units"]:
        row = unit("vn34", "ministry", m["slug"], m["type_vi"], None, None, None, None,
                   name_vi=m["vi"], short_vi=m["vi"], name_en=m["en"], short_en=m["en"])
        rows.append(row | {"province_id": None, "valid_from": orgs["ministries"]["valid_from"]})
    return rows


def successor_of(db: Path, legacy_only: set[int]) -> dict[int, int]:
    """Legacy communes missing from the conversion table (most were merged in early
    2025) -> the one commune of the same district that lists their name as an alias."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = [(int(c), int(d), json.loads(k or "[]")) for c, d, k in
            con.execute("select wardCode, districtCode, wardKeywords from admin_units_legacy where wardCode is not null")]
    out = {}
    for code in sorted(legacy_only):
        w = OLD.WARD_MAPPING[code]
        key = fold(w.name)
        hits = [c for c, d, kws in rows if d == w.district_code.value and key in kws and c != code]
        if len(hits) == 1 and hits[0] in WCONV.OLD_TO_NEW:
            out[code] = hits[0]
        else:
            say(f"vn63 commune {code:05d} {w.name!r}: not in the conversion table, no successor; no crosswalk")
    return out


def build_crosswalk(units: pl.DataFrame, db: Path) -> pl.DataFrame:
    prov_of = dict(units.filter(pl.col("level") == "commune").select("unit_id", "province_id").iter_rows())
    rows = []
    for old, entry in sorted(PCONV.OLD_TO_NEW.items()):
        targets = sorted({n.code for n in entry.new_provinces})
        if len(targets) > 1:
            got = Counter(n.province_code for c, e in WCONV.OLD_TO_NEW.items()
                          if prov_of[f"vn63:commune:{c:05d}"] == f"vn63:province:{old:02d}" for n in e.new_wards)
            say(f"vn63 province {old:02d} listed under {targets}; communes went {dict(got)}; keeping the majority")
            targets = [max(targets, key=lambda t: got[t])]
        rows.append((f"vn63:province:{old:02d}", f"vn34:province:{targets[0]:02d}", "province", 1.0, "whole"))
    by_old = {}
    for old, entry in WCONV.OLD_TO_NEW.items():
        new = sorted({n.code for n in entry.new_wards})
        by_old[old] = [(f"vn34:commune:{n:05d}", 1 / len(new), "whole" if len(new) == 1 else "equal_split")
                       for n in new]
    legacy_only = set(OLD.WARD_MAPPING) - set(WCONV.OLD_TO_NEW)
    chained = successor_of(db, legacy_only)
    say(f"{len(chained)} of {len(legacy_only)} legacy communes missing from the conversion table follow a successor")
    for old, succ in chained.items():
        by_old[old] = by_old[succ]
    for old in sorted(by_old):
        rows += [(f"vn63:commune:{old:05d}", to, "commune", share, how) for to, share, how in by_old[old]]
    return pl.DataFrame(rows, schema=list(CROSSWALK_SCHEMA), orient="row")


def check(units: pl.DataFrame, cw: pl.DataFrame) -> None:
    ids = set(units["unit_id"])
    assert units["unit_id"].is_unique().all(), "duplicate unit ids"
    assert set(units["parent_id"].drop_nulls()) <= ids, "a parent_id is not a unit"
    assert set(cw["from_id"]) <= ids and set(cw["to_id"]) <= ids, "crosswalk ids not in units"
    sums = cw.group_by("from_id").agg(pl.col("share").sum())
    assert (sums["share"] - 1).abs().max() < 1e-9, "crosswalk shares do not sum to 1"
    assert cw.filter(pl.col("level") == "province").height == 63, "not 63 provinces in the crosswalk"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="output folder (default data/)")
    out = parser.parse_args().out
    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    regions = read_yaml(ROOT / "data" / "regions.yaml")
    region63 = {int(c): r["code"] for r in regions for c in r["vn63"]}
    region34 = {int(c): r["code"] for r in regions for c in r["vn34"]}
    pts = read_points(db)
    rows = build_vn63(region63, pts, db) + build_vn34(region34, pts)
    rows += build_organisations(read_yaml(ROOT / "data" / "organisations.yaml"), {r["unit_id"]: r for r in rows})
    units = conform(pl.DataFrame(rows, infer_schema_length=None), UNITS_SCHEMA, "units")
    units = units.sort("geography", "unit_id", descending=[True, False])
    say(f"tone marks normalised in {sum(fixed_tones.values())} names, e.g. {list(fixed_tones)[:3]}")
    crosswalk = conform(build_crosswalk(units, db), CROSSWALK_SCHEMA, "crosswalk")
    check(units, crosswalk)
    write_parquet(units, out / "units.parquet")
    write_parquet(crosswalk, out / "crosswalk.parquet")
    counts = units.group_by("geography", "level").len().sort("geography", "level")
    say("wrote units: " + ", ".join(f"{g}/{lv} {n}" for g, lv, n in counts.iter_rows())
        + f"; crosswalk: {crosswalk.height} rows")


if __name__ == "__main__":
    main()
