"""Offline maps of a league table: provinces as polygons, communes as points.

Pure: a league table (:func:`cchc.league.league_table`) and a GeoJSON dict
(:func:`cchc.loading.load_geojson`) in, a Plotly figure out. The maps use
``map_style="white-bg"``: no tiles, no fonts, nothing fetched from the network.

Colouring follows the league table:
- ``group="group"`` colours by the categorical group (PAPI quartiles "1"–"4",
  bands "A", "B" ...), best group first, in ``group_colours`` (the index's
  colours, :func:`cchc.conventions.group_colours`, as every other chart) and
  with the groups' Vietnamese (or English) labels in the legend;
- ``group=None`` colours by the continuous ``value`` column.
A unit with no score is drawn in light grey and labelled "Không có số liệu"
(never as 0). Hover text gives the unit, the score in Vietnamese number style
("46,0415"), the rank and the group.

>>> import polars as pl
>>> from cchc.theme import QUARTILE_COLOURS
>>> square = {"type": "Polygon", "coordinates": [[[105, 20], [106, 20], [106, 21], [105, 21], [105, 20]]]}
>>> geojson = {"type": "FeatureCollection", "features": [
...     {"type": "Feature", "properties": {"unit_id": u}, "geometry": square} for u in ("a", "b")]}
>>> table = pl.DataFrame({"unit_id": ["a", "b"], "unit": ["Huế", "Quảng Ninh"], "score": [46.0415, None],
...                       "rank": [1, None], "group": ["1", None], "group_label": ["Nhóm cao nhất", None]})
>>> fig = province_map(table, geojson, group="group", group_colours=QUARTILE_COLOURS, decimals=4,
...                    title="PAPI 2023", subtitle="Cấp tỉnh", source_note="Nguồn: …")
>>> [t.name for t in fig.data]
['Nhóm cao nhất', 'Không có số liệu', 'Quần đảo Hoàng Sa, Trường Sa']
>>> fig.data[0].text[0]
'<b>Huế</b><br>Điểm: 46,0415<br>Hạng: 1<br>Nhóm: Nhóm cao nhất'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go
import polars as pl

from cchc.figures import captioned
from cchc.figures.layout import MODEBAR_PX, ROW_V_PX, is_narrow
from cchc.numbers import format_number
from cchc.theme import FONT, INK, MISSING, QUARTILE_COLOURS, band_colours
from cchc.words import word

VIETNAM_CENTER = {"lat": 16.0, "lon": 106.0}
VIETNAM_ZOOM = 4.3
VIETNAM_LATS = (7.4, 23.8)  # the southern islands of Trường Sa to the northern border, with a margin
PHONE_VIEW = ({"lat": 16.0, "lon": 108.2}, 4.2)  # on a phone's width: the mainland's west to Trường Sa's east
MAP_STYLE = "white-bg"

BORDER = "#ffffff"          # borders between coloured provinces
OUTSIDE_FILL = "#f9fafb"    # provinces of the map that are not in the table
OUTSIDE_LINE = "#9ca3af"
UNGROUPED = "#9ca3af"       # scored units in none of the groups (e.g. below every band)
HIGHLIGHT_LINE = INK        # outline of highlighted units: dark, unlike any fill colour
# Continuous scores: viridis (colour-blind safe, perceptually uniform, yellow = high). Unlike a
# light-to-dark blue scale, it has no pale grey end that could be read as "no data".
CONTINUOUS = [[0.0, "#440154"], [0.125, "#482878"], [0.25, "#3e4989"], [0.375, "#31688e"], [0.5, "#26828e"],
              [0.625, "#1f9e89"], [0.75, "#35b779"], [0.875, "#6ece58"], [1.0, "#fde725"]]
COLORBAR = dict(thickness=14, len=0.45, x=0.98, xanchor="right", y=0.98, yanchor="top", outlinewidth=0)

# Hoàng Sa and Trường Sa are Vietnamese archipelagos (Đà Nẵng and Khánh Hòa) that the boundary source lacks;
# official maps show them, so they are marked with a few real island positions (lat, lon), never invented shapes.
# Their names are the words map.hoang_sa and map.truong_sa.
ARCHIPELAGOS = {
    "hoang_sa": [(16.834, 112.338), (16.533, 111.608), (15.783, 111.200), (16.667, 112.733)],
    "truong_sa": [(8.644, 111.920), (11.429, 114.331), (9.884, 114.329), (10.181, 114.362), (10.377, 114.477),
                  (7.890, 112.920)],
}


def _ids(value: str | Iterable[str] | None) -> set[str]:
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def _rows(table: pl.DataFrame, value: str, group: str | None) -> list[dict[str, Any]]:
    """The table's rows as dicts with the columns the maps use (absent ones as None)."""
    need = ["unit_id", value]
    missing = [c for c in need + ([group] if group else []) if c not in table.columns]
    if missing:
        raise ValueError(f"league table lacks column(s) {', '.join(missing)}")
    cols = {
        "unit_id": pl.col("unit_id"),
        "unit": pl.col("unit") if "unit" in table.columns else pl.col("unit_id"),
        "value": pl.col(value).cast(pl.Float64),
        "rank": pl.col("rank") if "rank" in table.columns else pl.lit(None, pl.Int64),
        "n_ranked": pl.col("n_ranked") if "n_ranked" in table.columns else pl.lit(None, pl.Int64),
        "group": pl.col(group).cast(pl.String) if group else pl.lit(None, pl.String),
        "group_label": (pl.col("group_label") if "group_label" in table.columns and group == "group"
                        else pl.lit(None, pl.String)),
        "reason": pl.col("reason") if "reason" in table.columns else pl.lit(None, pl.String),
    }
    rows = table.select(**cols).to_dicts()
    for r in rows:  # NaN is not a score either
        if r["value"] is not None and math.isnan(r["value"]):
            r["value"] = None
    return rows


