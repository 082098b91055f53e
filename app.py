"""CCHC dashboard — entry point: `streamlit run app.py`."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Chỉ số CCHC", page_icon="📊", layout="wide")

home = st.Page("pages/home.py", title="Dữ liệu", icon="🗂️", default=True)
st.navigation([home]).run()
