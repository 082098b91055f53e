"""One-stop statistics: the raw figures behind the 766 index — each unit's dossiers received, resolved
early / on time / late, pending, digitised, paid online and rated, and their shares — for a month, a
quarter, a year, the year to date or any run of months, ranked by one share (ui/onestop_page.py)."""

from __future__ import annotations

from ui import onestop_page
from ui.page import page

URL = ["level", "parent", "period", "by"]

with page("page_onestop", url=URL, sidebar=False):
    onestop_page.draw()
