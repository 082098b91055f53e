"""Unit and period pickers shared by the Trends, Profile and Compare pages, and the
notes those pages show about the 2025 geography break.

Filters are shared by every page (ui/state.py), so a value left by another
page (a province id while the level is now commune, "radar" from Compare on
Trends) is reset quietly here; only values that exist nowhere — a hand-edited
link — reach the "invalid link" warning of :func:`ui.state.select`.
"""

from __future__ import annotations

from typing import Sequence

import polars as pl
import streamlit as st

from cchc.periods import parse_period, period_label
from cchc.series import carry_over, display_names, extremes, longest_history_period, span_label
from ui import data, state
from cchc.selection import Scope
from ui.controls import show_warnings
from ui.text import t

TAB_VALUES = {"bars", "radar", "stack", "panels"}
MAX_UNITS = 10  # lines beyond this are unreadable (8 colours repeat)


def _known_unit(value: object) -> bool:
    return isinstance(value, str) and data.units().filter(pl.col("unit_id") == value).height > 0


def _known_tab(value: object) -> bool:
    """Compare's and Trends' tabs, or Profile's ``index:level`` choice of units below."""
    return value in TAB_VALUES or (isinstance(value, str) and value.split(":")[0] in data.definitions())


def _known_period(value: object) -> bool:
    try:
        parse_period(value)  # type: ignore[arg-type]
        return True
    except ValueError:
        return False


def quiet_reset(name: str, options: Sequence[object], *, kind: str) -> None:
    """Reset filter ``name`` to its default, without a warning, when its value is a
    real unit/period/tab of some other view rather than a bad link."""
    value = state.get(name)
    if value in ("", None) or value in options:
        return
    known = {"unit": _known_unit, "period": _known_period, "tab": _known_tab}[kind]
    if known(value):
        state.put(name, state.DEFAULTS[name])


def unit_options(view: Scope, *, period: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Units with rows in the view's scores (in ``period`` only, when given), sorted by
    display name, and their unambiguous display names."""
    s = view.scores if period is None else view.scores.filter(pl.col("period") == period)
    ids = s["unit_id"].unique().to_list()
    names = display_names(data.units(), ids, view.lang)
    ordered = sorted(ids, key=lambda u: (names[u].casefold(), u))
    return ordered, names


def default_units(view: Scope, options: Sequence[str], period: str | None = None) -> list[str]:
    """"My unit" (filter ``unit``) when set, else the best, median and worst of the period."""
    mine = state.get("unit")
    if mine in options:
        return [mine]
    node = view.definition.node(view.indicator)
    return [u for u in extremes(view.scores, view.indicator, period or view.period, direction=node.direction,
                                decimals=node.decimals) if u in options]


def choose_units(view: Scope, options: Sequence[str], names: dict[str, str], *, period: str | None = None,
                 max_selections: int | None = None, where=None, history: bool = False) -> list[str]:
    """The ``units`` multiselect: stored ids carried to this view (old -> new units in
    the re-expressed view), ids of other levels dropped quietly, defaults when empty."""
    stored = list(state.get("units") or [])
    unknown = [u for u in stored if not _known_unit(u)]
    kept = carry_over(stored, options, data.crosswalk())
    if not kept and not (state.touched("units") and not stored):  # a list the user emptied stays empty
        kept = default_units(view, options, longest_history_period(view.scores, view.indicator) if history
                             else period)
    cap = max_selections or MAX_UNITS
    if len(kept) > cap:
        st.info(t("units_capped", n=cap, asked=len(kept)), icon=":material/filter_list:")
        kept = kept[:cap]
    state.put("units", kept + unknown[:5])  # a few unknown ids stay, for the bad-link warning
    chosen = state.multiselect("units", t("units"), options, format_func=lambda u: names.get(u, u),
                               max_selections=cap, where=where, placeholder=t("choose_units"))
    show_warnings()
    return chosen


def choose_unit(view: Scope, options: Sequence[str], names: dict[str, str], *, default: str | None = None,
                where=None, label: str | None = None) -> str | None:
    """The single ``unit`` select (carried to the re-expressed view like ``units``)."""
    value = state.get("unit")
    if value and value not in options:
        carried = carry_over([value], options, data.crosswalk())
        if carried:
            state.put("unit", carried[0])
        else:
            quiet_reset("unit", options, kind="unit")
    chosen = state.select("unit", label or t("unit"), list(options), default=default,
                          format_func=lambda u: names.get(u, u), where=where)
    show_warnings()
    return chosen


def same_grain(periods: Sequence[str], like: str) -> list[str]:
    grain = parse_period(like).grain
    return [p for p in periods if parse_period(p).grain == grain]


def choose_base(periods: Sequence[str], *, default: str, label: str, where=None) -> str | None:
    """The ``base`` period select among ``periods``."""
    quiet_reset("base", periods, kind="period")
    chosen = state.select("base", label, list(periods), default=default, where=where,
                          format_func=lambda p: period_label(p, state.lang()))
    show_warnings()
    return chosen


def offer_reexpressed(view: Scope, *, key: str) -> None:
    """A button that switches the boundaries filter to the re-expressed view, when the
    index and level allow it (units then carry over to their new provinces)."""
    if view.geography is None and view.definition.reexpress.rule != "none" and view.level in ("province", "commune"):
        if st.button(t("show_reexpressed"), key=key, icon="🔁"):
            state.put("geo", "vn34")
            st.rerun()


def geography_break_note(view: Scope, absent: pl.DataFrame, names: dict[str, str]) -> str | None:
    """Why some chosen units have no values in some periods (they did not exist on the
    boundaries those periods were published on), or None."""
    if absent.is_empty():
        return None
    lang = view.lang
    parts = []
    for unit_id, first, last, _n in absent.iter_rows():
        span = span_label([first, last], lang)
        parts.append(f"**{names.get(unit_id, unit_id)}**: {span}")
    text = t("break_note") + " " + "; ".join(parts) + "."
    if view.geography is None and view.definition.reexpress.rule != "none" and view.level in ("province", "commune"):
        text += " " + t("break_hint")
    return text


def no_data(message_key: str = "no_data") -> None:
    st.info(t(message_key))
