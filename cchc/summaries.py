"""Written summaries for a review report: one paragraph about a unit, or about a league table.

Built from a :class:`~cchc.selection.League` of :func:`cchc.selection.league_for`, so every
number in the text is a number of the table the user sees: rank, ``n_ranked``, score,
``change``, ``rank_change`` and ``group_label`` of the unit's row, the mean rows of
:func:`cchc.selection.references`, the strengths and weaknesses of
:func:`cchc.profile.strengths_weaknesses`, the movers of :func:`cchc.kpis.movers` and the
counts of :func:`cchc.kpis.headline`. Numbers are written by :mod:`cchc.numbers` at the
node's published decimals (Vietnamese decimal comma); the sentences are in
:mod:`cchc.words.summaries`.

Ranks are the table's: within the selection's region or parent when one is chosen (the
group, search and top/bottom filters only hide rows, so they do not change the summary).
Direction is already in the ranks (rank 1 = best); "cao hơn/thấp hơn" compares scores as
numbers at the published precision. Ties: a unit sharing its rank says with whom; a league
led (or closed) by several units names them all. A unit not scored is said to be not scored
(with the reason), never given 0; a unit ranked now but not in the previous period is "new"
(lần đầu được xếp hạng); with no previous period at all the change is not mentioned.

>>> from cchc.store import Store
>>> from cchc.selection import Selection, league_for
>>> league = league_for(Store(), Selection(index="papi", period="2023"))
>>> unit_summary(league, "vn63:province:01").split(", thuộc")[0]
'Năm 2023, Chỉ số PAPI của Hà Nội đạt 43,9600 điểm, xếp thứ 15/61, giảm 11 bậc so với năm 2022, điểm giảm 0,9092 điểm'
>>> league_summary(league).split(".")[0]
'Năm 2023, Chỉ số PAPI xếp hạng 61/63 đơn vị (2 đơn vị không có số liệu)'
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl

from cchc.captions import geography_label, in_sentence
from cchc.kpis import headline, movers
from cchc.numbers import format_number, format_percent, round_half_up
from cchc.periods import period_label
from cchc.profile import scorecard, strengths_weaknesses
from cchc.selection import League, Scope, references
from cchc.words import word

MAX_TIED_NAMES = 3


# ------------------------------------------------------------------ shared pieces
def _sentence(parts: list[str]) -> str:
    text = ", ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] + "." if text else ""


def _names(names: list[str], lang: str) -> str:
    """``"A, B và C"`` / ``"A, B and C"``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + word("summary.and", lang) + names[-1]


def index_phrase(league: League) -> str:
    """How the text names what is ranked: ``"Chỉ số PAPI"`` (vi) / ``"PAPI"`` (en); a component adds its name."""
    meta, lang = league.meta, league.meta.lang
    short = meta.short
    prefix = word("summary.index_name", lang, short="").strip().lower()  # "chỉ số" (vi), "" (en)
    name = short if short.lower().startswith(prefix) else word("summary.index_name", lang, short=short)
    return name if meta.indicator == meta.index else f"{name} — {meta.indicator_name}"


def amount(value: float | None, league: League, *, change: bool = False) -> str:
    """A score with its unit of measure: ``"43,9600 điểm"``, ``"92,18%"``; a change of a percentage:
    ``"1,20 điểm phần trăm"``."""
    meta = league.meta
    text = format_number(value, int(meta.decimals), meta.lang)
    if meta.unit.strip() == "%":
        return word("summary.points_of_percent", meta.lang, value=text) if change else f"{text}%"
    return f"{text} {meta.unit}"


def _period(p: str, lang: str, *, start: bool = False) -> str:
    label = period_label(p, lang)
    return label if start else in_sentence(label, lang)


def _group_key(league: League) -> str:
    return "summary.in_group" if league.scope.definition.groups == "quartile" else "summary.in_band"


# ------------------------------------------------------------------ one unit
def profile_scope(scope: Scope) -> Scope:
    """The scope a unit's profile speaks of: every unit of the level and period, without region, parent,
    group, search or top/bottom filter — so the paragraph's rank is the scorecard's (Profile page, profile
    slides). The unit's regional mean is still given (:func:`mean_rows`)."""
    return scope.narrowed(region=None, parent=None, group=None, query=None, top=None)


