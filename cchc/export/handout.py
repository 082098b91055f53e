"""A print-ready PDF handout of a deck: the same slides as A4 pages.

Every page is a Plotly figure rendered to PDF by the kept-running browser
(:func:`cchc.export.images.figure_bytes`), so Vietnamese text is real,
searchable text in Noto Sans; the pages are joined with pypdf. Landscape A4,
except a chart taller than it is wide (a ranking of 63 provinces), which gets
a portrait page so every row stays readable. Each page carries its title,
subtitle, source note, the demo mark where relevant and the export date.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date
from typing import Any, Callable

import plotly.graph_objects as go
from pypdf import PdfReader, PdfWriter
from plotly.subplots import make_subplots

from cchc.captions import DEMO_MARK
from cchc.export.content import Deck, ProfileSlide, Slide, slides, table_words
from cchc.export.images import export_date_text, figure_bytes, stamp_figure
from cchc.figures import captioned
from cchc.figures.layout import wrap
from cchc.metadata import LeagueMeta
from cchc.theme import INK, MUTED
from cchc.words import word

A4_LANDSCAPE = (1123, 794)  # CSS px at 96 dpi = 297 × 210 mm
A4_PORTRAIT = (794, 1123)
TABLE_KEYS = ["rank", "unit", "score", "change", "moved", "group", "note"]
TABLE_WIDTHS = [0.7, 2.6, 1.2, 1.2, 0.9, 2.0, 3.0]


def _title_page(s: Slide, meta: LeagueMeta, exported: date, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template="cchc", xaxis_visible=False, yaxis_visible=False, margin=dict(l=60, r=60, t=60, b=60))
    lines = [(s.title, 30, INK, 0.62, True), (s.subtitle, 16, MUTED, 0.5, False),
             (export_date_text(exported, lang), 14, MUTED, 0.42, False)]
    if meta.demo:
        lines.append((DEMO_MARK[lang], 15, "#D55E00", 0.34, True))
    if meta.summary_text:
        lines.append((meta.summary_text, 14, INK, 0.26, False))
    for text, size, colour, y, bold in lines:
        fig.add_annotation(text=f"<b>{text}</b>" if bold else text, x=0, y=y, xref="paper", yref="paper",
                           xanchor="left", showarrow=False, align="left", font=dict(size=size, color=colour))
    fig.add_annotation(text=meta.source_note, x=0, y=0.02, xref="paper", yref="paper", xanchor="left",
                       yanchor="bottom", showarrow=False, align="left", font=dict(size=11, color=MUTED))
    return fig


def _table_page(s: Slide, meta: LeagueMeta, lang: str) -> go.Figure:
    w = table_words(lang)
    keys = [k for k in TABLE_KEYS if k != "note" or any(r.get("note") for r in s.rows)]
    colours = meta.group_colours or {}
    fills = []
    fonts = []
    for k in keys:
        if k == "group":
            fills.append([colours.get(r.get("group_code"), "white") for r in s.rows])
            fonts.append([_ink_on(colours[r["group_code"]]) if r.get("group_code") in colours else INK for r in s.rows])
        else:
            fills.append(["#F3F4F6" if i % 2 else "white" for i in range(len(s.rows))])
            fonts.append([INK] * len(s.rows))
    align = ["right" if k in ("rank", "score", "change") else "center" if k == "moved" else "left" for k in keys]
    fig = go.Figure(go.Table(
        columnwidth=[TABLE_WIDTHS[TABLE_KEYS.index(k)] for k in keys],
        header=dict(values=[f"<b>{w[k]}</b>" for k in keys], fill_color=INK, font=dict(color="white", size=13),
                    align=align, height=30),
        cells=dict(values=[[r.get(k, "") for r in s.rows] for k in keys], fill_color=fills,
                   font=dict(color=fonts, size=12), align=align, height=27, line=dict(color="#E5E7EB"))))
    return captioned(fig, title=s.title, subtitle=s.subtitle, source_note=meta.source_note, lang=lang)


def _ink_on(fill: str) -> str:
    r, g, b = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "white"


def _profile_page(s: Slide, prof: ProfileSlide, meta: LeagueMeta, lang: str) -> go.Figure:
    with_chart = prof.figure is not None
    fig = make_subplots(rows=1, cols=2 if with_chart else 1, column_widths=[0.58, 0.42] if with_chart else None,
                        specs=[[{"type": "table"}, {"type": "xy"}]] if with_chart else [[{"type": "table"}]],
                        horizontal_spacing=0.1)
    n = len(prof.header)
    fig.add_trace(go.Table(
        columnwidth=[3.2] + [1.0] * (n - 1),
        header=dict(values=[f"<b>{h}</b>" for h in prof.header], fill_color=INK, font=dict(color="white", size=12),
                    align=["left"] + ["right"] * (n - 1)),
        cells=dict(values=[[r[j] for r in prof.rows] for j in range(n)], font=dict(size=11, color=INK),
                   align=["left"] + ["right"] * (n - 1), height=24,
                   fill_color=[["#F3F4F6" if i % 2 else "white" for i in range(len(prof.rows))]] * n)),
        row=1, col=1)
    if with_chart:
        for trace in prof.figure.data:
            fig.add_trace(trace, row=1, col=2)
        # the chart's own axes (the scorecard: value axis 0–100 %, components top to bottom) and its
        # labels above the bars; the table's column has no axes, so the chart's x/y are the page's x/y
        for axis, update in (("xaxis", fig.update_xaxes), ("yaxis", fig.update_yaxes)):
            spec = prof.figure.layout[axis].to_plotly_json()
            update(**{k: v for k, v in spec.items() if k not in ("domain", "anchor")}, row=1, col=2)
        for a in prof.figure.layout.annotations:
            if a.xref == "x" and a.yref == "y":
                fig.add_annotation(a)
        fig.update_layout(showlegend=False)
    facts = "   ·   ".join(f"{k}: {v}" for k, v in prof.facts)
    subtitle = " · ".join(x for x in (s.subtitle, facts) if x)
    return captioned(fig, title=s.title, subtitle=subtitle, source_note=meta.source_note, lang=lang)


SUMMARY_TOP = 0.3  # a profile page with its report paragraph keeps its table and chart above this height


def _paragraph(fig: go.Figure, text: str, *, y: float, size: int, width: int) -> go.Figure:
    """``text`` wrapped at ``width`` characters, left-aligned from the top at ``y`` (paper)."""
    fig.add_annotation(text=wrap(text, width), x=0, y=y, xref="paper", yref="paper", xanchor="left", yanchor="top",
                       showarrow=False, align="left", font=dict(size=size, color=INK))
    return fig


def _summary_page(text: str, meta: LeagueMeta, lang: str) -> go.Figure:
    """The league's paragraph for a report (:mod:`cchc.summaries`) on a page of its own, after the table."""
    fig = go.Figure()
    fig.update_layout(template="cchc", xaxis_visible=False, yaxis_visible=False)
    _paragraph(fig, text, y=1.0, size=15, width=120)
    return captioned(fig, title=word("summary_box.title", lang), subtitle=meta.subtitle,
                     source_note=meta.source_note, lang=lang)


