"""Compare: two to five units side by side across components (grouped bars or a
radar, each component as a share of its maximum), and who moved between a base
period and the current one (dumbbell with arrows)."""

from __future__ import annotations

from ui import compare_page, pickers
from ui.page import page, stop_with
from ui.text import t

URL = ["index", "dataset", "level", "geo", "period", "component", "units", "tab", "base"]
MAX_UNITS = 5

with page("page_compare", url=URL, history=True) as scope:
    options, names = pickers.unit_options(scope, period=scope.period)
    if not options:
        stop_with(t("no_data_selection"))
    chosen = pickers.choose_units(scope, options, names, max_selections=MAX_UNITS)
    if len(chosen) < 2:
        stop_with(t("compare_need_two").format(n=MAX_UNITS))
    named = {u: names.get(u, u) for u in chosen}
    compare_page.components(scope, named)
    compare_page.movement(scope, named)
