"""CCHC dashboard — entry point: `streamlit run app.py`.

Navigation between the pages in views/ (not pages/: a pages/ folder makes Streamlit
serve its old folder navigation to deep links on a fresh server); page titles follow the chosen
language. Filters persist across pages and live in the URL (ui/state.py).
"""

from __future__ import annotations

import streamlit as st

from cchc.theme import register_template
from ui import controls, media, state
from ui.text import t

state.init()
st.set_page_config(page_title=t("app_short"), page_icon=":material/leaderboard:", layout="wide")
register_template()
media.keep_downloads()  # files built on click survive other sessions' runs until fetched
controls.forget()

PAGES = [  # every page's own name works as a URL (/overview too); Material icons need no emoji font
    ("views/overview.py", "page_overview", "overview", ":material/dashboard:"),
    ("views/rankings.py", "page_rankings", "rankings", ":material/leaderboard:"),
    ("views/trends.py", "page_trends", "trends", ":material/show_chart:"),
    ("views/profile.py", "page_profile", "profile", ":material/badge:"),
    ("views/compare.py", "page_compare", "compare", ":material/compare_arrows:"),
    ("views/present.py", "page_present", "present", ":material/slideshow:"),
    ("views/onestop.py", "page_onestop", "onestop", ":material/assignment_turned_in:"),
    ("views/methodology.py", "page_method", "methodology", ":material/menu_book:"),
    ("views/data.py", "page_data", "data", ":material/database:"),
    ("views/data_import.py", "page_import", "import", ":material/upload_file:"),
    ("views/history.py", "page_history", "history", ":material/history:"),
]


def home() -> None:
    """The address without a page name opens the overview, keeping the link's filters."""
    st.switch_page(PAGES[0][0], query_params=dict(st.query_params))


pages = [st.Page(home, title=t("page_overview"), url_path="home", default=True, visibility="hidden"),
         *[st.Page(path, title=t(key), url_path=url, icon=icon) for path, key, url, icon in PAGES]]
st.navigation(pages).run()