def _with_summary(fig: go.Figure, text: str) -> go.Figure:
    """A profile page with its table and chart moved up and the unit's paragraph under them."""
    fig.update_traces(domain=dict(y=[SUMMARY_TOP, 1.0]), selector=dict(type="table"))
    fig.update_yaxes(domain=[SUMMARY_TOP, 1.0])
    return _paragraph(fig, text, y=SUMMARY_TOP - 0.06, size=13, width=140)


def _priorities_page(s: Slide, prof: ProfileSlide, meta: LeagueMeta, lang: str) -> go.Figure:
    """The improvement priorities: the sentences above the compact table (as on the slide)."""
    lines = [line for sentence in prof.priorities for line in textwrap.wrap(f"• {sentence}", 150)]
    share = min(0.45, 0.05 * len(lines) + 0.04) if lines else 0.0
    fig = go.Figure()
    if prof.priority_rows:
        n = len(prof.priority_header)
        fig.add_trace(go.Table(
            domain=dict(x=[0, 1], y=[0, 1 - share]), columnwidth=[3.2] + [1.0] * (n - 1),
            header=dict(values=[f"<b>{h}</b>" for h in prof.priority_header], fill_color=INK,
                        font=dict(color="white", size=12), align=["left"] + ["right"] * (n - 1)),
            cells=dict(values=[[r[j] for r in prof.priority_rows] for j in range(n)], font=dict(size=11, color=INK),
                       align=["left"] + ["right"] * (n - 1), height=24,
                       fill_color=[["#F3F4F6" if i % 2 else "white" for i in range(len(prof.priority_rows))]] * n)))
    if lines:
        fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=1, xanchor="left",
                           yanchor="top", align="left", showarrow=False, font=dict(size=13, color=INK))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return captioned(fig, title=s.title, subtitle=s.subtitle, source_note=meta.source_note, lang=lang)


