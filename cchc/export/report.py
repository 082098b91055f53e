"""The charts and the deck of one selection, built with the project's figure builders.

Pure: frames in (a league table and its ``meta``, the index scores, units,
optionally boundaries), figures and a :class:`~cchc.export.content.Deck` out.
The CLI's ``export`` command and the dashboard's "build presentation" action
both call these (:func:`deck_for`, :func:`chart_for` from a league of
:func:`cchc.selection.league_for`), so a scripted monthly report and a
download say the same.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import plotly.graph_objects as go
import polars as pl

from cchc.definitions import IndexDef
from cchc.metadata import LeagueMeta
from cchc.captions import in_sentence
from cchc.words import family, word
from cchc.export.content import ChartSlide, Deck, ProfileSlide
from cchc.figures.bars import ranked_bars
from cchc.figures.maps import point_map, province_map
from cchc.figures.scorecard import scorecard_bars
from cchc.figures.trends import trend_lines
from cchc.loading import DataFileError
from cchc.numbers import format_change, format_number
from cchc.periods import period_label, sort_key
from cchc.priorities import improvement_table, next_steps, standing, step_sentences, table_texts
from cchc.profile import scorecard
from cchc.selection import League, league_for
from cchc.series import display_names, reference_series, unit_series
from cchc.store import Store
from cchc.summaries import league_summary, profile_scope, unit_summary

COLUMN_ROWS = 22  # a slide column holds ~22 bars at a readable size


def _w(meta: LeagueMeta) -> dict[str, str]:
    """The deck's words (catalogue family ``deck``) in the language of ``meta``."""
    return family("deck", meta.lang)


def group_labels(table: pl.DataFrame, meta: LeagueMeta) -> dict[str, str]:
    """Group code → label, best first (the order of ``meta.group_colours``)."""
    if "group" not in table.columns:
        return {}
    found = {r["group"]: r["group_label"] for r in table.select("group", "group_label").drop_nulls().unique().to_dicts()}
    order = list(meta.group_colours or {}) or sorted(found)
    return {code: found[code] for code in order if code in found}


def bar_chart(table: pl.DataFrame, meta: LeagueMeta, *, highlight: str | Sequence[str] | None = None,
              mean: bool = True) -> go.Figure:
    """The ranked bars of the league table (all rows), with the mean as a reference line."""
    return ranked_bars(table, decimals=int(meta.decimals), title=meta.title, subtitle=meta.subtitle,
                       source_note=meta.source_note, lang=meta.lang, highlight=highlight,
                       mean=meta.mean if mean else None, group_colours=meta.group_colours or None,
                       x_min=float(meta.scale_min or 0.0))


def bar_columns(table: pl.DataFrame, meta: LeagueMeta, *, per_column: int = COLUMN_ROWS,
                highlight: str | Sequence[str] | None = None) -> list[go.Figure]:
    """The ranked bars split into side-by-side columns of at most ``per_column`` rows, on one value axis.

    Columns carry no mean line (its label would not fit a narrow column): the
    slide states the mean in its subtitle.
    """
    n = table.height
    if n == 0:
        return []
    cols = math.ceil(n / per_column)
    if cols == 1:
        return [bar_chart(table, meta, highlight=highlight)]
    size = math.ceil(n / cols)
    figs = [bar_chart(table.slice(i * size, size), meta, highlight=highlight, mean=False) for i in range(cols)]
    lo = float(meta.scale_min or 0.0)
    hi = table["score"].max()
    if hi is not None:
        hi = float(hi)
        for f in figs:  # one scale for every column; room for the value labels of a narrow column
            f.update_xaxes(range=[lo, hi + (hi - lo) * 0.3])
    return figs


def mean_text(meta: LeagueMeta) -> str:
    """``"Trung bình: 42,3605"`` (empty without a mean)."""
    if meta.mean is None:
        return ""
    return f"{_w(meta)['mean']}: {format_number(meta.mean, int(meta.decimals), meta.lang)}"