def _group_order(rows: list[dict[str, Any]], group_labels: Mapping[str, str] | None,
                 group_colours: Mapping[str, str] | None) -> dict[str, str]:
    """Ordered ``{code: label}``: ``group_labels`` as given, else the order of
    ``group_colours`` (best first), else best rank first; groups not listed
    follow, best rank first."""
    present = [r for r in rows if r["value"] is not None and r["group"] is not None]
    if group_labels:
        order = {str(k): v for k, v in group_labels.items()}
        for r in present:  # a group the caller did not list still gets drawn, after the listed ones
            order.setdefault(r["group"], r["group_label"] or r["group"])
        return order
    listed = {str(c): i for i, c in enumerate(group_colours or {})}

    def best(code: str) -> tuple[int, float, str]:
        ranks = [r["rank"] for r in present if r["group"] == code and r["rank"] is not None]
        return (listed.get(code, len(listed)), min(ranks) if ranks else math.inf, code)

    codes = sorted({r["group"] for r in present}, key=best)
    labels = {r["group"]: r["group_label"] for r in present if r["group_label"]}
    return {c: labels.get(c, c) for c in codes}


def _colours_of(codes: list[str]) -> dict[str, str]:
    """Colours of group codes listed best first when the caller gave none: PAPI's
    quartile codes keep their fixed colours, other codes take the band palette."""
    if codes and set(codes) <= set(QUARTILE_COLOURS):
        return {c: QUARTILE_COLOURS[c] for c in codes}
    return band_colours(codes)


def _group_batches(rows: list[dict[str, Any]], group_labels: Mapping[str, str] | None,
                   group_colours: Mapping[str, str] | None) -> list[tuple[str | None, str, str, int, list[dict]]]:
    """The legend of a map coloured by group: ``(code, name, colour, legend rank, scored rows)``
    for each group with scored units, best first, then ``(None, "—", grey, …)`` for scored
    units in none of them (e.g. below every band: shown, labelled honestly)."""
    scored = [r for r in rows if r["value"] is not None]
    order = _group_order(rows, group_labels, group_colours)
    colours = {str(k): v for k, v in group_colours.items()} if group_colours else _colours_of(list(order))
    batches: list[tuple[str | None, str, str, int, list[dict]]] = []
    for k, (code, label) in enumerate(order.items()):
        members = [r for r in scored if r["group"] == code]
        if members:
            batches.append((code, label, colours.get(code, UNGROUPED), k + 1, members))
    ungrouped = [r for r in scored if r["group"] is None or r["group"] not in order]
    if ungrouped:
        batches.append((None, "—", UNGROUPED, len(order) + 1, ungrouped))
    return batches


