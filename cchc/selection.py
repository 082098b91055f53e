"""One pipeline from a selection to a league table and its metadata.

A frozen :class:`Selection` says what a user (a page's widgets, a command
line, a presentation) chose. :func:`scope_for` resolves it against a
:class:`~cchc.store.Store` — the index definition, the scores at the chosen
level and boundaries, the period — into a :class:`Scope`; :func:`league_for`
turns it into a :class:`League`: the league tables (every unit, the scoped
units, the rows shown), the typed :class:`~cchc.metadata.LeagueMeta`, the
filter words of the subtitle, and where "my unit" stands. The dashboard, the
command line (``rank``/``export``), the deck, the handout and the presentation
view all call :func:`league_for`, so they cannot disagree.

Filtering never re-ranks: a unit keeps the rank it has among the units of
its region/parent scope, so "search a unit" or "only group A" shows the same
ranks as the whole table. Units not scored (null score, null rank) stay in
every filter that does not select on the score, and are never turned into 0.

A monthly index of counts also takes a period range (``"2025-Q3"``, ``"2025"``, ``"2025-YTD"``,
``"2025-07..2025-12"``; :mod:`cchc.ranges`): it is scored from the sum of its months' counts
(:mod:`cchc.range_scores`), compared with the range before it, and labelled as a range.

>>> from cchc.store import Store
>>> league = league_for(Store(), Selection(index="papi", period="2023", top=5))
>>> league.table["unit"].to_list()[:2], league.meta.n_ranked, league.gap
(['Thừa Thiên Huế', 'Thái Nguyên'], 10, 5)
>>> league_for(Store(), Selection(index="svc766", period="2026-Q1")).meta.period_label
'Quý I/2026'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from cchc import captions
from cchc.definitions import IndexDef
from cchc.league import filter_league, league_table, regional_means, top_bottom
from cchc.metadata import LeagueMeta, league_meta
from cchc.numbers import format_number
from cchc.periods import grain_of, parse_period, period_label
from cchc.placement import counterparts, unit_presence
from cchc.range_scores import NotSummableError
from cchc.ranges import MonthRange, is_range, previous_range, spans_of
from cchc.scores import ScoreSource
from cchc.store import Store, UnknownDatasetError
from cchc.tables import HISTORY_PERIODS, history_periods, unique_labels
from cchc.words import word

AUTO_ALL = 80   # "auto" shows every unit up to this many ranked units, else the top and bottom 20
AUTO_TOP = 20
Top = int | Literal["auto"] | None


class SelectionError(ValueError):
    """A selection the data cannot answer (unknown index, level, component or period; a parent not found)."""


@dataclass(frozen=True)
class Selection:
    """What was chosen. ``None`` means "the default": the index's first level with
    data, the latest period, the total, the boundaries as published, no filter.

    ``top``: ``None`` every row, ``n`` the best and worst ``n`` ranked rows,
    ``"auto"`` every row up to :data:`AUTO_ALL` ranked units, else the top and bottom 20.
    ``unit`` is "my unit" (an id, on either boundary set). ``dataset`` restricts the index
    to one dataset (``None``: imported rows where they exist, bundled rows elsewhere).
    """

    index: str
    period: str | None = None
    level: str | None = None
    indicator: str | None = None
    geography: str | None = None
    region: str | None = None
    parent: str | None = None
    group: str | None = None
    query: str | None = None
    unit: str | None = None
    top: Top = None
    lang: str = "vi"
    dataset: str | None = None

    def replace(self, **changes: object) -> "Selection":
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Scope:
    """A selection resolved on the data: its definition and where its scores are, with every default filled in.

    ``source`` reads the scores by period and indicator (only what is asked for is computed);
    ``scores`` is every period's scores (:func:`cchc.scores.index_scores` output), for views of the
    whole history. Neither is kept in the scope: the store keeps them, bounded, for every caller.

    For a period range of a monthly index (``period`` ``"2025-Q3"``, ``"2025-YTD"``, ``"2025-07..2025-12"``)
    ``span`` is the range (a year to date cut at the latest month with data) and ``covered`` its months
    that have data; ``source`` then also answers the range (:class:`~cchc.range_scores.RangeScores`), while
    ``scores`` and :meth:`periods` stay monthly (trends).

    ``demo`` is True when any figure of the league is demo data: its period (a range: its months) and the
    periods its changes and sparklines are read from (:func:`cchc.tables.history_periods`; a range: the
    previous range). :attr:`demo_history` says the same of every period, for views of the whole history.
    """

    selection: Selection
    definition: IndexDef
    demo: bool
    store: Store = field(repr=False, compare=False)
    span: MonthRange | None = None
    covered: tuple[str, ...] = ()

    index = property(lambda self: self.selection.index)
    period = property(lambda self: self.selection.period)
    level = property(lambda self: self.selection.level)
    indicator = property(lambda self: self.selection.indicator)
    geography = property(lambda self: self.selection.geography)
    lang = property(lambda self: self.selection.lang)

    @property
    def source(self) -> ScoreSource:
        """The scores of the selection's index, level, boundaries and dataset, read by period and indicator."""
        sel = self.selection
        if self.span is not None:
            return self.store.range_source(sel.index, sel.level, sel.geography, sel.dataset)
        return self.store.source(sel.index, sel.level, sel.geography, sel.dataset)

    @property
    def demo_history(self) -> bool:
        """True when any period of the index (of the selection's dataset) shows demo data (trends, profiles)."""
        return self.store.is_demo(self.index, dataset=self.selection.dataset)

    @property
    def period_label(self) -> str:
        """The period in words: ``"Tháng 7/2025"``, ``"Quý III/2025"``, ``"Từ đầu năm đến Tháng 8/2025"``."""
        return self.span.label(self.lang) if self.span is not None else period_label(self.period, self.lang)

    def range_note(self) -> str | None:
        """For a range: ``"Cộng dồn số liệu các tháng (… 6/6 tháng có số liệu) …"``; None for one period."""
        if self.span is None or not self.covered:
            return None
        return word("range.summed_note", self.lang, first=period_label(self.covered[0], self.lang),
                    last=period_label(self.covered[-1], self.lang), have=len(self.covered), total=len(self.span.months))

    @property
    def scores(self) -> pl.DataFrame:
        """Every period's scores (computed for the whole history the first time one scope asks)."""
        return self.source.frame()

    def scores_by(self, grain: str) -> pl.DataFrame:
        """:attr:`scores` by ``grain``: ``"month"`` as they are; ``"quarter"`` or ``"year"`` (a monthly index of
        counts, :meth:`Store.sums_months`) every quarter or year with data, each scored from its months' summed
        counts (:mod:`cchc.range_scores`; a quarter with fewer months of data says so in its units' notes)."""
        if grain == "month":
            return self.scores
        sel = self.selection
        source = self.store.range_source(sel.index, sel.level, sel.geography, sel.dataset)
        return source.rows(spans_of(source.months(), grain))

    @property
    def period_geography(self) -> str:
        """The boundaries the chosen period is shown on (vn63 or vn34)."""
        return self.source.geography(self.period) or (self.geography or "vn34")

    @property
    def reexpressed(self) -> bool:
        return self.source.reexpressed(self.period)

    @property
    def node(self):
        return self.definition.node(self.indicator)

    def narrowed(self, **changes: object) -> "Scope":
        """The same scope with other filters (region, parent, group, query, unit, top): nothing is reloaded."""
        return dataclasses.replace(self, selection=self.selection.replace(**changes))

    def periods(self) -> list[str]:
        """Every period with scores, oldest first."""
        return self.source.period_list()

    def title(self, indicator: str | None = None) -> str:
        return captions.title(self.definition, indicator or self.indicator, self.lang)

    def subtitle(self, filters: list[str] | tuple[str, ...] = (), period: str | None = None,
                 period_text: str | None = None) -> str:
        if period_text is None and period is None and self.span is not None:
            period_text = self.period_label
        return captions.subtitle(self.definition, period=period or self.period, level=self.level,
                                 geography=self.period_geography, reexpressed=self.reexpressed,
                                 filters=list(filters), lang=self.lang, period_text=period_text)

    def source_note(self) -> str:
        note = captions.source_note(self.definition, demo=self.demo, lang=self.lang)
        return f"{note} {self.range_note()}" if self.span is not None and self.range_note() else note


