"""Time-series figures: units over periods against reference lines, and a unit's
components over time.

Input frames come from :mod:`cchc.series` (``period``, ``period_start`` as the
x position, ``value`` — null when not scored). A null is drawn as a gap in the
line (``None`` in ``y``, ``connectgaps=False``), never as 0. Every hover text
is prebuilt with Vietnamese (or English) number style and period labels
("Năm 2023", "Tháng 7/2025"). Events (:func:`cchc.events.event_positions`)
are vertical dashed lines with their label ("Sáp nhập tỉnh 1/7/2025").

>>> import datetime as dt
>>> import polars as pl
>>> series = pl.DataFrame({"unit_id": ["vn63:province:01"] * 3, "period": ["2021", "2022", "2023"],
...                        "period_start": [dt.date(y, 1, 1) for y in (2021, 2022, 2023)],
...                        "value": [41.5, None, 43.0]})
>>> fig = trend_lines(series, names={"vn63:province:01": "Hà Nội"}, title="PAPI",
...                   subtitle="2021–2023", source_note="Nguồn: UNDP")
>>> list(fig.data[0].y), fig.data[0].text[1]
([41.5, None, 43.0], '<b>Hà Nội</b><br>Năm 2022: không có số liệu')
"""

from __future__ import annotations

import math
from datetime import date
from typing import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from cchc.events import Event
from cchc.figures.layout import MEDIUM_PX, fold, framed, is_narrow
from cchc.numbers import format_change, format_number
from cchc.periods import parse_period, period_label
from cchc.theme import COLORWAY, MUTED, PRIMARY
from cchc.words import word

REFERENCE_STYLE = {
    "mean": dict(color=MUTED, dash="dash", width=2),
    "region_mean": dict(color="#9ca3af", dash="dot", width=2),
    "best": dict(color="#374151", dash="dashdot", width=1.5),  # a grey: never one of the units' colours
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PANEL_CHARS = 44  # a panel's title is wrapped at this many characters, on at most two lines (full in the hover)


def tick_label(period: str, lang: str = "vi") -> str:
    """Short axis label: ``2023``; ``T7/2025`` (en ``Jul 2025``); ``QIII/2025`` (en ``Q3 2025``).

    >>> tick_label("2023"), tick_label("2025-07"), tick_label("2025-07", "en"), tick_label("2025-Q3")
    ('2023', 'T7/2025', 'Jul 2025', 'QIII/2025')
    """
    p = parse_period(period)
    if p.grain == "year":
        return str(p.year)
    if p.grain == "quarter":
        return word("tick.quarter", lang, roman=_ROMAN[p.sub], n=p.sub, year=p.year)
    return word("tick.month", lang, n=p.sub, year=p.year, label=period_label(period, "en"))


def _ticks(periods: Sequence[str], lang: str, most: int = 12) -> dict:
    """Labelled periods: at most ``most``, the latest always; labels stay horizontal."""
    ordered = sorted(dict.fromkeys(periods), key=lambda p: parse_period(p).start)
    step = max(1, math.ceil(len(ordered) / most))
    shown = ordered[::-1][::step][::-1]  # keep the latest period labelled
    return dict(tickmode="array", tickvals=[parse_period(p).start for p in shown],
                ticktext=[tick_label(p, lang) for p in shown], tickangle=0)


def _most_ticks(narrow: bool, wide: int = 12) -> int:
    """How many periods get a label: on a phone only as many as fit side by side (about 60 px each)."""
    return 5 if narrow else wide


def _y(values: Sequence[float | None]) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


def _no_data(lang: str) -> str:
    """"không có số liệu": the no-data word inside a phrase or as a label on the axis."""
    return word("no_data", lang).lower()


def _hover(name: str, period: str, value: float | None, change: float | None, *, lang: str, decimals: int,
           unit: str, base: str | None) -> str:
    head = f"<b>{name}</b><br>{period_label(period, lang)}: "
    if value is None:
        return head + _no_data(lang)
    text = head + f"{format_number(value, decimals, lang)} {unit}".rstrip()
    if base is not None:
        text += "<br>" + word("chart.vs", lang, change=format_change(change, decimals, lang),
                              period=period_label(base, lang))
    return text


def _add_events(fig: go.Figure, events: Sequence[tuple[Event, date]], lang: str, *, xref: str = "x",
                yref: str = "paper", label: bool = True, periods: Sequence[str] = ()) -> None:
    """Dashed vertical lines at the events, labelled at the top. A label is written on the side of its
    line where the periods leave more room (Plotly widens the axis to fit a label; written towards
    the later periods, a label at the end of the data squeezed the plot)."""
    starts = [parse_period(p).start for p in periods]
    for event, x in events:
        fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref=xref, yref=yref,
                      line=dict(color=MUTED, width=1.5, dash="dash"), name=event.key)
        if label:
            later = not starts or (max(starts) - x) >= (x - min(starts))
            fig.add_annotation(x=x, y=1, xref=xref, yref=yref, text=event.label(lang), showarrow=False,
                               xanchor="left" if later else "right", yanchor="top", xshift=4 if later else -4,
                               font=dict(size=12, color=MUTED), name=event.key, bgcolor="rgba(255,255,255,0.8)")


