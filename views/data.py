"""Data: the bundled datasets — what is there, for which units and periods, from which source
(the table and its words: cchc.catalogue and cchc.words)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc import catalogue
from cchc.loading import DataFileError
from cchc.safety import plain
from ui import controls, data, state
from ui.page import page
from ui.text import t

with page("page_data", sidebar=False):
    lang = state.lang()
    st.caption(t("data.bundled"))
    try:
        overview = data.dataset_overview(lang)
    except DataFileError as exc:  # the problems below name what is broken
        overview = None
        st.error(plain(t("data_error") + controls.dataset_words(exc)))
    if overview is not None:
        if overview["demo"].any():
            st.warning(t("data.demo_warning"))
        st.subheader(t("data.datasets", n=overview.height))
        headers = catalogue.headers(lang)
        st.dataframe(catalogue.overview_table(overview, lang), hide_index=True, width="stretch",
                     column_config={**headers, "title": st.column_config.TextColumn(headers["title"], width="large")})
        st.caption(plain(catalogue.sources(overview, lang)))
    findings = data.findings()
    if findings.height:
        st.subheader(t("data.findings", n=findings.height))
        st.dataframe(findings.with_columns(pl.col("severity").replace({"error": t("import.severity.error"),
                                                                       "warning": t("import.severity.warning")})),
                     hide_index=True, width="stretch", key="findings",
                     column_config={"severity": t("import.col_severity"), "part": t("data.finding_part"),
                                    "name": t("data.finding_name"),
                                    "message": st.column_config.TextColumn(t("import.col_message"), width="large")})