def unit_summary(league: League, unit_id: str, *, components: int = 2) -> str:
    """One paragraph about ``unit_id`` in the league: rank of N, score, change and rank change
    against the table's previous period, group or band, the ``components`` best- and
    worst-ranked components (total only), and the score against the overall mean and the mean
    of the unit's region (or of the chosen region/parent).

    A unit not in the table (another level or boundaries) is said to be absent; a unit not
    scored is said to be not scored, with the table's reason.
    """
    meta, lang = league.meta, league.meta.lang
    period = _period(meta.period, lang, start=lang == "vi")
    rows = league.scoped.filter(pl.col("unit_id") == unit_id)
    unit = _unit_name(league, unit_id, rows)
    if rows.is_empty():
        return _sentence([word("summary.unit_absent", lang, period=period, unit=unit, index=index_phrase(league),
                               geography=meta.geography_label)])
    row = rows.row(0, named=True)
    if row["rank"] is None:
        text = word("summary.unit_not_scored", lang, period=period, unit=unit, index=index_phrase(league))
        return _sentence([text + (f" ({row['reason']})" if row.get("reason") else "")])
    first = word("summary.unit_scored", lang, period=period, index=index_phrase(league), unit=unit,
                 score=amount(row["score"], league), rank=format_number(row["rank"], 0, lang),
                 n=format_number(row["n_ranked"], 0, lang)) + _tie(league, row)
    parts = [first, *_changes(league, row)]
    if row.get("group_label"):
        parts.append(word(_group_key(league), lang, group=row["group_label"]))
    return " ".join(s for s in (_sentence(parts), _components(league, unit_id, components),
                                _versus(league, unit_id, unit, row["score"])) if s)


def _unit_name(league: League, unit_id: str, rows: pl.DataFrame) -> str:
    if rows.height:
        return rows["unit"][0]
    units = league.scope.store.units.filter(pl.col("unit_id") == unit_id)
    col = "short_en" if league.meta.lang == "en" else "short_vi"
    return units[col][0] if units.height else unit_id


def _tie(league: League, row: dict[str, Any]) -> str:
    lang = league.meta.lang
    others = league.scoped.filter((pl.col("rank") == row["rank"]) & (pl.col("unit_id") != row["unit_id"]))
    if others.is_empty():
        return ""
    if others.height > MAX_TIED_NAMES:
        return word("summary.tied_many", lang, n=format_number(others.height, 0, lang))
    return word("summary.tied_with", lang, names=_names(others["unit"].to_list(), lang))


def _changes(league: League, row: dict[str, Any]) -> list[str]:
    """The rank change and the score change against the previous period (or why there is none)."""
    lang = league.meta.lang
    if row["prev_period"] is None:
        return [word("summary.no_previous", lang)]
    prev = _period(row["prev_period"], lang)
    if row["moved"] == "new" or row["rank_change"] is None:
        return [word("summary.unit_new", lang, prev=prev)]
    places = format_number(abs(row["rank_change"]), 0, lang)
    key = "summary.rank_up" if row["rank_change"] > 0 else "summary.rank_down" if row["rank_change"] < 0 \
        else "summary.rank_same"
    out = [word(key, lang, places=places, prev=prev)]
    change = row["change"]
    if change is not None:
        shown = round_half_up(change, int(league.meta.decimals))
        key = "summary.score_up" if shown > 0 else "summary.score_down" if shown < 0 else "summary.score_same"
        out.append(word(key, lang, delta=amount(abs(change), league, change=True)))
    return out


def strengths_and_weaknesses(league: League, unit_id: str, n: int = 2) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`cchc.profile.strengths_weaknesses` of the unit's scorecard in the league's period (empty
    frames when the league ranks a component, or the index has none)."""
    d = league.scope.definition
    if league.meta.indicator != d.id or not d.children(d.id):
        empty = pl.DataFrame()
        return empty, empty
    card = scorecard(league.scope.scores, d, unit_id, league.meta.period)
    return strengths_weaknesses(card, n)


def _components(league: League, unit_id: str, n: int) -> str:
    if n <= 0:
        return ""
    lang, d = league.meta.lang, league.scope.definition
    strong, weak = strengths_and_weaknesses(league, unit_id, n)

    def items(frame: pl.DataFrame) -> str:
        return _names([word("summary.component_item", lang, name=d.node(r["indicator_id"]).label(lang),
                            rank=format_number(r["rank"], 0, lang), n=format_number(r["n_ranked"], 0, lang))
                       for r in frame.iter_rows(named=True)], lang)

    parts = []
    if strong.height:
        parts.append(word("summary.strengths", lang, items=items(strong)))
    if weak.height:
        parts.append(word("summary.weaknesses" if parts else "summary.weaknesses_only", lang, items=items(weak)))
    return _sentence(parts) if parts else ""


def mean_rows(league: League, unit_id: str) -> list[tuple[str, str, float | None]]:
    """The mean rows the table shows beside ``unit_id`` (:func:`cchc.selection.references` with the unit
    as "my unit"): the overall mean, then the unit's region (or the chosen region/parent)."""
    mine = dataclasses.replace(league, highlight=(unit_id,))
    return references(mine, league.scope.store)


def _mean_name(league: League, key: str, *, prefix: str = "summary.mean") -> str:
    lang, level = league.meta.lang, league.selection.level
    if key == "all":
        return word(f"{prefix}_national" if level in ("province", "ministry") else f"{prefix}_level", lang)
    sel = league.selection
    if key == "selection" and not (sel.region and not sel.parent):
        return word(f"{prefix}_selection", lang, name=", ".join(league.filters[:2]))
    code = sel.region if key == "selection" else key.split(":", 1)[1]
    return word(f"{prefix}_region", lang, name=league.meta.region_names.get(code, code))


