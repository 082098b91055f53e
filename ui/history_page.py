"""The parts of the history page: the versions of every imported dataset, a rollback
to any of them (itself a new version), and the audit log."""

from __future__ import annotations

import logging

import polars as pl
import streamlit as st

from cchc.archive import ArchiveError, Version
from ui import data
from ui.auth import User
from ui.text import t

LOG = logging.getLogger("cchc.history")


def versions() -> list[Version]:
    found = data.archive().history()
    if not found:
        st.info(t("history.none"), icon=":material/history:")
    return found


def table(found: list[Version]) -> None:
    st.dataframe(pl.DataFrame({
        "id": [v.id for v in found], "current": [t("yes") if v.current else "" for v in found],
        "action": [t(f"history.action.{v.action}") for v in found], "created": [v.created for v in found],
        "user": [v.user for v in found], "file": [v.file_name or "" for v in found], "rows": [v.rows for v in found],
        "sha256": [(v.sha256 or "")[:12] for v in found]}), hide_index=True, width="stretch", key="history_table",
        column_config={"id": t("history.version"), "current": t("history.current"), "action": t("history.action"),
                       "created": t("history.created"), "user": t("history.user"), "file": t("history.file"),
                       "rows": st.column_config.NumberColumn(t("history.rows"), format="%d"),
                       "sha256": t("history.checksum")})


def rollback(found: list[Version], user: User) -> None:
    """Pick a version that is not current and make it current again."""
    earlier = [v.id for v in found if not v.current]
    if not earlier:
        return
    st.subheader(t("history.rollback"))
    chosen = st.selectbox(t("history.version"), earlier, key="rollback_version")
    if st.button(t("history.rollback_go"), key="rollback_go", icon=":material/undo:", type="primary"):
        try:
            done = data.archive().rollback(chosen, user=user.name)
        except ArchiveError as exc:
            st.error(str(exc))
            return
        LOG.info("rollback to %s by %s", chosen, user.name)
        st.success(t("history.rolled_back", version=chosen, new=done.id), icon=":material/task_alt:")


def audit() -> None:
    entries = data.archive().audit()
    if entries:
        with st.expander(t("history.audit", n=len(entries)), icon=":material/receipt_long:"):
            st.dataframe(pl.DataFrame(entries[::-1]).select(pl.all().cast(pl.String)), hide_index=True,
                         width="stretch", key="audit_table")
