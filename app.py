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
st.set_page_config(page_title=t("app_short"), page_icon="📊", layout="wide")
register_template()
media.keep_downloads()  # files built on click survive other sessions' runs until fetched
controls.forget()

PAGES = [
    ("views/overview.py", "page_overview", "overview", "📊"),
    ("views/rankings.py", "page_rankings", "rankings", "🏆"),
    ("views/trends.py", "page_trends", "trends", "📈"),
    ("views/profile.py", "page_profile", "profile", "🗂️"),
    ("views/compare.py", "page_compare", "compare", "⚖️"),
    ("views/present.py", "page_present", "present", "📽️"),
    ("views/methodology.py", "page_method", "methodology", "📘"),
    ("views/data.py", "page_data", "data", "🗃️"),
    ("views/data_import.py", "page_import", "import", "📥"),
    ("views/history.py", "page_history", "history", "🕘"),
]
pages = [st.Page(path, title=t(key), url_path=url, icon=icon, default=(url == "overview"))
         for path, key, url, icon in PAGES]
st.navigation(pages).run()