def map_chart(table: pl.DataFrame, meta: LeagueMeta, *, geojson: dict[str, Any] | None = None,
              units: pl.DataFrame | None = None, highlight: str | Sequence[str] | None = None) -> go.Figure:
    """A province choropleth (with ``geojson``) or, below province level, points at the units' centres."""
    labels = group_labels(table, meta)
    common = dict(group="group" if labels else None, group_labels=labels or None,
                  group_colours=dict(meta.group_colours) or None, title=meta.title,
                  subtitle=meta.subtitle, source_note=meta.source_note, lang=meta.lang,
                  decimals=int(meta.decimals), highlight=highlight)
    if meta.level == "province":
        if geojson is None:
            raise ValueError("a province map needs the boundaries (GeoJSON)")
        return province_map(table, geojson, **common)
    if units is None:
        raise ValueError("a point map needs the units table (centre points)")
    return point_map(table, units, geojson=geojson, **common)


def trend_chart(scores: pl.DataFrame, units: pl.DataFrame, unit_ids: Sequence[str], meta: LeagueMeta,
                definition: IndexDef) -> go.Figure:
    """The selected units over every period up to the selected one, with the mean and the best unit."""
    if not unit_ids:
        raise ValueError("a trend needs at least one unit (--units)")
    lang, ind = meta.lang, meta.indicator
    node = definition.node(ind)
    keep = [p for p in scores["period"].unique().to_list() if sort_key(p) <= sort_key(meta.period)]
    upto = scores.filter(pl.col("period").is_in(keep))
    series = unit_series(upto, list(unit_ids), ind)
    refs = reference_series(upto, ind, direction=node.direction, decimals=node.decimals)
    names = display_names(units, unit_ids, lang)
    periods = sorted(series["period"].unique().to_list(), key=sort_key)
    span = f"{period_label(periods[0], lang)} – {period_label(periods[-1], lang)}" if periods else ""
    w = _w(meta)
    return trend_lines(series, names=names, references=refs, reference_labels={"mean": w["mean"], "best": w["best"]},
                       title=f"{meta.short} — {w['trend']}: {', '.join(names.values())}",
                       subtitle=f"{span} · {meta.indicator_name} · {meta.unit}",
                       source_note=meta.source_note, lang=lang, decimals=node.decimals, unit=meta.unit)


def profile(scores: pl.DataFrame, units: pl.DataFrame, unit_id: str, meta: LeagueMeta,
            definition: IndexDef, *, chart_labels: str = "code") -> ProfileSlide:
    """One unit's scorecard (total and components: score, rank, peer mean, change) and its component chart.

    ``chart_labels``: ``"code"`` labels the chart's components by code (on a slide the table beside it
    names them), ``"name"`` by name (a chart on its own).
    """
    lang, period = meta.lang, meta.period
    w = _w(meta)
    name = display_names(units, [unit_id], lang).get(unit_id, unit_id)
    card = scorecard(scores, definition, unit_id, period)
    rows, facts = [], []
    for r in card.iter_rows(named=True):
        node = definition.node(r["indicator_id"])
        dec = node.decimals
        label = w["total"] if r["indicator_id"] == definition.id else node.label(lang)
        rank = f"{r['rank']}/{r['n_ranked']}" if r["rank"] is not None else "–"
        rows.append([label, format_number(r["value"], dec, lang), rank, format_number(r["peer_mean"], dec, lang),
                     format_change(r["change"], dec, lang)])
        if r["indicator_id"] == definition.id:
            facts = [(w["score"], format_number(r["value"], dec, lang)), (w["rank"], rank),
                     (w["change"], format_change(r["change"], dec, lang))]
    header = [w["component"], w["score"], w["rank"], w["peer_mean"], w["change"]]
    figure = _profile_figure(scores, card, unit_id, name, meta, definition, codes=chart_labels == "code")
    slide = ProfileSlide(unit=name, title=f"{w['profile']}: {name}", subtitle=f"{meta.short} · "
                         f"{period_label(period, lang)}", facts=facts, header=header, rows=rows, figure=figure,
                         notes=", ".join(f"{k}: {v}" for k, v in facts))
    _add_priorities(slide, scores, units, unit_id, meta, definition)
    return slide


