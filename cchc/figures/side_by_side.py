"""A few units side by side: across components (grouped bars and a radar,
both on the 0–100 "share of the component's maximum" scale of
:func:`cchc.comparison.component_matrix`), and a two-period dumbbell with
arrows from the base value to the current one (:func:`cchc.comparison.movement`).

A missing value is a missing bar, a gap in the radar outline and, in the
dumbbell, a lone point marked "không được chấm điểm" — never a value of 0.
Hover texts carry the raw value in Vietnamese number style as well as the share.

>>> import polars as pl
>>> matrix = pl.DataFrame({"unit_id": ["a", "a", "b", "b"], "indicator_id": ["t.1", "t.2"] * 2,
...                        "value": [40.0, 25.0, None, None], "max_points": [50.0] * 4,
...                        "pct": [80.0, 50.0, None, None]})
>>> fig = radar(matrix, names={"a": "Hà Nội", "b": "Quảng Ninh"}, labels={"t.1": "1. Một", "t.2": "2. Hai"},
...             title="PAPI", subtitle="Năm 2023", source_note="Nguồn: UNDP")
>>> list(fig.data[0].r), fig.data[1].name
([80.0, 50.0, 80.0], 'Quảng Ninh (không được chấm điểm)')
"""

from __future__ import annotations

from typing import Mapping

import plotly.graph_objects as go
import polars as pl

from cchc.figures.layout import MEDIUM_PX, fold, framed, is_narrow, label_chars, label_width, short, wrap
from cchc.numbers import format_change, format_number
from cchc.theme import COLORWAY, GRID, INK, MOVE_COLOURS, MUTED
from cchc.words import word


def _not_scored(lang: str) -> str:
    """"không được chấm điểm": the one wording, inside a phrase."""
    return word("not_scored", lang).lower()


def _legend_names(matrix: pl.DataFrame, names: Mapping[str, str], lang: str) -> dict[str, str]:
    """Unit names for the legend (in full: the legend wraps long ones); a unit with no value at all
    says it was not scored."""
    scored = set(matrix.filter(pl.col("value").is_not_null())["unit_id"].to_list())
    return {u: n + ("" if u in scored else f" ({_not_scored(lang)})") for u, n in names.items()}


def _unit_rows(matrix: pl.DataFrame, unit_id: str, labels: Mapping[str, str]) -> list[dict]:
    """The rows of ``unit_id`` in ``matrix``, one per component of ``labels`` in its order ({} when absent)."""
    by_id = {r["indicator_id"]: r for r in matrix.filter(pl.col("unit_id") == unit_id).iter_rows(named=True)}
    return [by_id.get(ind, {}) for ind in labels]


def _hover(name: str, label: str, value: float | None, pct: float | None, maximum: float | None, *, lang: str,
           decimals: int, unit: str) -> str:
    if value is None:
        return f"<b>{name}</b><br>{label}: {_not_scored(lang)}"
    shown = format_number(value, decimals, lang)
    if maximum is not None:
        shown = word("chart.value_of_max", lang, value=shown,
                     max=format_number(maximum, 0 if float(maximum).is_integer() else 2, lang))
    text = f"<b>{name}</b><br>{label}: {shown}"
    text += f" {unit}".rstrip()
    if pct is not None:
        text += f" ({format_number(pct, 1, lang)}%)"
    return text


