"""History: every import and rollback — who, when, which file, how many rows — with a
rollback to any earlier version. For editors and administrators only."""

from __future__ import annotations

import streamlit as st

from ui import auth, history_page
from ui.page import page

with page("page_history", sidebar=False):
    user = auth.gate_writing(auth.current_user())
    versions = history_page.versions()
    if versions:
        history_page.table(versions)
        history_page.rollback(versions, user)
    history_page.audit()