def _add_priorities(slide: ProfileSlide, scores: pl.DataFrame, units: pl.DataFrame, unit_id: str, meta: LeagueMeta,
                    definition: IndexDef) -> None:
    """The unit's improvement priorities (:mod:`cchc.priorities`, peers as in its scorecard) on ``slide``."""
    if not definition.children(definition.id):
        return
    lang, period = meta.lang, meta.period
    now = standing(scores, definition, unit_id, period)
    steps = next_steps(now)
    targets = [u for t in steps["target"].drop_nulls().to_list() for u in t.split(", ")]
    names = display_names(units, [unit_id, *targets], lang)
    if now.scored:
        header, rows = table_texts(improvement_table(now), definition, lang)
        keep = [0, 1, 2, 3, 4, 6, 8]  # a slide's compact table: the ranks at the median / the best, not the totals
        slide.priority_header = [header[i] for i in keep]
        slide.priority_rows = [[r[i] for i in keep] for r in rows]
    slide.priorities = step_sentences(steps, definition, slide.unit, names=names, lang=lang,
                                      period=in_sentence(period_label(period, lang), lang))
    slide.priority_title = f"{word('prio.title', lang)}: {slide.unit}"


def build_deck(table: pl.DataFrame, meta: LeagueMeta, *, definition: IndexDef, scores: pl.DataFrame | None = None,
               units: pl.DataFrame | None = None, geojson: dict[str, Any] | None = None,
               unit_ids: Sequence[str] = (), charts: Sequence[str] = ("bar", "map", "trend", "profile"),
               profile_scores: pl.DataFrame | None = None) -> Deck:
    """Title, league table, ranked bars, map (when boundaries or points are available), trends and
    profiles of ``unit_ids`` (when given). ``profile_scores``: the scores the profiles read, when not
    ``scores`` (a period range: its summed scores; the trend stays monthly)."""
    w = _w(meta)
    deck = Deck(meta=meta, table=table)
    ranked = table.filter(pl.col("score").is_not_null()).height
    if "bar" in charts and ranked:
        deck.charts.append(ChartSlide(bar_columns(table, meta, highlight=list(unit_ids) or None),
                                      f"{meta.short} — {w['bars']}",
                                      " · ".join(x for x in (meta.subtitle, mean_text(meta)) if x),
                                      full=bar_chart(table, meta, highlight=list(unit_ids) or None)))
    if "map" in charts and ranked and (geojson is not None or (units is not None and meta.level != "province")):
        fig = map_chart(table, meta, geojson=geojson, units=units, highlight=list(unit_ids) or None)
        deck.charts.append(ChartSlide([fig], f"{meta.short} — {w['map']}", meta.subtitle, full=fig))
    if unit_ids and scores is not None and units is not None:
        if "trend" in charts:
            fig = trend_chart(scores, units, unit_ids, meta, definition)
            deck.charts.append(ChartSlide([fig], fig.layout.title.text.replace("<br>", " "),
                                          fig.layout.title.subtitle.text or "", full=fig))
        if "profile" in charts:
            card_scores = scores if profile_scores is None else profile_scores
            deck.profiles.extend(profile(card_scores, units, u, meta, definition) for u in unit_ids)
    return deck


