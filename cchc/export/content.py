"""What a presentation says, independent of its medium (PowerPoint or PDF handout).

A :class:`Deck` is a league table with its ``meta`` (:class:`cchc.metadata.LeagueMeta`),
chart slides and unit-profile slides. :func:`slides` lays it out in order —
title, league table split into pages, charts, profiles — each with its speaker
notes, which always end with the source note (and the demo mark when the data
are demo data). ``cchc.export.deck`` renders the slides to PPTX and
``cchc.export.handout`` to PDF, so both carry the same content.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl

from cchc.captions import DEMO_MARK
from cchc.conventions import coverage_note, rank_move
from cchc.export.images import export_date_text
from cchc.metadata import LeagueMeta
from cchc.words import family
from cchc.numbers import format_change, format_number

ROWS_PER_SLIDE = 16


@dataclass
class ChartSlide:
    """One chart; several figures are shown side by side (a long ranking in columns)."""

    figures: list[go.Figure]
    title: str
    subtitle: str = ""
    notes: str = ""
    full: go.Figure | None = None  # the whole chart as one figure (the handout prints it on one page)


@dataclass
class ProfileSlide:
    """One unit: a few headline facts, a scorecard table and an optional chart."""

    unit: str
    title: str
    subtitle: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    figure: go.Figure | None = None
    notes: str = ""
    # improvement priorities (cchc.priorities): a slide of their own after the profile, when given
    priority_title: str = ""
    priority_header: list[str] = field(default_factory=list)
    priority_rows: list[list[str]] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    summary: str = ""  # the unit's paragraph for a report (cchc.summaries.unit_summary): in its notes


@dataclass
class Deck:
    meta: LeagueMeta
    table: pl.DataFrame | None = None
    charts: list[ChartSlide] = field(default_factory=list)
    profiles: list[ProfileSlide] = field(default_factory=list)
    rows_per_slide: int = ROWS_PER_SLIDE
    summary: str = ""  # the league's paragraph for a report (cchc.summaries.league_summary): in its notes


@dataclass
class Slide:
    kind: str  # title | table | chart | profile | priorities
    title: str
    subtitle: str
    notes: str
    rows: list[dict[str, Any]] = field(default_factory=list)  # table: the rows of this page
    chart: ChartSlide | None = None
    profile: ProfileSlide | None = None


def chunks(n: int, per: int = ROWS_PER_SLIDE) -> list[tuple[int, int]]:
    """Split ``n`` rows into the fewest pages of at most ``per`` rows, as even as possible: 63 → 16, 16, 16, 15."""
    if n <= 0:
        return []
    pages = math.ceil(n / per)
    size, extra = divmod(n, pages)
    out, start = [], 0
    for i in range(pages):
        stop = start + size + (1 if i < extra else 0)
        out.append((start, stop))
        start = stop
    return out


def source_notes(meta: LeagueMeta, exported: date, lang: str) -> str:
    """The closing paragraph of every slide's notes: source note, demo mark, export date."""
    note = meta.source_note or ""
    if meta.demo and DEMO_MARK[lang] not in note:
        note = f"{note} {DEMO_MARK[lang]}.".strip()
    return f"{note}\n{export_date_text(exported, lang)}".strip()


def table_words(lang: str) -> dict[str, str]:
    """The slide table's words (catalogue family ``slide``): column headers, "League table", "ranks", "page"."""
    return family("slide", lang)


def table_cells(row: dict[str, Any], decimals: int, lang: str) -> dict[str, str]:
    """One league row as the texts a slide shows (Vietnamese number style)."""
    moved = rank_move(row.get("rank_change"), row.get("moved"), lang)
    note = row.get("reason") or ""
    if row.get("score") is not None:
        note = coverage_note(row.get("n_used"), row.get("n_sources"), lang) or ""
    return {
        "rank": "" if row.get("rank") is None else str(row["rank"]),
        "unit": row.get("unit") or "",
        "score": format_number(row.get("score"), decimals, lang),
        "missing": row.get("score") is None,
        "change": format_change(row.get("change"), decimals, lang),
        "moved": moved,
        "group": row.get("group_label") or "",
        "group_code": row.get("group"),
        "note": note,
    }


