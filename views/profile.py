"""Unit profile: one unit's scorecard among its peers (value, rank, change for every
component), strengths and weaknesses, improvement priorities, its history, the league table of the units
below it, and — for a merged province or commune — the old units it came from."""

from __future__ import annotations

from ui import pickers, profile_page, state, summary_box
from ui.page import page, stop_with
from ui.text import t

URL = ["index", "dataset", "level", "geo", "period", "unit", "tab"]

with page("page_profile", url=URL, components=False, history=True) as scope:
    options, names = pickers.unit_options(scope)
    firsts = [u for u in (state.get("units") or []) if u in options]
    best = pickers.default_units(scope, options)[:1]
    unit_id = pickers.choose_unit(scope, options, names, default=(firsts or best or options[:1] or [None])[0])
    if not unit_id:
        stop_with(t("no_data_selection"))
    name = profile_page.heading(scope, unit_id, names)
    status = profile_page.scorecard_section(scope, unit_id, name)
    if status != "absent":
        profile_page.priorities(scope, unit_id, name, names)
    summary_box.show_unit(scope, unit_id)
    profile_page.history(scope, unit_id, name, names, absent=status == "absent")
    profile_page.lineage(scope, unit_id, name)
    profile_page.units_below(scope, unit_id, name)