def component_bars(matrix: pl.DataFrame, *, names: Mapping[str, str], labels: Mapping[str, str], title: str,
                   subtitle: str, source_note: str, lang: str = "vi", decimals: int = 2, unit: str = "",
                   narrow: bool | None = None) -> go.Figure:
    """Grouped horizontal bars: one group per component (``labels`` id -> label, top to
    bottom, the label written above its group so bars keep the width on a narrow
    screen — wrapped onto a second line when long, never cut before that), one colour per
    unit (in ``names`` order), x = % of the component's maximum (0–100). ``narrow``: phone
    layout (``None``: as the device says)."""
    narrow = is_narrow(narrow)
    fig = go.Figure()
    legend = _legend_names(matrix, names, lang)
    y = list(labels.values())
    for i, (unit_id, name) in enumerate(names.items()):
        rows = _unit_rows(matrix, unit_id, labels)
        fig.add_trace(go.Bar(
            y=y, x=[r.get("pct") for r in rows], name=legend[unit_id], orientation="h",
            marker_color=COLORWAY[i % len(COLORWAY)], hovertemplate="%{text}<extra></extra>", textposition="none",
            text=[_hover(name, labels[ind], r.get("value"), r.get("pct"), r.get("max_points"), lang=lang,
                         decimals=decimals, unit=unit) for ind, r in zip(labels, rows)]))
    shown = [fold(label, label_chars(narrow), most=2) for label in y]
    extra = 16 if any("<br>" in x for x in shown) else 0  # a second line of the labels
    band = 14 * len(names) + 34 + extra  # pixels per component
    gap = (30 + extra) / band
    for label, text in zip(y, shown):
        fig.add_annotation(x=0, y=label, xref="x", yref="y", text=text, showarrow=False, xanchor="left", align="left",
                           yanchor="bottom", yshift=band * (1 - gap) / 2 + 1, font=dict(size=12, color=INK),
                           name="label")
    fig.update_xaxes(range=[0, 100], title_text=word("side_by_side.pct_axis", lang), ticksuffix="%")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=y, showticklabels=False)
    fig.update_layout(barmode="group", bargap=gap, bargroupgap=0.0, hovermode="closest")
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=band * len(y), legend_items=len(names), legend_columns=min(3, max(1, len(names))),
                  bottom=56, above=18 + extra, narrow=narrow)


def radar(matrix: pl.DataFrame, *, names: Mapping[str, str], labels: Mapping[str, str], title: str, subtitle: str,
          source_note: str, lang: str = "vi", decimals: int = 2, unit: str = "",
          plot_height: int = 420, narrow: bool | None = None) -> go.Figure:
    """A polar chart of the same shares: one closed outline per unit, radial axis
    fixed at 0–100 so units are compared on one scale. A component not scored
    breaks the outline there (``None``), the polygon is closed by repeating the
    first component. Spoke labels are cut to 40 characters (28 on a phone; the hover names the
    component in full). ``narrow``: phone layout (``None``: as the device says)."""
    narrow = is_narrow(narrow)
    fig = go.Figure()
    theta = [wrap(short(label, 28 if narrow else 40), 12 if narrow else 18) for label in labels.values()]
    legend = _legend_names(matrix, names, lang)
    for i, (unit_id, name) in enumerate(names.items()):
        rows = _unit_rows(matrix, unit_id, labels)
        r = [row.get("pct") for row in rows]
        text = [_hover(name, labels[ind], row.get("value"), row.get("pct"), row.get("max_points"), lang=lang,
                       decimals=decimals, unit=unit) for ind, row in zip(labels, rows)]
        colour = COLORWAY[i % len(COLORWAY)]
        fig.add_trace(go.Scatterpolar(
            r=r + r[:1], theta=theta + theta[:1], name=legend[unit_id], mode="lines+markers", connectgaps=False,
            fill="toself" if all(v is not None for v in r) else "none", opacity=0.9,
            line=dict(color=colour, width=2.5), marker=dict(size=6), fillcolor=_alpha(colour, 0.08),
            hovertemplate="%{text}<extra></extra>", text=text + text[:1]))
    fig.update_layout(
        # first component at 12 o'clock, clockwise; the radial scale between the last and first spokes
        polar=dict(radialaxis=dict(range=[0, 100], ticksuffix="%", gridcolor=GRID, tickfont=dict(size=10, color=MUTED),
                                   angle=90 + 180 / max(1, len(theta)), tickangle=90 + 180 / max(1, len(theta))),
                   angularaxis=dict(gridcolor=GRID, tickfont=dict(size=10 if narrow else 12), rotation=90,
                                    direction="clockwise"),
                   bgcolor="white"),
        margin=dict(l=64, r=64) if narrow else dict(l=90, r=90))
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=plot_height - (80 if narrow else 0), legend_items=len(names),
                  legend_columns=min(3, max(1, len(names))), bottom=64, above=56, narrow=narrow)