def trend_lines(series: pl.DataFrame, *, names: Mapping[str, str], title: str, subtitle: str, source_note: str,
                references: pl.DataFrame | None = None, reference_labels: Mapping[str, str] | None = None,
                events: Sequence[tuple[Event, date]] = (), lang: str = "vi", decimals: int = 2, unit: str = "",
                base: str | None = None, y_title: str = "", plot_height: int = 340,
                narrow: bool | None = None) -> go.Figure:
    """One line per unit of ``series`` (:func:`cchc.series.unit_series`) plus reference lines.

    ``references`` is :func:`cchc.series.reference_series` output; each
    ``series`` value in ``reference_labels`` is drawn (mean dashed, regional
    mean dotted, best unit dash-dot with the unit's name in the hover). With
    ``base`` the frames must carry ``change`` (:func:`cchc.series.change_since`)
    and y is the change since ``base`` (a zero line is added); else y is
    ``value``. Units are drawn in the order they first appear. Legend entries keep
    their full names (wrapped when long, :func:`cchc.figures.layout.fit_legend`).
    ``narrow``: phone layout (``None``: as the device says).
    """
    narrow = is_narrow(narrow)
    y_col = "change" if base is not None else "value"
    fig = go.Figure()
    periods = series["period"].to_list()
    for i, unit_id in enumerate(dict.fromkeys(series["unit_id"].to_list())):
        part = series.filter(pl.col("unit_id") == unit_id)
        changes = part["change"].to_list() if base is not None else [None] * part.height
        name = names.get(unit_id, unit_id)
        fig.add_trace(go.Scatter(
            x=part["period_start"].to_list(), y=_y(part[y_col].to_list()), name=name,
            mode="lines+markers",
            connectgaps=False, line=dict(color=COLORWAY[i % len(COLORWAY)], width=3), marker=dict(size=7),
            hovertemplate="%{text}<extra></extra>",
            text=[_hover(name, p, v, c, lang=lang, decimals=decimals, unit=unit, base=base)
                  for p, v, c in zip(part["period"], part["value"], changes)]))
    if references is not None:
        periods += references["period"].to_list()
        for key, label in (reference_labels or {}).items():
            part = references.filter(pl.col("series") == key)
            if part.is_empty():
                continue
            changes = part["change"].to_list() if base is not None else [None] * part.height
            who = [names.get(u, u) if u else None for u in part["unit_id"].to_list()]
            text = [_hover(f"{label}: {w}" if w else label, p, v, c, lang=lang, decimals=decimals, unit=unit,
                           base=base) for p, v, c, w in zip(part["period"], part["value"], changes, who)]
            fig.add_trace(go.Scatter(x=part["period_start"].to_list(), y=_y(part[y_col].to_list()),
                                     name=label,
                                     mode="lines", connectgaps=False, line=REFERENCE_STYLE.get(key, {}),
                                     hovertemplate="%{text}<extra></extra>", text=text))
    _add_events(fig, events, lang, periods=periods)
    if base is not None:
        fig.add_hline(y=0, line=dict(color=MUTED, width=1))
    fig.update_xaxes(**_ticks(periods, lang, _most_ticks(narrow)) if periods else {})
    fig.update_yaxes(title_text=y_title)
    fig.update_layout(hovermode="closest")
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=plot_height, legend_items=len(fig.data), legend_columns=2 if len(fig.data) <= 4 else 3,
                  narrow=narrow)


def component_stack(parts: pl.DataFrame, *, labels: Mapping[str, str], title: str, subtitle: str,
                    source_note: str, total: pl.DataFrame | None = None, events: Sequence[tuple[Event, date]] = (),
                    lang: str = "vi", decimals: int = 2, unit: str = "", total_label: str = "",
                    plot_height: int = 340, narrow: bool | None = None) -> go.Figure:
    """Stacked bars of one unit's components per period (for indices whose total is the
    sum of its components' points), with the total as a line.

    ``parts`` is :func:`cchc.series.unit_series` for one unit over the
    component ids (``labels`` maps id -> label, in stacking order). A missing
    component leaves its segment out; a period in which the unit was not scored
    gets a "không có số liệu" label at the foot of the axis instead of a bar
    (periods before the unit existed — status ``absent`` — are simply empty). Components are
    named in full in the legend (wrapped when long). ``narrow``: phone layout (``None``: as the
    device says).
    """
    narrow = is_narrow(narrow)
    fig = go.Figure()
    for i, (ind, label) in enumerate(labels.items()):
        part = parts.filter(pl.col("indicator_id") == ind)
        fig.add_trace(go.Bar(
            x=part["period_start"].to_list(), y=_y(part["value"].to_list()), name=label,
            marker_color=COLORWAY[i % len(COLORWAY)], hovertemplate="%{text}<extra></extra>",
            text=[_hover(label, p, v, None, lang=lang, decimals=decimals, unit=unit, base=None)
                  for p, v in zip(part["period"], part["value"])], textposition="none"))
    periods = parts["period"].to_list()
    if total is not None and total.height:
        fig.add_trace(go.Scatter(
            x=total["period_start"].to_list(), y=_y(total["value"].to_list()), name=total_label, mode="lines+markers",
            connectgaps=False, line=dict(color="#000000", width=2), hovertemplate="%{text}<extra></extra>",
            text=[_hover(total_label, p, v, None, lang=lang, decimals=decimals, unit=unit, base=None)
                  for p, v in zip(total["period"], total["value"])]))
        gaps = total.filter(pl.col("status") == "not_scored") if "status" in total.columns else total.filter(
            pl.col("value").is_null())
        for x in gaps["period_start"].to_list():
            fig.add_annotation(x=x, y=0, xref="x", yref="paper", text=_no_data(lang), textangle=-90, showarrow=False,
                               yanchor="bottom", font=dict(size=11, color=MUTED), name="no_data")
    _add_events(fig, events, lang, periods=periods)
    fig.update_xaxes(**_ticks(periods, lang, _most_ticks(narrow)) if periods else {})
    fig.update_yaxes(title_text=unit)
    fig.update_layout(barmode="stack", bargap=0.25, hovermode="closest")
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=plot_height, legend_items=len(fig.data), legend_columns=2, narrow=narrow)


