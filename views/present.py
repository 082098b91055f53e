"""Presentation mode: the charts of the current selection, one per screen, for the projector.

Large text, no sidebar (the filters are chosen on the other pages; they live
in the session and the URL), Previous/Next buttons that also answer the ← and
→ keys (Streamlit's native button shortcuts, no custom JavaScript), Esc to
leave. The slide number is in the URL (``?slide=3``), so a link opens on that
slide. Slides: :mod:`ui.slides`.
"""

from __future__ import annotations

import streamlit as st

from cchc.export.images import DEMO_BADGE
from ui import controls, device, filters, slides
from ui.page import page
from ui.text import t

URL_NAMES = [*filters.URL_NAMES, "units", "slide"]

st.html(slides.CSS)
with page("page_present", url=URL_NAMES, title=False) as scope:
    narrow = device.narrow()
    deck = slides.build(filters.league(scope), narrow=narrow)
    i = slides.navigation(len(deck))
    controls.show_warnings()
    if not deck:
        st.info(t("present_none"))
    else:
        slide = deck[i - 1]
        with st.container(key="slide_head", gap="small"):
            st.title(slide.title, anchor=False)
            st.markdown(slides.plain(slide.subtitle))
        figures = slides.for_screen(slide, narrow=narrow)
        columns = st.columns(len(figures), gap="small") if len(figures) > 1 else [st.container()]
        for k, (col, fig) in enumerate(zip(columns, figures)):
            with col:
                controls.plot(fig, key=f"slide_{slide.key}_{k}", menu=False)
        with st.container(horizontal=True, vertical_alignment="center", key="slide_foot"):
            if scope.demo:
                st.badge(DEMO_BADGE[scope.lang], icon=":material/warning:", color="orange")
            st.markdown(slides.plain(slide.source_note))
