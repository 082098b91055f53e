"""Presentation mode: the charts of the current selection, one per screen, for the projector.

Large text, no sidebar (the filters are chosen on the other pages; they live
in the session and the URL), Previous/Next buttons that also answer the ← and
→ keys (Streamlit's native button shortcuts, no custom JavaScript), Esc to
leave. The slide number is in the URL (``?slide=3``), so a link opens on that
slide. Slides: :mod:`ui.slides`.
"""

from __future__ import annotations

import re
from functools import partial

import streamlit as st

from cchc.export.images import DEMO_BADGE
from ui import controls, device, slides, state
from ui import league as lg
from ui.text import t

URL_NAMES = [*lg.URL_NAMES, "units", "slide"]
# Static CSS only (no data): hide the sidebar and its toggle, and the app header; larger slide text.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
.stMainBlockContainer { padding-top: 1rem !important; padding-bottom: 1rem !important; max-width: 100% !important; }
.st-key-slide_head h1 { line-height: 1.2; padding: 0 0 0.35rem 0; }
.st-key-slide_head p { color: #4b5563; margin: 0; }
.st-key-slide_foot p { color: #6b7280; }
.st-key-slide_count p { font-weight: 600; min-width: 3.5rem; text-align: center; margin: 0; line-height: 2.5rem; }
.st-key-slide_foot .stMarkdownBadge { font-size: 1rem !important; }
@media (min-width: 900px) {
  .st-key-slide_head h1 { font-size: 2.6rem; }
  .st-key-slide_head p { font-size: 1.45rem; }
  .st-key-slide_foot p { font-size: 1.1rem; }
  .st-key-slide_count p { font-size: 1.6rem; }
}
@media (max-width: 899px) {
  .st-key-slide_head h1 { font-size: 1.6rem; }
  .st-key-slide_keys { display: none; }
}
</style>
"""


def _plain(text: str) -> str:
    """Text from data shown as Markdown: markup characters escaped, Plotly line breaks as spaces."""
    text = re.sub(r"<br\s*/?>", " ", text or "")
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~])", r"\\\1", text)


def _go(k: int) -> None:
    state.put("slide", str(k))


st.html(CSS)
view = controls.sidebar()
if view is None:
    state.write_url(URL_NAMES)
    st.stop()
league = lg.refine(lg.scope(view))
narrow = device.narrow()
deck = slides.build(view, league, narrow=narrow)
n = len(deck)

with st.container(horizontal=True, vertical_alignment="center", key="slide_nav"):
    raw = state.get("slide")
    i, valid = slides.slide_number(raw, n)
    if not valid:
        state.warn_invalid("slide", raw)
        state.put("slide", str(i) if n else "")
    st.button(t("present_prev"), icon=":material/arrow_back:", shortcut="Left", disabled=i <= 1,
              on_click=partial(_go, i - 1), key="present_prev")
    with st.container(width="content", key="slide_count"):
        st.markdown(f"{i}/{n}" if n else "0/0")
    st.button(t("present_next"), icon=":material/arrow_forward:", icon_position="right", shortcut="Right",
              disabled=i >= n, on_click=partial(_go, i + 1), key="present_next")
    with st.container(width="content", key="slide_keys"):
        st.caption(t("present_keys"))
    st.space("stretch")
    if st.button(t("present_exit"), icon=":material/close:", shortcut="Esc", key="present_exit", type="tertiary"):
        st.switch_page("views/rankings.py")
controls.show_warnings()

if not n:
    st.info(t("present_none"))
else:
    slide = deck[i - 1]
    with st.container(key="slide_head", gap="small"):
        st.title(slide.title, anchor=False)
        st.markdown(_plain(slide.subtitle))
    figures = slides.for_screen(slide, narrow=narrow)
    columns = st.columns(len(figures), gap="small") if len(figures) > 1 else [st.container()]
    for k, (col, fig) in enumerate(zip(columns, figures)):
        with col:
            controls.plot(fig, key=f"slide_{slide.key}_{k}", downloads=False)
    with st.container(horizontal=True, vertical_alignment="center", key="slide_foot"):
        if view.demo:
            st.badge(DEMO_BADGE[view.lang], icon=":material/warning:", color="orange")
        st.markdown(_plain(slide.source_note))
state.write_url(URL_NAMES)