def component_panels(parts: pl.DataFrame, *, labels: Mapping[str, str], title: str, subtitle: str,
                     source_note: str, means: pl.DataFrame | None = None, unit_name: str = "",
                     mean_label: str = "", events: Sequence[tuple[Event, date]] = (), lang: str = "vi",
                     decimals: int = 2, unit: str = "", columns: int = 2, maxima: Mapping[str, float] | None = None,
                     narrow: bool | None = None) -> go.Figure:
    """Small multiples: one panel per component with the unit's line and the peers'
    mean (``means``: ``indicator_id, period, period_start, value``) dashed.

    Panels share the x axis; each y axis runs from 0 to the component's maximum
    when ``maxima`` gives it, so panels are read on their own scale. Gaps for
    missing values as in :func:`trend_lines`. A panel's title is its component's
    name on up to two lines. ``narrow``: phone layout, one panel per row (``None``: as
    the device says).
    """
    narrow = is_narrow(narrow)
    columns = 1 if narrow else columns
    ids = list(labels)
    rows = max(1, math.ceil(len(ids) / columns))
    panel_px = 150 if narrow else 190
    titles = [fold(labels[i], PANEL_CHARS, most=2) for i in ids]
    two_lines = any("<br>" in x for x in titles)
    gap_px = 46 + (16 if two_lines else 0)  # between panels: the panel's title (one or two lines)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, shared_xaxes=True,
                        vertical_spacing=min(0.3, gap_px / (panel_px * rows)) if rows > 1 else 0.0,
                        horizontal_spacing=0.08)
    for k, ind in enumerate(ids):
        r, c = k // columns + 1, k % columns + 1
        part = parts.filter(pl.col("indicator_id") == ind)
        fig.add_trace(go.Scatter(
            x=part["period_start"].to_list(), y=_y(part["value"].to_list()), name=unit_name, legendgroup="unit",
            showlegend=k == 0, mode="lines+markers", connectgaps=False, line=dict(color=PRIMARY, width=2.5),
            marker=dict(size=5), hovertemplate="%{text}<extra></extra>",
            text=[_hover(f"{unit_name} — {labels[ind]}", p, v, None, lang=lang, decimals=decimals, unit=unit,
                         base=None) for p, v in zip(part["period"], part["value"])]), row=r, col=c)
        if means is not None:
            m = means.filter(pl.col("indicator_id") == ind)
            fig.add_trace(go.Scatter(
                x=m["period_start"].to_list(), y=_y(m["value"].to_list()), name=mean_label, legendgroup="mean",
                showlegend=k == 0, mode="lines", connectgaps=False, line=REFERENCE_STYLE["mean"],
                hovertemplate="%{text}<extra></extra>",
                text=[_hover(f"{mean_label} — {labels[ind]}", p, v, None, lang=lang, decimals=decimals, unit=unit,
                             base=None) for p, v in zip(m["period"], m["value"])]), row=r, col=c)
        if maxima and maxima.get(ind):
            fig.update_yaxes(range=[0, maxima[ind] * 1.02], row=r, col=c)
        axis = "" if k == 0 else str(k + 1)
        _add_events(fig, events, lang, xref=f"x{axis}", yref=f"y{axis} domain", label=k == 0,
                    periods=parts["period"].to_list())
    fig.update_annotations(font_size=12)
    fig.update_xaxes(**_ticks(parts["period"].to_list(), lang, most=5 if narrow else 6) if parts.height else {})
    fig.update_layout(hovermode="closest")
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=panel_px * rows, legend_items=2 if means is not None else 1, legend_columns=2,
                  above=26 + (16 if two_lines else 0), narrow=narrow)