def hover_text(row: Mapping[str, Any], *, lang: str = "vi", decimals: int = 2) -> str:
    """``<b>Huế</b><br>Điểm: 46,0415<br>Hạng: 1/61<br>Nhóm: Nhóm cao nhất`` (or the no-data reason).

    >>> hover_text({"unit_id": "x", "unit": "Huế", "value": None, "reason": "Không được khảo sát năm 2023"})
    '<b>Huế</b><br>Không có số liệu<br>Không được khảo sát năm 2023'
    """
    no_data = word("no_data", lang)
    lines = [f"<b>{row.get('unit') or row['unit_id']}</b>"]
    if row.get("value") is None:
        lines.append(no_data)
        reason = row.get("reason")
        if reason and reason != no_data:
            lines.append(str(reason))
        return "<br>".join(lines)
    lines.append(f"{word('score', lang)}: {format_number(row['value'], decimals, lang)}")
    if row.get("rank") is not None:
        n = row.get("n_ranked")
        lines.append(f"{word('rank', lang)}: {row['rank']}" + (f"/{n}" if n else ""))
    label = row.get("group_label") or row.get("group")
    if label:
        lines.append(f"{word('group', lang)}: {label}")
    return "<br>".join(lines)


def _subset(features: Mapping[str, dict], ids: list[str]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [features[i] for i in ids]}


def _flat(colour: str) -> list[list[Any]]:
    return [[0.0, colour], [1.0, colour]]


def _shapes(collection: Mapping[str, Any], *, fill: str, line: str, width: float, name: str = "") -> go.Choroplethmap:
    """The shapes of ``collection`` without hover or legend: blank context or a highlight outline."""
    ids = [f["properties"]["unit_id"] for f in collection["features"]]
    return go.Choroplethmap(geojson=collection, locations=ids, featureidkey="properties.unit_id", z=[0.0] * len(ids),
                            colorscale=_flat(fill), showscale=False, showlegend=False, hoverinfo="skip", name=name,
                            marker=dict(line=dict(color=line, width=width)))


def _polygons(features: Mapping[str, dict], rows: list[dict], *, name: str, colour: str | None,
              lang: str, decimals: int, rank: int, **extra: Any) -> go.Choroplethmap:
    """One choropleth trace of ``rows``: a flat ``colour`` (legend entry) or ``extra`` colour settings."""
    ids = [r["unit_id"] for r in rows]
    trace = dict(
        geojson=_subset(features, ids), locations=ids, featureidkey="properties.unit_id",
        z=[1.0] * len(ids), text=[hover_text(r, lang=lang, decimals=decimals) for r in rows],
        hovertemplate="%{text}<extra></extra>", name=name, legendrank=rank,
        marker=dict(line=dict(color=BORDER, width=0.8), opacity=1.0),
    )
    if colour is not None:
        trace.update(colorscale=_flat(colour), showscale=False, showlegend=True, zmin=0.0, zmax=1.0)
    trace.update(extra)
    return go.Choroplethmap(**trace)