@dataclass(frozen=True)
class League:
    """The league tables of a scope: ``full`` (every unit of the level, ranked among all),
    ``scoped`` (region/parent applied, ranked within them) and ``table`` (``scoped`` filtered
    by group, search and top/bottom N, with unique ``label``s: exactly what is shown), with
    its :class:`LeagueMeta`. ``gap`` is the number of rows of the top block when only the
    top and bottom N are shown; ``presence`` where "my unit" is
    (:func:`unit_presence`); ``highlight`` the ids to mark."""

    scope: Scope
    full: pl.DataFrame
    scoped: pl.DataFrame
    table: pl.DataFrame
    meta: LeagueMeta
    filters: tuple[str, ...] = ()
    gap: int | None = None
    top: int | None = None
    presence: str | None = None
    highlight: tuple[str, ...] = field(default_factory=tuple)

    @property
    def selection(self) -> Selection:
        return self.scope.selection

    @property
    def is_scoped(self) -> bool:
        return bool(self.selection.region or self.selection.parent)

    @property
    def palette(self) -> dict[str, str]:
        return dict(self.meta.group_colours)


# ------------------------------------------------------------------ the pipeline
def scope_for(store: Store, selection: Selection) -> Scope:
    """Resolve ``selection``: check the index, level and component, fill the defaults, load the scores.

    Raises :class:`SelectionError` with a sentence naming what exists, and
    :class:`cchc.reexpress.ReexpressError` when the boundaries cannot be re-expressed.
    """
    try:
        d = store.definition(selection.index)
    except LookupError as exc:
        raise SelectionError(str(exc)) from None
    try:
        levels = store.levels_with_data(d.id, selection.dataset) or list(d.levels)
    except UnknownDatasetError as exc:
        raise SelectionError(str(exc)) from None
    level = selection.level or levels[0]
    if level not in d.levels:
        raise SelectionError(f"index {d.id!r} scores {', '.join(d.levels)}, not {level!r}")
    indicator = d.id
    if selection.indicator:
        indicator = selection.indicator if selection.indicator.startswith(d.id) else f"{d.id}.{selection.indicator}"
        if indicator not in d:
            raise SelectionError(f"index {d.id!r} has no component {selection.indicator!r}")
    if selection.period is not None and is_range(selection.period) and (
            d.grain == "month" or _grain(selection.period) not in (None, d.grain)):
        return _range_scope(store, selection, d, levels, indicator)
    source = store.source(d.id, level, selection.geography, selection.dataset)
    periods = source.period_list()
    period = selection.period or (periods[-1] if periods else None)
    if period is None:
        raise SelectionError(f"no {d.id} data at {level} level")
    parse_period(period)
    if period not in periods:
        where = f" on {selection.geography}" if selection.geography else ""
        raise SelectionError(f"no {d.id} data at {level} level for period {period}{where}; "
                             f"available: {', '.join(periods) if periods else 'none'}")
    resolved = selection.replace(level=level, indicator=indicator, period=period)
    shown = history_periods(source, indicator, period, HISTORY_PERIODS) or [period]  # sparklines, changes
    return Scope(selection=resolved, definition=d, demo=store.demo_in(d.id, shown, dataset=selection.dataset),
                 store=store)