def _alpha(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def dumbbell(moves: pl.DataFrame, *, names: Mapping[str, str], base_label: str, current_label: str, title: str,
             subtitle: str, source_note: str, lang: str = "vi", decimals: int = 2, unit: str = "",
             narrow: bool | None = None) -> go.Figure:
    """One row per unit in ``moves`` ``order`` (0 at the top): a hollow point at the
    base value, a filled point at the current value, and an arrow from base to
    current coloured by ``improved`` (green better, orange worse, grey same).
    Units missing in one period show only the other point and say which is
    missing in the hover; a unit missing in both has no point. ``narrow``: phone layout (``None``:
    as the device says)."""
    rows = moves.sort("order").to_dicts()
    y = [names.get(r["unit_id"], r["unit_id"]) for r in rows]
    fig = go.Figure()

    def hover(r: dict) -> str:
        name = names.get(r["unit_id"], r["unit_id"])
        parts = [f"<b>{name}</b>"]
        for label, v, rank, n in ((base_label, r["base_value"], r["base_rank"], r["n_base"]),
                                  (current_label, r["value"], r["rank"], r["n_current"])):
            shown = format_number(v, decimals, lang) if v is not None else _not_scored(lang)
            hang = f" — {word('rank', lang).lower()} {rank}/{n}" if rank is not None else ""
            parts.append(f"{label}: {shown}{hang}")
        if r["change"] is not None:
            parts.append(f"{word('change', lang)}: {format_change(r['change'], decimals, lang)}")
        return "<br>".join(parts)

    fig.add_trace(go.Scatter(
        x=[r["base_value"] for r in rows], y=y, mode="markers", name=base_label,
        marker=dict(size=12, color="white", line=dict(color=MUTED, width=2)),
        hovertemplate="%{text}<extra></extra>", text=[hover(r) for r in rows]))
    fig.add_trace(go.Scatter(
        x=[r["value"] for r in rows], y=y, mode="markers", name=current_label, showlegend=False,
        marker=dict(size=12, color=[_colour(r) for r in rows], line=dict(color="white", width=1)),
        hovertemplate="%{text}<extra></extra>", text=[hover(r) for r in rows]))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=current_label, hoverinfo="skip",
                             marker=dict(size=12, color=INK)))  # legend entry: the colour is per unit
    shown = [v for r in rows for v in (r["base_value"], r["value"]) if v is not None]
    middle = (min(shown) + max(shown)) / 2 if shown else 0.0
    for r, label in zip(rows, y):
        if r["base_value"] is not None and r["value"] is not None and r["base_value"] != r["value"]:
            fig.add_annotation(x=r["value"], y=label, ax=r["base_value"], ay=label, xref="x", yref="y", axref="x",
                               ayref="y", showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2,
                               arrowcolor=_colour(r), standoff=7, text="", name="move")
        elif r["status"] in ("base_missing", "current_missing"):
            x = r["value"] if r["status"] == "base_missing" else r["base_value"]
            missing = base_label if r["status"] == "base_missing" else current_label
            right = x > middle  # the note goes on the side with more room, so it stays on the canvas
            fig.add_annotation(x=x, y=label, xref="x", yref="y", showarrow=False, xanchor="right" if right else "left",
                               xshift=-10 if right else 10, text=f"{missing}: {_not_scored(lang)}",
                               font=dict(size=11, color=MUTED), name="missing")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=y, title_text="")
    fig.update_xaxes(ticksuffix=f" {unit}" if unit and len(unit) <= 6 else "")
    fig.update_layout(hovermode="closest")
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=max(160, 50 * len(rows)), legend_items=2, legend_columns=2, narrow=narrow,
                  left=label_width(y) if y else None)


def _colour(r: dict) -> str:
    if r.get("improved") is None:
        return MOVE_COLOURS["same"]
    return MOVE_COLOURS["up"] if r["improved"] else MOVE_COLOURS["down"]