def province_map(
    table: pl.DataFrame,
    geojson: Mapping[str, Any],
    *,
    value: str = "score",
    group: str | None = None,
    group_labels: Mapping[str, str] | None = None,
    group_colours: Mapping[str, str] | None = None,
    title: str,
    subtitle: str,
    source_note: str,
    lang: str = "vi",
    decimals: int = 2,
    highlight: str | Iterable[str] | None = None,
    height: int = 640,
    narrow: bool | None = None,
) -> go.Figure:
    """A choropleth of ``table`` on the provinces of ``geojson`` (matched on ``properties.unit_id``).

    ``group`` names the categorical column to colour by (``"group"`` of a
    league table); ``group_colours`` maps its codes, best first, to their
    colours (:func:`cchc.conventions.group_colours` of the index — without it
    quartile codes take their fixed colours and other codes the band palette in
    legend order) and ``group_labels`` optionally fixes the order (best first)
    and the legend text of its codes; without ``group`` the map is coloured by
    ``value``. Units with no score are light grey ("Không có số liệu");
    provinces of ``geojson`` that are not in ``table`` are drawn blank, without
    hover. ``highlight`` (unit id or ids) is outlined. The view is fixed on
    Vietnam (centre 16°N 106°E, zoom 4.3). ``narrow`` (``None``: as the device
    says): on a phone the legend goes under the map (inside it, it would cover
    the northern provinces) and the title under the chart's toolbar.
    """
    features = {f["properties"]["unit_id"]: f for f in geojson["features"]}
    rows = _rows(table, value, group)
    if rows and not any(r["unit_id"] in features for r in rows):
        raise ValueError("no unit of the table has a boundary in this GeoJSON (wrong geography?)")
    unmapped = [r for r in rows if r["unit_id"] not in features]
    rows = [r for r in rows if r["unit_id"] in features]
    in_table = {r["unit_id"] for r in rows}
    scored = [r for r in rows if r["value"] is not None]
    missing = [r for r in rows if r["value"] is None]

    traces: list[go.Choroplethmap] = []
    outside = [i for i in features if i not in in_table]
    if outside:
        traces.append(_shapes(_subset(features, outside), fill=OUTSIDE_FILL, line=OUTSIDE_LINE, width=0.5))
    if group:
        for code, name, colour, rank, members in _group_batches(rows, group_labels, group_colours):
            traces.append(_polygons(features, members, name=name, colour=colour, lang=lang, decimals=decimals,
                                    rank=rank, **({"legendgroup": f"group-{code}"} if code is not None else {})))
    elif scored:
        traces.append(_polygons(
            features, scored, name=word("score", lang), colour=None, lang=lang, decimals=decimals, rank=1,
            z=[r["value"] for r in scored], colorscale=CONTINUOUS, showscale=True, showlegend=False,
            colorbar=dict(title=dict(text=word("score", lang)), **COLORBAR)))
    if missing:
        traces.append(_polygons(features, missing, name=word("no_data", lang), colour=MISSING, lang=lang,
                                decimals=decimals, rank=1000, legendgroup="no-data"))
    marked = [i for i in _ids(highlight) if i in features]
    if marked:
        traces.append(_shapes(_subset(features, marked), fill="rgba(0,0,0,0)", line=HIGHLIGHT_LINE, width=3,
                              name="highlight"))

    traces.append(archipelagos(lang))
    fig = go.Figure(traces)
    if unmapped:
        subtitle = f"{subtitle} · {word('map.no_shape', lang, n=format_number(len(unmapped), 0, lang))}"
    _layout(fig, center=VIETNAM_CENTER, zoom=VIETNAM_ZOOM, legend_title=word("group", lang) if group else None,
            legend_bottom=not group)
    fig = captioned(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, height=height)
    return _for_phone(fig) if is_narrow(narrow) else fig


