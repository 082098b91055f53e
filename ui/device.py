"""Is the page being read on a phone? Figures then use shorter text lines and
one legend item per row (Plotly cannot wrap a title by itself, and the server
does not know the screen width — the browser's User-Agent is the one clue)."""

from __future__ import annotations

import streamlit as st

MOBILE_MARKS = ("Mobi", "iPhone", "Android", "iPod")


def narrow() -> bool:
    """True when the browser says it is a phone (User-Agent contains "Mobi", "iPhone", "Android")."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # no request context (bare script, some tests)
        return False
    return any(mark in agent for mark in MOBILE_MARKS)
