"""The overview's KPI cards (``st.metric``) from :func:`cchc.kpis.headline`: mean and
its change, best and worst unit, units scored / not scored, moves up and down.
Every number in Vietnamese style; the arrow and colour of a change are set
explicitly (Streamlit reads "−0,25" — a Unicode minus — as positive)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from cchc.captions import in_sentence
from cchc.conventions import DOWN, UP
from cchc.numbers import format_change, format_number
from cchc.periods import period_label
from cchc.selection import League
from ui.text import t


def _names(names: list[str]) -> str:
    if not names:
        return "–"
    return names[0] if len(names) == 1 else t("kpi_tied").format(name=names[0], n=len(names) - 1)


def with_unit(number: str, unit: str) -> str:
    """``"92,18%"`` for percentages, ``"46,0415 điểm"`` otherwise."""
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def change_delta(change: float | None, decimals: int, lang: str, direction: str) -> dict[str, Any]:
    """``st.metric`` keyword arguments showing ``change``: text, arrow and colour (green = better)."""
    if change is None:
        return {"delta": None}
    rounded = round(change, decimals)
    if rounded == 0:
        return {"delta": format_change(0.0, decimals, lang), "delta_arrow": "off", "delta_color": "gray"}
    better = rounded > 0 if direction == "higher" else rounded < 0
    return {"delta": format_change(change, decimals, lang), "delta_arrow": "up" if rounded > 0 else "down",
            "delta_color": "green" if better else "red"}


# A card's value and note wrap instead of ending in "…" (Streamlit cuts them to one line): a long unit
# name such as "Hiệp Cường và 2 đơn vị khác" stays whole; the font shrinks a little on narrow screens.
WRAP_CSS = """<style>
.st-key-kpi_cards [data-testid="stMetricValue"], .st-key-kpi_cards [data-testid="stMetricValue"] > div,
.st-key-kpi_cards [data-testid="stMetricDelta"] > div, .st-key-kpi_cards [data-testid="stMetricLabel"] p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }
.st-key-kpi_cards [data-testid="stMetricValue"] { font-size: clamp(1.15rem, 1.9vw, 2.25rem); line-height: 1.2; }
</style>"""


def cards(league: League, head: dict[str, Any]) -> None:
    """Five cards in a row (stacked on a phone); long values wrap, and the best and worst cards name every
    tied unit on hover."""
    with st.container(key="kpi_cards"):
        st.html(WRAP_CSS)
        _cards(league, head)


def _cards(league: League, head: dict[str, Any]) -> None:
    scope = league.scope
    lang = scope.lang
    node = scope.node
    dec = node.decimals
    unit = scope.definition.unit(lang)
    prev = period_label(head["prev_period"], lang) if head["prev_period"] else None
    since = t("kpi_since").format(prev=in_sentence(prev, lang)) if prev else None
    national = scope.level in ("province", "ministry") and not league.is_scoped
    c = st.columns(5)
    c[0].metric(t("mean_national") if national else t("kpi_mean"), format_number(head["mean"], dec, lang),
                delta_description=since, help=t("kpi_mean_help"), border=True, height="stretch",
                **change_delta(head["mean_change"], dec, lang, node.direction))
    for col, key, names, score in ((c[1], "kpi_best", head["best"], head["best_score"]),
                                   (c[2], "kpi_worst", head["worst"], head["worst_score"])):
        col.metric(t(key), _names(names), delta=with_unit(format_number(score, dec, lang), unit) if names else None,
                   delta_arrow="off", delta_color="gray", border=True, height="stretch",
                   help=", ".join(names) if names else None)
    c[3].metric(t("kpi_scored"), f"{format_number(head['n_ranked'], 0, lang)}/{format_number(head['n_units'], 0, lang)}",
                delta=t("kpi_not_scored").format(n=format_number(head["n_not_scored"], 0, lang))
                if head["n_not_scored"] else None, delta_arrow="off", delta_color="gray", border=True, height="stretch")
    if prev:
        moved = f"{UP} {format_number(head['moved_up'], 0, lang)} · {DOWN} {format_number(head['moved_down'], 0, lang)}"
        extra = t("kpi_same").format(n=format_number(head["moved_same"], 0, lang))
        if head["new"]:
            extra += ", " + t("kpi_new").format(n=format_number(head["new"], 0, lang))
        c[4].metric(t("kpi_moved"), moved, delta=extra, delta_arrow="off", delta_color="gray", border=True, height="stretch",
                    help=t("kpi_moved_help").format(prev=prev))
    else:
        c[4].metric(t("kpi_moved"), "–", delta=t("kpi_no_prev"), delta_arrow="off", delta_color="gray", border=True, height="stretch")
