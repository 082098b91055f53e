"""Presentation mode: the charts of the current selection, one per screen, for the projector.

Large text, no sidebar (the filters are chosen on the other pages; they live
in the session and the URL), Previous/Next buttons that also answer the ← and
→ keys (Streamlit's native button shortcuts, no custom JavaScript), Esc to
leave. The slide number is in the URL (``?slide=3``), so a link opens on that
slide. Every slide of the selection is prepared at once and kept
(:func:`ui.slides.deck`); on a wide screen all of them are drawn and the
buttons only change which one shows, and the slide fits the window
(:data:`ui.slides.FIT_CSS`). Slides: :mod:`ui.slides`.
"""

from __future__ import annotations

import streamlit as st

from cchc.export.images import DEMO_BADGE
from ui import controls, device, filters, slides
from ui.page import page
from ui.text import t

URL_NAMES = [*filters.URL_NAMES, "units", "slide"]

narrow = device.narrow()
st.html(slides.CSS if narrow else slides.CSS + slides.FIT_CSS)
with page("page_present", url=URL_NAMES, title=False) as scope:
    deck = slides.deck(filters.league(scope), narrow=narrow)
    i = slides.navigation(len(deck))
    controls.show_warnings()
    if not deck:
        st.info(t("present_none"))
    else:
        slides.show(deck, i, narrow=narrow, lang=scope.lang, badge=DEMO_BADGE[scope.lang])