def _grain(period: str) -> str | None:
    try:
        return grain_of(period)
    except ValueError:
        return None


def _range_scope(store: Store, selection: Selection, d: IndexDef, levels: list[str], indicator: str) -> Scope:
    """The scope of a period range (:mod:`cchc.ranges`) of a monthly index whose inputs are counts. Without a
    level chosen, the first level whose data are counts (not published scores). Raises :class:`SelectionError`
    (in the selection's language, naming the value) for an index not published as monthly counts, a range
    that is not one, a range with no month of data, or a level whose data are published scores."""
    lang, text = selection.lang, selection.period
    what = {"index": d.short(lang), "period": text}
    if d.grain != "month" or not d.leaf_inputs():
        raise SelectionError(word("range.refused_grain", lang, grain=word(f"grain.{d.grain}", lang), **what))
    candidates = [selection.level] if selection.level else levels
    refused: list[SelectionError] = []
    for level in candidates:
        if level not in d.levels:
            raise SelectionError(f"index {d.id!r} scores {', '.join(d.levels)}, not {level!r}")
        source = store.range_source(d.id, level, selection.geography, selection.dataset)
        at = {**what, "level": captions.level_label(level, lang).lower()}
        try:
            span = source.resolve(text)
        except ValueError:
            raise SelectionError(word("range.invalid", lang, period=text)) from None
        covered = source.covered(span)
        if not covered:
            refused.append(SelectionError(word("range.no_data", lang, **at)))
            continue
        try:
            source.range_rows(text)
        except NotSummableError:
            refused.append(SelectionError(word("range.refused_scores", lang, **at)))
            continue
        resolved = selection.replace(level=level, indicator=indicator, period=span.text)
        demo = store.demo_in(d.id, [*covered, *previous_range(span).months], dataset=selection.dataset)
        return Scope(selection=resolved, definition=d, demo=demo, store=store, span=span, covered=tuple(covered))
    raise refused[-1] if refused else SelectionError(f"no {d.id} data")


def scoped_table(store: Store, scope: Scope, period: str | None = None) -> pl.DataFrame:
    """The league table of ``period`` (default: the scope's) within the selection's region and parent."""
    return _table(store, scope, period or scope.period, scoped=True)