def point_map(
    table: pl.DataFrame,
    units: pl.DataFrame,
    *,
    value: str = "score",
    group: str | None = None,
    group_labels: Mapping[str, str] | None = None,
    group_colours: Mapping[str, str] | None = None,
    title: str,
    subtitle: str,
    source_note: str,
    lang: str = "vi",
    decimals: int = 2,
    highlight: str | Iterable[str] | None = None,
    geojson: Mapping[str, Any] | None = None,
    height: int = 640,
    narrow: bool | None = None,
) -> go.Figure:
    """Units of ``table`` (communes: no polygons) as points at their ``lat``/``lon`` in ``units``.

    Same colouring as :func:`province_map`. Units with a null latitude or
    longitude are skipped and counted in the subtitle. ``geojson`` (optional:
    province boundaries) is drawn underneath as blank outlines for context.
    The view fits the points. ``narrow``: as for :func:`province_map`.
    """
    rows = _rows(table, value, group)
    coords = {r["unit_id"]: (r["lat"], r["lon"]) for r in units.select("unit_id", "lat", "lon").to_dicts()}

    def usable(r: dict) -> bool:
        lat, lon = coords.get(r["unit_id"], (None, None))
        return lat is not None and lon is not None and not (math.isnan(lat) or math.isnan(lon))

    skipped = sum(not usable(r) for r in rows)
    rows = [r | {"lat": coords[r["unit_id"]][0], "lon": coords[r["unit_id"]][1]} for r in rows if usable(r)]
    scored = [r for r in rows if r["value"] is not None]
    missing = [r for r in rows if r["value"] is None]

    def points(members: list[dict], name: str, rank: int, **marker: Any) -> go.Scattermap:
        return go.Scattermap(
            lat=[r["lat"] for r in members], lon=[r["lon"] for r in members], mode="markers",
            text=[hover_text(r, lang=lang, decimals=decimals) for r in members],
            hovertemplate="%{text}<extra></extra>", name=name, legendrank=rank,
            marker=dict(size=9, opacity=0.9) | marker)

    traces: list[Any] = []
    if geojson is not None:
        traces.append(_shapes(geojson, fill=OUTSIDE_FILL, line=OUTSIDE_LINE, width=0.6))
    if missing:  # drawn first, so scored points lie on top
        traces.append(points(missing, word("no_data", lang), 1000, color=MISSING))
    if group:
        for _, name, colour, rank, members in _group_batches(rows, group_labels, group_colours):
            traces.append(points(members, name, rank, color=colour))
    elif scored:
        traces.append(points(
            scored, word("score", lang), 1, color=[r["value"] for r in scored], colorscale=CONTINUOUS, showscale=True,
            colorbar=dict(title=dict(text=word("score", lang)), **COLORBAR)))
        traces[-1].showlegend = False
    marked = {r["unit_id"] for r in rows} & _ids(highlight)
    if marked:
        sel = [r for r in rows if r["unit_id"] in marked]
        traces.append(go.Scattermap(lat=[r["lat"] for r in sel], lon=[r["lon"] for r in sel], mode="markers",
                                    marker=dict(size=17, color=HIGHLIGHT_LINE, opacity=0.35), hoverinfo="skip",
                                    showlegend=False, name="highlight"))

    fig = go.Figure(traces)
    if skipped:
        subtitle = f"{subtitle} · {word('map.no_coords', lang, n=format_number(skipped, 0, lang))}"
    center, zoom = fit_view([r["lat"] for r in rows], [r["lon"] for r in rows], height=height)
    _layout(fig, center=center, zoom=zoom, legend_title=word("group", lang) if group else None, legend_bottom=not group)
    fig = captioned(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, height=height)
    return _for_phone(fig) if is_narrow(narrow) else fig


def fit_view(lats: list[float], lons: list[float], *, height: int = 640, width: int = 640) -> tuple[dict, float]:
    """Centre and zoom showing every point (Web Mercator, 512-px tiles); Vietnam when there are none.

    >>> fit_view([], [])
    ({'lat': 16.0, 'lon': 106.0}, 4.3)
    """
    if not lats:
        return dict(VIETNAM_CENTER), VIETNAM_ZOOM
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    plot_h = max(height - 200, 200)  # title, subtitle and source note take about 200 px
    dx = max(east - west, 0.02) / 360
    dy = max(merc(north) - merc(south), 0.0004) / (2 * math.pi)
    zoom = min(math.log2(width / 512 / dx), math.log2(plot_h / 512 / dy)) - 0.35  # a margin around the points
    center = {"lat": math.degrees(math.atan(math.sinh((merc(north) + merc(south)) / 2))), "lon": (west + east) / 2}
    return center, round(max(min(zoom, 12.0), 3.0), 2)