def _chart_page(s: Slide, lang: str) -> tuple[go.Figure, tuple[int, int]]:
    chart = s.chart
    assert chart is not None
    fig = chart.full if chart.full is not None else chart.figures[0]
    tall = (fig.layout.height or 0) > 1000
    return fig, A4_PORTRAIT if tall else A4_LANDSCAPE


def pages(deck: Deck, exported: date) -> list[tuple[go.Figure, tuple[int, int]]]:
    """The handout's pages: stamped figures and their page sizes (CSS px)."""
    meta = deck.meta
    lang = meta.lang
    out = []
    laid_out = slides(deck, exported)
    last_table = max((i for i, s in enumerate(laid_out) if s.kind == "table"), default=None)
    for i, s in enumerate(laid_out):
        size = A4_LANDSCAPE
        if s.kind == "title":
            fig = _title_page(s, meta, exported, lang)
            out.append((fig, size))  # its own date and demo mark
            continue
        if s.kind == "table":
            fig = _table_page(s, meta, lang)
        elif s.kind == "chart":
            fig, size = _chart_page(s, lang)
        elif s.kind == "priorities" and s.profile is not None:
            fig = _priorities_page(s, s.profile, meta, lang)
        else:
            assert s.profile is not None
            fig = _profile_page(s, s.profile, meta, lang)
            if s.kind == "profile" and s.profile.summary:
                fig = _with_summary(fig, s.profile.summary)
        out.append((stamp_figure(fig, lang=lang, demo=bool(meta.demo), exported=exported, width=size[0],
                                 height=size[1]), size))
        if i == last_table and deck.summary:
            out.append((stamp_figure(_summary_page(deck.summary, meta, lang), lang=lang, demo=bool(meta.demo),
                                     exported=exported, width=size[0], height=size[1]), size))
    return out


def handout_pdf(deck: Deck, *, exported: date | None = None,
                progress: Callable[[int, int], None] | None = None) -> bytes:
    """The deck as one PDF (A4 pages, real text). ``progress(done, total)`` is called after each page."""

    exported = exported or date.today()
    writer = PdfWriter()
    drawn = pages(deck, exported)
    for n, (fig, (width, height)) in enumerate(drawn, start=1):
        writer.append(PdfReader(io.BytesIO(figure_bytes(fig, "pdf", width=width, height=height))))
        if progress is not None:
            progress(n, len(drawn))
    writer.add_metadata({"/Title": deck.meta.title, "/Subject": deck.meta.subtitle,
                         "/Creator": "CCHC dashboard"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
