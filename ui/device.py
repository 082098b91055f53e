"""Is the page being read on a phone? Figures then use shorter text lines and
one legend item per row (Plotly cannot wrap a title by itself, and the server
does not know the screen width — what the browser says about itself is the one
clue: the ``Sec-CH-UA-Mobile`` client hint, else the User-Agent).

Importing this module registers :func:`narrow` as the figure builders' device
check (:func:`cchc.figures.layout.use_device`), so a builder called without
``narrow`` draws for the reader's screen; pages may still pass it explicitly.
"""

from __future__ import annotations

import streamlit as st

from cchc.figures import layout

MOBILE_MARKS = ("Mobi", "iPhone", "Android", "iPod")


def narrow() -> bool:
    """True when the browser says it is a phone: ``Sec-CH-UA-Mobile: ?1``, or a User-Agent
    containing "Mobi", "iPhone", "Android" or "iPod". False outside a browser session."""
    try:
        headers = st.context.headers
        hint = headers.get("Sec-CH-UA-Mobile", "") or ""
        agent = headers.get("User-Agent", "") or ""
    except Exception:  # no request context (bare script, a file built on another thread, some tests)
        return False
    if hint.strip() == "?1":
        return True
    return any(mark in agent for mark in MOBILE_MARKS)


layout.use_device(narrow)
