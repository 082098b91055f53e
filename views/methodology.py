"""Methodology: every index's structure, formula, scale, direction, bands and source —
generated from the index definitions (the words: cchc.methodology and cchc.words)."""

from __future__ import annotations

import streamlit as st

from cchc import captions, methodology
from cchc.periods import span_label
from cchc.safety import plain
from cchc.loading import DataFileError
from ui import controls, data, state
from ui.page import page
from ui.text import t

WIDTHS = {"code": "small", "name": "large", "max": "small", "rule": "large", "indicator_id": None}

with page("page_method", url=["index"], sidebar=False):
    lang = state.lang()
    defs = data.definitions()
    if any(e.get("demo") for e in data.datasets()):
        st.warning(t("method.demo_banner", mark=t("demo_mark"), page=t("page_data")), icon="⚠️")

    chosen = state.select("index", t("index"), list(defs), default="papi",
                          format_func=lambda i: f"{defs[i].short(lang)} — {defs[i].title(lang=lang)}")
    controls.show_warnings()
    d = defs[chosen]
    st.header(d.title(lang=lang))
    st.table(methodology.facts(d, lang).rename({"item": t("method.item"), "value": t("method.value")}))
    st.subheader(t("method.method"))
    st.write(d.method(lang) or methodology.NONE)
    if d.notes(lang):
        st.info(d.notes(lang))
    rule = methodology.range_rule(d, lang)
    if rule:
        st.subheader(t("range.rule_title"))
        st.write(rule)
    st.subheader(t("method.structure"))
    st.dataframe(methodology.structure_table(d, lang), hide_index=True, width="stretch",
                 column_config={c: st.column_config.TextColumn(header, width=WIDTHS[c])
                                for c, header in methodology.structure_headers(lang).items()})
    try:
        periods = data.store().periods_with_data(chosen)
    except DataFileError:  # the definition is still explained; the Data page names the broken dataset
        periods = []
    if periods:
        st.caption(t("method.bundled", span=span_label(periods, lang)))
    st.caption(plain(captions.source_note(d, demo=data.store().is_demo(chosen), lang=lang)))