def slides(deck: Deck, exported: date) -> list[Slide]:
    """The slides of ``deck`` in order, each with its notes."""
    meta = deck.meta
    lang = meta.lang
    w = table_words(lang)
    closing = source_notes(meta, exported, lang)

    def notes(*parts: str) -> str:
        return "\n\n".join([p for p in parts if p] + [closing])

    has_table = deck.table is not None and deck.table.height
    out = [Slide("title", meta.title, meta.subtitle,
                 notes(meta.summary_text, "" if has_table else deck.summary, meta.method))]
    if has_table:
        rows = deck.table.to_dicts()
        pages = chunks(len(rows), deck.rows_per_slide)
        decimals = int(meta.decimals)
        for i, (a, b) in enumerate(pages, start=1):
            first, last = rows[a].get("rank"), rows[b - 1].get("rank")
            span = f"{w['ranks']} {first}–{last}" if first is not None and last is not None else \
                f"{w['page']} {i}/{len(pages)}"
            title = f"{meta.short} — {w['league']}" + (f" ({i}/{len(pages)})" if len(pages) > 1 else "")
            cells = [table_cells(r, decimals, lang) for r in rows[a:b]]
            out.append(Slide("table", title, meta.subtitle,
                             notes(f"{w['league']}: {span} · {meta.summary_text}", deck.summary if i == 1 else ""),
                             rows=cells))
    for chart in deck.charts:
        out.append(Slide("chart", chart.title, chart.subtitle, notes(chart.notes), chart=chart))
    for prof in deck.profiles:
        out.append(Slide("profile", prof.title, prof.subtitle, notes(prof.notes, prof.summary), profile=prof))
        if prof.priority_rows or prof.priorities:
            out.append(Slide("priorities", prof.priority_title, prof.subtitle, notes("\n".join(prof.priorities)),
                             profile=prof))
    return out


def legend_rows(fig: go.Figure, width: float) -> int:
    """Rows a horizontal legend of ``fig`` takes in ``width`` px, entries sized by their text."""
    size = (fig.layout.legend.font.size if fig.layout.legend.font and fig.layout.legend.font.size else 12)
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    rows, used = (1 if names else 0), 0.0
    for name in dict.fromkeys(names):
        w = 40 + 0.58 * size * len(name)
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def bare(fig: go.Figure, *, legend: bool = True, width: float | None = None) -> go.Figure:
    """A copy of ``fig`` without its title, subtitle and source note (the slide shows them as text).

    ``width`` (px) sizes the room above the plot for a horizontal legend.
    """
    out = go.Figure(fig)
    out.update_layout(title=dict(text="", subtitle=dict(text="")), template="cchc")
    keep = [a for a in out.layout.annotations
            if not (a.xref == "paper" and a.yref == "paper" and a.y == 0 and a.yanchor == "top" and a.x == 0)]
    out.layout.annotations = keep
    has_legend = legend and any(t.showlegend is not False and t.name for t in out.data)
    before = (fig.layout.margin.t, fig.layout.margin.b)
    horizontal = has_legend and out.layout.legend.orientation == "h"
    sides = (out.layout.margin.l or 0) + (out.layout.margin.r or 0)  # Plotly wraps the legend at the plot's width
    rows = legend_rows(out, max(100.0, width - sides)) if horizontal and width else 1
    margin = dict(t=12 + 28 * rows if has_legend else 12, b=16)
    # keep the figure's side margins (its axis labels may need them) and let Plotly make room for what it draws
    out.update_layout(margin=dict(**margin, autoexpand=True), showlegend=has_legend)
    if horizontal:  # a narrow picture: entries sized by their text (not fractions of the width), wrapped
        out.update_layout(legend=dict(entrywidth=0, entrywidthmode="pixels"))
    if fig.layout.height and None not in before:  # keep the plot's own height (maps zoom to it)
        out.update_layout(height=fig.layout.height - sum(before) + margin["t"] + margin["b"])
    if not legend:
        for t in out.data:
            t.showlegend = False
    return out
