"""Import: load a published table or a monthly report — upload, check what was found and
correct the mapping, read the validation report, confirm. For editors and administrators
only; everyone else is told how importing is enabled."""

from __future__ import annotations

import dataclasses

import streamlit as st

from ui import auth, import_page, state
from ui.page import page
from ui.text import t

with page("page_import", sidebar=False):
    user = auth.gate_writing(auth.current_user())
    lang = state.lang()
    st.caption(t("import.intro"))
    import_page.templates(lang)
    chosen = import_page.upload()
    if chosen is not None:
        name, content = chosen
        opts = import_page.options(lang)
        result = import_page.plan(name, content, opts)
        if result is not None:
            mapping = import_page.unit_fixes(result, import_page.found(result, lang))
            if mapping != result.mapping:
                result = import_page.plan(name, content, dataclasses.replace(opts, mapping=mapping))
            if result is not None and import_page.report(result):
                import_page.confirm(result, name, content, user, lang)