def _versus(league: League, unit_id: str, unit: str, score: float) -> str:
    lang, decimals = league.meta.lang, int(league.meta.decimals)
    relations = []
    for key, _label, mean in mean_rows(league, unit_id):
        if mean is None:
            continue
        a, b = round_half_up(score, decimals), round_half_up(mean, decimals)
        rel = "summary.above" if a > b else "summary.below" if a < b else "summary.equal"
        relations.append(word(rel, lang, mean=_mean_name(league, key), value=amount(mean, league)))
    return _sentence([word("summary.versus", lang, unit=unit, relations=_names(relations, lang))]) if relations else ""


# ------------------------------------------------------------------ a league table
def league_summary(league: League, *, n_movers: int = 3) -> str:
    """One paragraph about the league: units ranked of the units in the table's scope, the
    first and last units (all of them when tied) with their scores, the mean row, how many
    moved up and down and the ``n_movers`` biggest risers and fallers
    (:func:`cchc.kpis.movers`), and the share of ranked units in each group or band (best first).
    """
    meta, lang = league.meta, league.meta.lang
    table = league.scoped
    h = headline(table, None)
    period = _period(meta.period, lang, start=lang == "vi")
    if not h["n_ranked"]:
        return _sentence([word("summary.league_none", lang, period=period, index=index_phrase(league))])
    first = word("summary.league_scored", lang, period=period, index=index_phrase(league),
                 ranked=format_number(h["n_ranked"], 0, lang), total=format_number(h["n_units"], 0, lang))
    if h["n_not_scored"]:
        first += word("summary.league_not_scored", lang, n=format_number(h["n_not_scored"], 0, lang))
    sentences = [_sentence([first])]
    ends = [word("summary.league_top", lang, units=_scored_names(h["best"], h["best_score"], league))]
    if h["n_ranked"] > 1:
        ends.append(word("summary.league_bottom", lang, units=_scored_names(h["worst"], h["worst_score"], league)))
    sentences.append(_sentence(ends))
    refs = references(league, league.scope.store)
    key, _label, mean = next((r for r in refs if r[0] == "selection"), refs[0])
    if mean is not None:
        sentences.append(_sentence([word("summary.league_mean", lang, mean=_mean_name(
            league, key, prefix="summary.league_mean"), value=amount(mean, league))]))
    sentences.append(_moves(league, h, n_movers))
    sentences.append(_groups(league, table, h["n_ranked"]))
    return " ".join(s for s in sentences if s)


def _scored_names(names: list[str], score: float | None, league: League) -> str:
    return word("summary.league_unit_score", league.meta.lang, unit=_names(names, league.meta.lang),
                score=amount(score, league))


def _moves(league: League, h: dict[str, Any], n: int) -> str:
    lang = league.meta.lang
    if h["prev_period"] is None:
        return _sentence([word("summary.league_no_previous", lang)])
    parts = [word("summary.league_moves", lang, prev=_period(h["prev_period"], lang),
                  up=format_number(h["moved_up"], 0, lang), down=format_number(h["moved_down"], 0, lang))]
    up, down = movers(league.scoped, n)
    for frame, key, item in ((up, "summary.league_risers", "summary.league_rise_item"),
                             (down, "summary.league_fallers", "summary.league_fall_item")):
        if frame.height:
            parts.append(word(key, lang, items=_names([
                word(item, lang, unit=r["unit"], places=format_number(abs(r["rank_change"]), 0, lang))
                for r in frame.iter_rows(named=True)], lang)))
    return _sentence(parts)


def group_shares(league: League, table: pl.DataFrame | None = None) -> list[tuple[str, int, float]]:
    """``(group label, ranked units, share of ranked units in %)``, best group first (the order of
    the league's group colours, else by code); units not scored belong to no group."""
    table = league.scoped if table is None else table
    ranked = table.filter(pl.col("rank").is_not_null() & pl.col("group").is_not_null())
    if ranked.is_empty():
        return []
    counts = {r["group"]: (r["group_label"], r["len"]) for r in ranked.group_by("group", "group_label").len().iter_rows(
        named=True)}
    order = [c for c in league.meta.group_colours if c in counts] or sorted(counts)
    n = int(table["rank"].count())
    return [(counts[c][0], int(counts[c][1]), 100 * counts[c][1] / n) for c in order]


def _groups(league: League, table: pl.DataFrame, n_ranked: int) -> str:
    lang = league.meta.lang
    shares = group_shares(league, table)
    if not shares:
        return ""
    items = ", ".join(word("summary.league_group_item", lang, group=g, n=format_number(k, 0, lang),
                           share=format_percent(s, 1, lang)) for g, k, s in shares)
    key = "summary.league_groups" if league.scope.definition.groups == "quartile" else "summary.league_bands"
    return _sentence([word(key, lang, items=items)])