def _table(store: Store, scope: Scope, period: str, *, scoped: bool) -> pl.DataFrame:
    """:func:`league_table` of the scope in ``period`` (within its region and parent when ``scoped``), kept
    by the store: the filters that do not re-rank (group, search, top, my unit) reuse it."""
    sel = scope.selection
    parent, region = (sel.parent, sel.region) if scoped else (None, None)
    key = ("league_table", sel.index, sel.level, sel.geography, sel.dataset, period, sel.indicator, parent, region,
           sel.lang)
    return store.derived(key, lambda: league_table(
        scope.source, store.units, scope.definition, period=period, level=sel.level, indicator_id=sel.indicator,
        parent_id=parent, region=region, lang=sel.lang))


def league_for(store: Store, selection: Selection | Scope) -> League:
    """The league of ``selection`` (or of an already resolved :class:`Scope`): tables, metadata, filter words."""
    scope = selection if isinstance(selection, Scope) else scope_for(store, selection)
    sel, lang = scope.selection, scope.lang
    full = _table(store, scope, scope.period, scoped=False)
    scoped = _table(store, scope, scope.period, scoped=True) if (sel.region or sel.parent) else full
    filters: list[str] = []
    if sel.region:
        filters.append(f"{word('region', lang)}: {store.region_names(lang).get(sel.region, sel.region)}")
    if sel.parent:
        filters.append(_full_name(store, sel.parent, lang))
    shown = filter_league(scoped, group=sel.group or None, query=sel.query or None)
    if sel.group:
        labels = dict(zip(scoped["group"].to_list(), scoped["group_label"].to_list()))
        filters.append(labels.get(sel.group) or sel.group)
    if sel.query:
        filters.append(f"{word('search_short', lang)}: “{sel.query}”")
    n_ranked = int(shown["rank"].count())
    top = (None if n_ranked <= AUTO_ALL else AUTO_TOP) if sel.top == "auto" else sel.top
    gap = None
    limited = top_bottom(shown, top)
    if limited.height < shown.height:
        cut = limited.sort("rank")["rank"][top - 1]
        gap = int((limited["rank"] <= cut).sum())
        text = word("top_bottom_note", lang, n=top, total=format_number(n_ranked, 0, lang))
        if shown.height - n_ranked:
            text += word("not_scored_hidden", lang, n=format_number(shown.height - n_ranked, 0, lang))
        filters.append(text)
    table = unique_labels(limited, store.units, lang)
    presence = unit_presence(table, store.units, sel.unit, level=sel.level, geography=scope.period_geography)
    highlight: tuple[str, ...] = ()
    if presence in ("not_yet", "no_longer"):
        highlight = tuple(counterparts(store.crosswalk, sel.unit, scope.period_geography))
    elif sel.unit:
        highlight = (sel.unit,)
    meta = league_meta(scope.definition, table=table, indicator=sel.indicator, period=scope.period, level=sel.level,
                       geography=scope.period_geography, reexpressed=scope.reexpressed, filters=filters,
                       demo=scope.demo, lang=lang, region_names=store.region_names(lang),
                       period_text=scope.period_label if scope.span is not None else None, note=scope.range_note())
    return League(scope=scope, full=full, scoped=scoped, table=table, meta=meta, filters=tuple(filters), gap=gap,
                  top=top, presence=presence, highlight=highlight)


def references(league: League, store: Store) -> list[tuple[str, str, float | None]]:
    """Mean rows to show among the units: ``(key, label, mean)``.

    The overall mean (national at province and ministry level), the mean of the
    selection when region or parent is chosen, else the regional means — of "my
    unit"'s region, or of every region when no unit is chosen (none while
    searching or filtering by group without a chosen unit: they would only clutter).
    """
    lang, level = league.scope.lang, league.selection.level
    overall = word("mean_national" if level in ("province", "ministry") else "mean_all", lang)
    refs: list[tuple[str, str, float | None]] = [("all", overall, _mean(league.full))]
    if league.is_scoped:
        refs.append(("selection", word("mean_of", lang, name=", ".join(league.filters[:2])), _mean(league.scoped)))
        return refs
    means = regional_means(league.full)
    sel = league.selection
    if means.height < 2 or ((sel.query or sel.group) and not league.highlight):
        return refs
    names = store.region_names(lang)
    mine = league.full.filter(pl.col("unit_id").is_in(list(league.highlight)))["region"].drop_nulls().unique().to_list()
    for code, mean in zip(means["region"].to_list(), means["mean"].to_list()):
        if not mine or code in mine:
            refs.append((f"region:{code}", word("mean_of", lang, name=names.get(code, code)), mean))
    return refs


def _mean(table: pl.DataFrame) -> float | None:
    return table["score"].mean() if table.height else None  # type: ignore[return-value]


def _full_name(store: Store, unit_id: str, lang: str) -> str:
    row = store.units.filter(pl.col("unit_id") == unit_id)
    return row["name_en" if lang == "en" else "name_vi"][0] if row.height else unit_id
