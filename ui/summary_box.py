"""The "Tóm tắt cho báo cáo / Summary for the report" box: a collapsed expander with the paragraph of
:mod:`cchc.summaries` and a button that copies its plain text to the clipboard.

Streamlit has no copy button of its own for text: a small page of our own in ``st.iframe`` holds the
text JSON-escaped and calls ``navigator.clipboard.writeText`` (falling back to a hidden textarea
and ``execCommand("copy")`` where the clipboard API is refused)."""

from __future__ import annotations

import html
import json

import streamlit as st

from cchc.safety import plain
from cchc.selection import League, Scope
from cchc.summaries import league_summary, profile_scope, unit_summary
from ui import data
from ui.text import t

BUTTON_ID = "cchc-copy-summary"
STYLE = """<style>
body { margin: 0; font-family: "Source Sans Pro", "Noto Sans", sans-serif; }
button { font: inherit; font-size: 0.95rem; padding: 0.3rem 0.8rem; border-radius: 0.5rem; cursor: pointer;
         border: 1px solid rgba(49, 51, 63, 0.25); background: white; color: rgb(49, 51, 63); }
button:hover { border-color: #0072B2; color: #0072B2; }
span { margin-left: 0.6rem; color: #1b7f3b; font-size: 0.9rem; }
</style>"""
SCRIPT = """<script>
const text = __TEXT__;
const button = document.getElementById("__ID__");
const done = document.getElementById("__ID__-done");
function fallback() {
  const area = document.createElement("textarea");
  area.value = text;
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}
button.addEventListener("click", async () => {
  try { await navigator.clipboard.writeText(text); } catch (e) { fallback(); }
  done.hidden = false;
  button.dataset.copied = "1";
});
button.dataset.ready = "1";
</script>"""


def copy_html(text: str, label: str, copied: str) -> str:
    """The copy button's page: labels HTML-escaped, the text JSON-escaped inside the script
    (``</`` broken so that no text can close the script element)."""
    data = json.dumps(text, ensure_ascii=False).replace("</", "<\\/")
    body = (f'<button id="{BUTTON_ID}" type="button">{html.escape(label)}</button>'
            f'<span id="{BUTTON_ID}-done" hidden>{html.escape(copied)}</span>')
    return STYLE + body + SCRIPT.replace("__TEXT__", data).replace("__ID__", BUTTON_ID)


def show(text: str) -> None:
    """The box, collapsed by default (nothing when there is no text)."""
    if not text:
        return
    with st.expander(t("summary_box.title"), expanded=False, icon=":material/summarize:"):
        st.markdown(plain(text))
        st.iframe(copy_html(text, t("summary_box.copy"), t("summary_box.copied")), height=44)
        st.caption(t("summary_box.note"))


def show_league(league: League) -> None:
    """The box with the league's paragraph (Rankings page)."""
    show(league_summary(league))


def show_unit(scope: Scope, unit_id: str) -> None:
    """The box with the unit's paragraph (Profile page): its league among every unit of the level, as the
    scorecard ranks it (no region, parent or display filter)."""
    show(unit_summary(data.league(data.store(), profile_scope(scope)), unit_id))