def archipelagos(lang: str = "vi") -> go.Scattermap:
    """Hoàng Sa and Trường Sa as island markers with their province in the hover, one legend entry."""
    lats, lons, names = [], [], []
    for key, islands in ARCHIPELAGOS.items():
        for lat, lon in islands:
            lats.append(lat)
            lons.append(lon)
            names.append(word(f"map.{key}", lang))
    return go.Scattermap(lat=lats, lon=lons, mode="markers", name=word("map.archipelagos", lang),
                         marker=dict(size=5, color=INK), hovertext=names, hoverinfo="text",
                         legendrank=2000, showlegend=True)


def _layout(fig: go.Figure, *, center: dict, zoom: float, legend_title: str | None,
            legend_bottom: bool = False) -> None:
    """Blank (tile-free) map view, legend inside the map over the sea (bottom-right under a colour bar)."""
    fig.update_layout(
        map=dict(style=MAP_STYLE, center=center, zoom=zoom),
        font=dict(family=FONT),
        legend=dict(title=dict(text=legend_title or ""), x=0.98, xanchor="right",
                    y=0.02 if legend_bottom else 0.98, yanchor="bottom" if legend_bottom else "top",
                    bgcolor="rgba(255,255,255,0.85)", traceorder="normal"),
        margin=dict(l=16, r=16, t=96, b=72),
        hoverlabel=dict(font=dict(family=FONT)),
    )


def _for_phone(fig: go.Figure) -> go.Figure:
    """A map for a phone's width: the legend under the map, one entry per row, then the source
    note; the title below the chart's toolbar. The plot keeps its height (the figure grows)."""
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    rows = len(entries) + (1 if fig.layout.legend.title.text else 0)
    legend_px = ROW_V_PX * rows + 8 if fig.layout.showlegend is not False and entries else 0
    below = legend_px - 32 if legend_px else 0  # the note moves from 48 px under the map to under the legend
    m = fig.layout.margin
    top, bottom = (m.t or 96) + MODEBAR_PX, (m.b or 72) + below
    height = (fig.layout.height or 640) + MODEBAR_PX + below
    plot_px = height - top - bottom
    view = fig.layout.map
    if view.zoom == VIETNAM_ZOOM and view.center.lon == VIETNAM_CENTER["lon"]:  # the whole country: the islands too
        fig.update_layout(map=dict(center=PHONE_VIEW[0], zoom=PHONE_VIEW[1]))
    fig.update_layout(height=height, margin=dict(t=top, b=bottom, l=8, r=8),
                      title=dict(x=0.02, xref="container", xanchor="left", y=1 - (30 + MODEBAR_PX) / height,
                                 yanchor="top", font=dict(size=17)))
    if legend_px:  # on the plot's edge ("paper"): a legend on the page's edge would push the map aside
        fig.update_layout(legend=dict(orientation="v", x=0, xref="paper", xanchor="left",
                                      y=-8 / plot_px, yanchor="top", yref="paper", bgcolor="rgba(0,0,0,0)"))
    for a in fig.layout.annotations:  # the source note, under the legend
        if a.xref == "paper" and a.yref == "paper" and a.y == 0 and a.yanchor == "top":
            a.yshift = (a.yshift or 0) - below
    return fig


def fit_latitudes(fig: go.Figure, south: float = VIETNAM_LATS[0], north: float = VIETNAM_LATS[1], *,
                  span: float = 70.0) -> go.Figure:
    """Let a map's view follow its chart's height (in place; returns ``fig``): the latitudes
    ``south``..``north`` fill the plot's height, whatever the screen makes it.

    The map is kept inside bounds of those latitudes (MapLibre zooms in as far as the
    plot's height needs), and ``span`` degrees of longitude around the centre, so on a
    landscape screen the east and west never bind. The zoom is lowered so that the bounds
    decide. For a view whose height is not known in advance (a slide that fills the window).
    """
    for key in list(fig.layout):
        sub = fig.layout[key]
        if key.startswith("map") and getattr(sub, "zoom", None) is not None:
            lon = sub.center.lon if sub.center.lon is not None else VIETNAM_CENTER["lon"]
            sub.bounds = dict(west=lon - span / 2, east=lon + span / 2, south=south, north=north)
            sub.center = dict(lat=(south + north) / 2, lon=lon)
            sub.zoom = min(sub.zoom, 3.0)
    return fig
