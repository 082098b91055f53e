"""What a league table says about itself: :class:`LeagueMeta`, typed and frozen.

The same title, subtitle and source note (from :mod:`cchc.captions`) and the
same facts go to the page, the command line, the XLSX "Thông tin" sheet, the
speaker notes and the handout, because they all read one ``LeagueMeta`` built
by :func:`league_meta` from the index definition and the selection.

>>> from cchc.store import Store
>>> store = Store()
>>> papi = store.definition("papi")
>>> import polars as pl
>>> table = pl.DataFrame({"rank": [1, None], "score": [46.0415, None], "moved": ["up", None]})
>>> meta = league_meta(papi, table=table, period="2023", level="province", geography="vn63", demo=True)
>>> meta.title, meta.n_ranked, meta.summary_text
('Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh', 1, '1/2 đơn vị được xếp hạng; 1 không có số liệu')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

import polars as pl

from cchc import captions
from cchc.conventions import group_colours, is_partial
from cchc.definitions import IndexDef
from cchc.league import league_summary
from cchc.periods import period_label
from cchc.words import word


@dataclass(frozen=True)
class LeagueMeta:
    """The words and facts of one league-table selection (all JSON-safe; see :meth:`to_dict`)."""

    index: str                  # index id, e.g. "papi"
    indicator: str              # the node ranked: the index id or a component id ("papi.6")
    period: str
    level: str
    geography: str              # the boundaries of the period shown: vn63 or vn34
    reexpressed: bool           # earlier years re-expressed on vn34
    lang: str
    decimals: int               # published precision of the node
    direction: str              # higher | lower
    scale_min: float
    unit: str                   # unit of measure, e.g. "điểm"
    title: str
    subtitle: str
    source_note: str
    short: str                  # short index name, "PAPI"
    index_name: str
    indicator_name: str
    period_label: str
    level_label: str
    geography_label: str
    filters: tuple[str, ...]
    filters_text: str
    direction_text: str
    source: str
    method: str
    notes: str
    demo: bool
    demo_text: str
    group_colours: Mapping[str, str]   # group code -> colour, best first (empty: no groups)
    region_names: Mapping[str, str]
    n_units: int
    n_ranked: int
    n_not_scored: int
    n_partial: int              # re-expressed scores built from fewer old units than fed them
    mean: float | None
    moved_up: int
    moved_down: int
    summary_text: str
    exported: str | None = None        # ISO time of an export (see :func:`exported_at`)
    exported_text: str | None = None   # dd/mm/yyyy HH:MM

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (lists and dicts, no tuples or proxies) for JSON output."""
        out = dataclasses.asdict(self)
        out["filters"] = list(self.filters)
        out["group_colours"] = dict(self.group_colours)
        out["region_names"] = dict(self.region_names)
        return out

    def marked_demo(self) -> "LeagueMeta":
        """The same metadata marked as showing demo data (a deck whose trend and profile charts read demo
        periods the league itself does not show); itself when already marked."""
        if self.demo:
            return self
        return dataclasses.replace(self, demo=True, demo_text=f"{word('yes', self.lang)} — {word('demo_mark', self.lang)}",
                                   source_note=f"{self.source_note} {word('demo_mark', self.lang)}.")

    def get(self, key: str, default: Any = None) -> Any:
        """A field by name (the XLSX metadata sheet lists fields by name)."""
        return getattr(self, key, default)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def league_meta(definition: IndexDef, *, table: pl.DataFrame, indicator: str | None = None, period: str,
                level: str, geography: str, reexpressed: bool = False, filters: list[str] | tuple[str, ...] = (),
                demo: bool, lang: str = "vi", region_names: Mapping[str, str] | None = None,
                period_text: str | None = None, note: str | None = None) -> LeagueMeta:
    """Title, subtitle, source note and the facts of ``table`` (the rows shown) for one selection.

    ``period_text`` replaces the period's label (a range: ``"Quý III/2025"``, ``"Từ đầu năm đến Tháng 8/2025"``);
    ``note`` is added to the source note and the method (a range: how its months were summed).

    Group colours are given for the total, and for PAPI's quartile groups of
    any component (bands are cut on the total's scale only).
    """
    ind = indicator or definition.id
    node = definition.node(ind)
    filters = tuple(f for f in filters if f)
    summary = league_summary(table)
    partial = 0
    if {"n_used", "n_sources"} <= set(table.columns):
        partial = sum(is_partial(u, s) for u, s in zip(table["n_used"].to_list(), table["n_sources"].to_list()))
    scale_min = float(node.scale.min) if node.scale is not None and node.scale.min is not None else 0.0
    return LeagueMeta(
        index=definition.id, indicator=ind, period=period, level=level, geography=geography,
        reexpressed=bool(reexpressed), lang=lang, decimals=node.decimals, direction=node.direction,
        scale_min=scale_min, unit=definition.unit(lang),
        title=captions.title(definition, ind, lang),
        subtitle=captions.subtitle(definition, period=period, level=level, geography=geography,
                                   reexpressed=reexpressed, filters=list(filters), lang=lang, period_text=period_text),
        source_note=captions.source_note(definition, demo=demo, lang=lang) + (f" {note}" if note else ""),
        short=definition.short(lang), index_name=definition.title(lang=lang),
        indicator_name=node.label(lang) if ind != definition.id else word("total", lang),
        period_label=period_text or period_label(period, lang),
        level_label=captions.level_label(level, lang), geography_label=captions.geography_label(geography, lang),
        filters=filters, filters_text="; ".join(filters) if filters else word("no", lang),
        direction_text=_capital(word(f"direction.{node.direction}", lang)),
        source=definition.source(lang) or "—",
        method=(definition.method(lang) or "—") + (f" {note}" if note else ""),
        notes=definition.notes(lang) or "", demo=bool(demo),
        demo_text=f"{word('yes', lang)} — {word('demo_mark', lang)}" if demo else word("no", lang),
        group_colours=group_colours(definition) if ind == definition.id or definition.groups == "quartile" else {},
        region_names=dict(region_names or {}),
        n_units=summary["n_units"], n_ranked=summary["n_ranked"], n_not_scored=summary["n_not_scored"],
        n_partial=partial, mean=summary["mean"], moved_up=summary["moved_up"], moved_down=summary["moved_down"],
        summary_text=summary_text(summary["n_ranked"], summary["n_units"], summary["n_not_scored"], lang),
    )


def summary_text(n_ranked: int, n_units: int, n_not_scored: int, lang: str = "vi") -> str:
    """``"61/63 đơn vị được xếp hạng; 2 không có số liệu"``.

    >>> summary_text(61, 63, 2, "en")
    '61/63 units ranked; 2 not scored'
    """
    text = word("ranked_summary", lang, ranked=n_ranked, total=n_units)
    if n_not_scored:
        text += "; " + word("not_scored_count", lang, n=n_not_scored)
    return text


def exported_at(meta: LeagueMeta, now: datetime | None = None) -> LeagueMeta:
    """``meta`` stamped with the export time (``exported``, ISO, and ``exported_text``, dd/mm/yyyy HH:MM)."""
    now = now or datetime.now().astimezone()
    return dataclasses.replace(meta, exported=now.isoformat(timespec="seconds"), exported_text=f"{now:%d/%m/%Y %H:%M}")