def _profile_figure(scores: pl.DataFrame, card: pl.DataFrame, unit_id: str, name: str, meta: LeagueMeta,
                    definition: IndexDef, *, codes: bool = True) -> go.Figure | None:
    """The profile page's scorecard bars (share of each component's maximum, peer mean marked), labelled
    by component code — the slide's table next to it names them."""
    children = definition.children(definition.id)
    if not children:
        return None
    lang, period = meta.lang, meta.period
    w = _w(meta)
    labels = {n.indicator_id: (n.code or n.label(lang)) if codes else n.label(lang) for n in children}
    title = f"{meta.short} — {w['profile']}: {name}"
    subtitle = f"{period_label(period, lang)} · " + w["pct_of_max"]
    fig = scorecard_bars(card, labels=labels, unit_name=name, title=title, subtitle=subtitle,
                         source_note=meta.source_note, mean_label=w["peer_mean"], lang=lang,
                         decimals=definition.decimals, unit=meta.unit)
    fig.update_yaxes(type="category")  # codes "1"…"8" are names, not numbers
    if codes:  # short codes fit beside the bars: a compact chart for a slide's narrow, low picture
        fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "label"]
        fig.update_yaxes(showticklabels=True, ticks="", ticklabelstandoff=6)
    # an annotation's "1" on a category axis is read as the position 1 (the second row): place the
    # remaining notes by their row number
    rows = list(fig.layout.yaxis.categoryarray or [])
    for a in fig.layout.annotations:
        if a.yref == "y" and a.y in rows:
            a.y = rows.index(a.y)
    return fig


# ------------------------------------------------------------------ from a league (the CLI and the dashboard)
def boundaries(store: Store, league: League, *, required: bool = False) -> dict[str, Any] | None:
    """The province boundaries of the league's geography, or None when the file is missing or broken (a deck
    then has no map slide). ``required`` (a map asked for on its own) raises :class:`cchc.loading.DataFileError`."""
    try:
        return store.geojson(league.scope.period_geography)
    except DataFileError:
        if required:
            raise
        return None


def history_meta(league: League) -> LeagueMeta:
    """The league's metadata for a chart of every period (trends, profiles): marked demo when any period is."""
    return league.meta.marked_demo() if league.scope.demo_history else league.meta


def deck_for(store: Store, league: League, *, unit_ids: Sequence[str] = (),
             charts: Sequence[str] = ("bar", "map", "trend", "profile"), with_table: bool = True) -> Deck:
    """The deck of a league: its table (unless ``with_table`` is False), bars, map, and trends and
    profiles of ``unit_ids``."""
    geojson = boundaries(store, league) if league.selection.level in ("province", "commune") else None
    scope = league.scope
    ranged = scope.source.rows([scope.period]) if scope.span is not None and unit_ids else None  # a period range
    history = bool(unit_ids) and bool({"trend", "profile"} & set(charts))  # their charts show every period
    meta = history_meta(league) if history else league.meta
    deck = build_deck(league.table, meta, definition=scope.definition, scores=scope.scores,
                      units=store.units, geojson=geojson, unit_ids=list(unit_ids), charts=charts,
                      profile_scores=ranged)
    if not with_table:
        deck.table = None
    deck.summary = league_summary(league)
    whole = league_for(store, profile_scope(league.scope)) if league.is_scoped and deck.profiles else league
    for prof, unit_id in zip(deck.profiles, unit_ids):  # ranked among all units, as the profile's scorecard
        prof.summary = unit_summary(whole, unit_id)
    return deck


def chart_for(store: Store, league: League, chart: str, *, unit_ids: Sequence[str] = ()) -> go.Figure | None:
    """One chart of a league: ``bar``, ``map``, ``trend`` (needs ``unit_ids``) or ``profile`` (the first of
    ``unit_ids``; None when the index has no components)."""
    table, meta, scope = league.table, league.meta, league.scope
    highlight = list(unit_ids) or None
    if chart == "bar":
        return bar_chart(table, meta, highlight=highlight)
    if chart == "map":
        return map_chart(table, meta, geojson=boundaries(store, league, required=league.selection.level == "province"),
                         units=store.units, highlight=highlight)
    if chart in ("trend", "profile"):  # every period is drawn
        meta = history_meta(league)
    if chart == "trend":
        return trend_chart(scope.scores, store.units, list(unit_ids), meta, scope.definition)
    if chart == "profile":
        return profile(scope.scores, store.units, unit_ids[0], meta, scope.definition, chart_labels="name").figure
    raise ValueError(f"unknown chart {chart!r}: use bar, map, trend or profile")
