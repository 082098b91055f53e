"""The parts of the import page: upload → what was found and the mapping (corrected by
the user) → the validation report → confirm. Nothing is written until the report has
no error and the warnings, if any, are accepted; the write is one new version in the
archive (:mod:`cchc.archive`), shown at once in every view.
"""

from __future__ import annotations

import hashlib
import logging

import polars as pl
import streamlit as st

from cchc.archive import ArchiveError
from cchc.intake.mapping import mapping_to_dict
from cchc.intake.model import IntakeError, Mapping
from cchc.intake.pipeline import Options, Plan, plan_import
from cchc.intake.templates import template_csv, template_xlsx
from cchc.periods import period_label
from cchc.words import WORDS, word
from ui import data, state
from ui.auth import User
from ui.text import t

LOG = logging.getLogger("cchc.import")
UNIT, IGNORE = "__unit__", ""
MAX_UPLOAD_MB = 50


def templates(lang: str) -> None:
    """Empty CSV/XLSX templates of an index, with the unit list prefilled."""
    store = data.store()
    with st.expander(t("import.templates"), icon=":material/download:"):
        defs = store.definitions
        index = st.selectbox(t("import.template_index"), list(defs), format_func=lambda i: defs[i].short(lang),
                             key="tpl_index")
        left, right = st.columns(2)
        left.download_button(t("import.template_csv"), data=template_csv(index, store, lang=lang),
                             file_name=f"mau-{index}.csv", mime="text/csv", key="tpl_csv", on_click="ignore")
        right.download_button(t("import.template_xlsx"), data=template_xlsx(index, store, lang=lang),
                              file_name=f"mau-{index}.xlsx", key="tpl_xlsx", on_click="ignore",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def upload() -> tuple[str, bytes] | None:
    """The file chosen by the user (name, bytes), or None."""
    file = st.file_uploader(t("import.file"), type=["csv", "txt", "xlsx", "xls"], key="import_file",
                            help=t("import.file_help", mb=MAX_UPLOAD_MB))
    if file is None:
        return None
    return file.name, file.getvalue()


def options(lang: str) -> Options:
    """Index, period, parent and sheet, when the user wants to say them (else they are inferred)."""
    store = data.store()
    defs = store.definitions
    c1, c2, c3 = st.columns(3)
    index = c1.selectbox(t("index"), ["", *defs], key="import_index",
                         format_func=lambda i: defs[i].short(lang) if i else t("import.infer"))
    period = c2.text_input(t("period"), key="import_period", placeholder=t("import.period_hint")).strip()
    parent = c3.text_input(t("parent"), key="import_parent", placeholder=t("import.parent_hint")).strip()
    return Options(index=index or None, period=period or None, parent=parent or None, lang=lang)


def plan(name: str, content: bytes, opts: Options) -> Plan | None:
    """Read, map and validate, showing progress by step; a file that cannot be read gets one clear sentence."""
    with st.status(t("import.working"), expanded=False) as status:
        try:
            result = plan_import(content, name, data.store(), opts)
        except IntakeError as exc:
            status.update(label=t("import.unreadable"), state="error")
            st.error(t("import.unreadable_detail", reason=str(exc)))
            return None
        status.update(label=t("import.read", rows=result.report.n_rows, sheet=result.table.sheet), state="complete")
    return result


def found(result: Plan, lang: str) -> Mapping:
    """What was found (title, notes to confirm) and the column mapping, editable; returns the mapping to use."""
    store, mapping, table = data.store(), result.mapping, result.table
    d = store.definition(mapping.index)
    if table.title:
        st.caption(t("import.title_found", title=table.title))
    for note in result.notes:
        st.info(note, icon=":material/help:")
    labels = {IGNORE: t("import.ignore"), UNIT: t("import.unit_column")}
    labels.update({n.indicator_id: f"{n.indicator_id} — {n.label(lang)}" for n in d.nodes()})
    labels.update({i: f"{i} — {word(f'input.{i}', lang)}" if f"input.{i}" in WORDS else i
                   for i in d.leaf_inputs() if i not in labels})
    st.markdown(f"**{t('import.col_meaning')}**")
    picked: list[str] = []
    cells = st.columns(3)
    for j, header in enumerate(table.headers):
        now = UNIT if j == mapping.unit_column else mapping.indicators.get(j, IGNORE)
        options = list(labels) if now in labels else [*labels, now]
        picked.append(cells[j % 3].selectbox(header or f"#{j + 1}", options, index=options.index(now),
                                             format_func=lambda v: labels.get(v, v),
                                             key=f"map_{_digest(table.headers)}_{j}"))
    unit_col = picked.index(UNIT) if UNIT in picked else mapping.unit_column
    indicators = {j: m for j, m in enumerate(picked) if m not in (IGNORE, UNIT)}
    period = st.text_input(t("period"), value=mapping.period or "", key="import_period_found",
                           help=t("import.period_hint")).strip() or None
    if mapping.layout == "long":
        return Mapping(**{**mapping.__dict__, "period": period or mapping.period})
    return Mapping(**{**mapping.__dict__, "unit_column": unit_col, "indicators": indicators, "period": period})


def unit_fixes(result: Plan, mapping: Mapping) -> Mapping:
    """Pickers for names the validation could not resolve alone (unknown or ambiguous), with suggestions."""
    store = data.store()
    fixes = dict(mapping.units)
    unresolved = [p for p in result.report.problems if p.code in ("unknown_unit", "ambiguous_unit") and p.suggestions]
    if not unresolved:
        return mapping
    st.markdown(f"**{t('import.fix_units')}**")
    for k, p in enumerate(unresolved):
        label = t("import.fix_row", row=p.row if p.row is not None else "–")
        options = ["", *p.suggestions]
        choice = st.selectbox(f"{label}: {p.message}", options, key=f"fix_{k}_{p.row}",
                              format_func=lambda u: store.unit_name(u, state.lang()) + f" ({u})" if u else "—")
        if choice:
            written = _cell(result, p.row, mapping.unit_column)
            if written:
                fixes[written] = choice
    return Mapping(**{**mapping.__dict__, "units": fixes})


def report(result: Plan) -> bool:
    """The problems, each with file row and column; returns whether the import may go on."""
    rep = result.report
    st.subheader(t("import.report"))
    st.caption(t("import.summary", rows=rep.n_rows, obs=rep.observations.height, errors=len(rep.errors),
                 warnings=len(rep.warnings)))
    if rep.problems:
        st.dataframe(pl.DataFrame({
            "severity": [t(f"import.severity.{p.severity}") for p in rep.problems],
            "row": [p.row for p in rep.problems], "column": [p.column or "" for p in rep.problems],
            "message": [p.message for p in rep.problems]}, schema={
            "severity": pl.String, "row": pl.Int64, "column": pl.String, "message": pl.String}),
            hide_index=True, width="stretch", key="import_problems", placeholder="–", column_config={
                "severity": st.column_config.TextColumn(t("import.col_severity"), width="small"),
                "row": st.column_config.NumberColumn(t("import.col_row"), width="small", format="%d"),
                "column": st.column_config.TextColumn(t("import.col_column")),
                "message": st.column_config.TextColumn(t("import.col_message"), width="large")})
    if rep.errors:
        st.error(t("import.blocked", n=len(rep.errors)), icon=":material/block:")
        return False
    if rep.warnings:
        return st.checkbox(t("import.accept_warnings", n=len(rep.warnings)), key="import_accept")
    st.success(t("import.clean"), icon=":material/check_circle:")
    return True


def confirm(result: Plan, name: str, content: bytes, user: User, lang: str) -> None:
    """Dataset name and visibility, then the import itself (one new version) and where to see it."""
    mapping = result.mapping
    default = f"real-{mapping.index}"
    c1, c2 = st.columns([2, 1])
    dataset = c1.text_input(t("import.dataset"), value=default, key="import_dataset",
                            help=t("import.dataset_help")).strip()
    restricted = c2.checkbox(t("import.restricted"), key="import_restricted", help=t("import.restricted_help"))
    save_as = st.text_input(t("import.save_mapping"), key="import_save_mapping", help=t("import.save_mapping_help"))
    if not st.button(t("import.go"), type="primary", icon=":material/upload:", key="import_go"):
        return
    if dataset in {e["id"] for e in data.store().catalogue if e.get("demo")}:
        st.error(t("import.bundled_id", dataset=dataset))
        return
    archive = data.archive()
    try:
        with st.spinner(t("import.writing")):
            version = archive.write(dataset, result.report.observations, index=mapping.index, user=user.name,
                                    file_name=name, data=content, mapping=mapping_to_dict(mapping),
                                    restricted=restricted)
            if save_as.strip():
                archive.save_mapping(save_as.strip(), mapping_to_dict(mapping))
    except ArchiveError as exc:
        st.error(str(exc))
        return
    LOG.info("import %s by %s: %s rows from %s", version.id, user.name, version.rows, name)
    periods = sorted(result.report.observations["period"].unique().to_list())
    state.put("index", mapping.index)
    if periods:
        state.put("period", periods[-1])
    st.success(t("import.done", version=version.id, rows=version.rows,
                 periods=", ".join(period_label(p, lang) for p in periods)), icon=":material/task_alt:")
    st.page_link("views/rankings.py", label=t("import.see_rankings"), icon=":material/leaderboard:")


def _digest(headers: list[str]) -> str:
    return hashlib.sha1("\x1f".join(headers).encode()).hexdigest()[:10]


def _cell(result: Plan, row: int | None, column: int) -> str | None:
    if row is None or row not in result.table.row_numbers:
        return None
    values = result.table.rows[result.table.row_numbers.index(row)]
    return values[column] if column < len(values) else None
