"""Import: load a published table or a monthly report — upload, check what was found and
correct the mapping, read the validation report, confirm. For editors and administrators
only; everyone else is told how importing is enabled."""

from __future__ import annotations

import dataclasses

import streamlit as st

from ui import auth, import_page, import_templates, state
from ui.page import page
from ui.text import t

with page("page_import", sidebar=False):
    user = auth.gate_writing(auth.current_user())
    lang = state.lang()
    st.caption(t("import.intro"))
    import_templates.templates(lang)
    chosen = import_page.upload()
    if chosen is not None:
        name, content = chosen
        key = import_page.file_key(content)
        opts = import_page.options(lang, key)
        result = import_page.plan(name, content, opts)
        import_page.sheet(result, key)
        if result is not None:
            import_page.saved_fit(result, opts, st.session_state.get("import_saved_mapping"))
            mapping = import_page.unit_fixes(result, import_page.found(result, lang))
            if mapping != result.mapping:  # corrected: checked again with the user's columns, period and units
                again = dataclasses.replace(opts, mapping=mapping, index=mapping.index,
                                            period=mapping.period or opts.period)
                result = import_page.plan(name, content, again, again=True)
            if result is not None and import_page.report(result):
                import_page.confirm(result, name, content, user, lang)
