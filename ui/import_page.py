"""The parts of the import page: upload (index, period, parent, a saved mapping to reuse) →
the steps of reading and checking, shown as they happen → the sheet (a workbook of several) →
what was found and the mapping (corrected by the user) → the validation report → confirm.
Nothing is written until the report has no error and the warnings, if any, are accepted; the
write is one new version in the archive (:mod:`cchc.archive`), shown at once in every view.
Text from the file (title, notes, headers, names in problems) is shown through
:func:`cchc.safety.plain`: never a link, an image or HTML. The templates section is
:mod:`ui.import_templates`.
"""

from __future__ import annotations

import hashlib
import logging
import re

import polars as pl
import streamlit as st

from cchc.archive import ArchiveError
from cchc.intake.mapping import mapping_from_dict, mapping_to_dict, same_shape
from cchc.intake.model import IntakeError, Mapping
from cchc.intake.pipeline import Options, Plan, plan_import
from cchc.intake.reading import MAX_BYTES
from cchc.intake.templates import template_columns
from cchc.numbers import format_number
from cchc.periods import period_label
from cchc.safety import plain
from ui import data, state
from ui.auth import User
from ui.text import t

LOG = logging.getLogger("cchc.import")
UNIT, IGNORE = "__unit__", ""
MAX_UPLOAD_MB = MAX_BYTES // 2**20  # the uploader refuses what the reader would refuse
ACTIVE = re.compile(r"[\\`*_\[\]<>!~$]|://|www\.", re.IGNORECASE)  # what a widget label's Markdown acts on


def label_text(text: str) -> str:
    """A widget label from the file's text: as written when Markdown would not act on it (so a screen reader
    reads "Kết quả (%)", not backslashes), else escaped by :func:`cchc.safety.plain` — never a link, an image,
    emphasis or HTML.

    >>> label_text("Kết quả xếp loại (%)"), label_text("[x](http://e.x)")
    ('Kết quả xếp loại (%)', '\\\\[x\\\\]\\\\(http\\\\://e\\\\.x\\\\)')
    """
    return plain(text) if ACTIVE.search(text) else text


def upload() -> tuple[str, bytes] | None:
    """The file chosen by the user (name, bytes), or None."""
    file = st.file_uploader(t("import.file"), type=["csv", "txt", "xlsx", "xls"], key="import_file",
                            help=t("import.file_help", mb=MAX_UPLOAD_MB), max_upload_size=MAX_UPLOAD_MB)
    if file is None:
        return None
    return file.name, file.getvalue()


def file_key(content: bytes) -> str:
    """A short digest of the uploaded bytes: the widgets that belong to one file are keyed by it."""
    return hashlib.sha1(content).hexdigest()[:10]


def options(lang: str, key: str) -> Options:
    """Index, period, parent, a saved mapping to reuse, and the sheet picked below (by :func:`sheet`),
    when the user wants to say them (else they are inferred)."""
    store = data.store()
    defs = store.definitions
    saved_names = data.archive().mappings()
    c1, c2, c3, *c4 = st.columns(4 if saved_names else 3)
    index = c1.selectbox(t("index"), ["", *defs], key="import_index",
                         format_func=lambda i: defs[i].short(lang) if i else t("import.infer"))
    period = c2.text_input(t("period"), key="import_period", placeholder=t("import.period_hint")).strip()
    parent = c3.text_input(t("parent"), key="import_parent", placeholder=t("import.parent_hint"),
                           help=t("import.parent_help")).strip()
    saved = None
    if saved_names:
        chosen = c4[0].selectbox(t("import.saved_mapping"), ["", *saved_names], key="import_saved_mapping",
                                 format_func=lambda m: m or t("import.saved_none"), help=t("import.saved_mapping_help"))
        saved = saved_mapping(chosen) if chosen else None
    return Options(index=index or None, period=period or None, parent=parent or None, lang=lang, mapping=saved,
                   sheet=st.session_state.get(f"import_sheet_{key}"))


def saved_mapping(name: str) -> Mapping | None:
    """The saved mapping ``name`` from the archive (as ``python -m cchc import --mapping`` loads it), or None
    with a sentence when it cannot be read."""
    try:
        return mapping_from_dict(data.archive().load_mapping(name))
    except (ArchiveError, ValueError) as exc:
        st.error(t("import.saved_bad", name=plain(name), reason=plain(exc)))
        return None


def plan(name: str, content: bytes, opts: Options, *, again: bool = False) -> Plan | None:
    """Read, map and validate, showing each step as it happens (:func:`plan_import`'s ``progress``); a file
    that cannot be read gets one clear sentence."""
    lang = opts.lang
    checked: dict[str, object] = {}  # facts kept between steps (the sheet count, the checked counts)
    with st.status(t("import.rechecking" if again else "import.working"), expanded=False) as status:
        def step(what: str, facts: dict) -> None:
            n = {k: format_number(v, 0, lang) if isinstance(v, int) else plain(v) for k, v in facts.items()}
            if what == "read":
                checked["sheets"] = facts["sheets"]
                if facts["sheets"] > 1:  # a CSV, or a workbook of one sheet: nothing to say about sheets
                    st.write(t("import.step.read", sheets=n["sheets"]))
                status.update(label=t("import.step.finding"))
            elif what == "table":
                st.write(t("import.read", rows=n["rows"], sheet=n["sheet"]) if checked.get("sheets", 1) > 1
                         else t("import.read_rows", rows=n["rows"]))
                status.update(label=t("import.step.mapping"))
            elif what == "mapping":
                index = data.store().definitions.get(facts["index"])
                st.write(t("import.step.mapped", index=plain(index.short(lang)) if index else n["index"],
                           columns=n["columns"]))
            elif what == "validate":
                status.update(label=t("import.step.validate", units=n["units"], values=n["values"]))
                checked.update(n)
            elif what == "ready":
                st.write(t("import.step.checked", units=checked["units"], values=checked["values"],
                           errors=n["errors"], warnings=n["warnings"]))
                status.update(label=t("import.step.ready", errors=n["errors"], warnings=n["warnings"]),
                              state="complete")
        try:
            return plan_import(content, name, data.store(), opts, progress=step)
        except IntakeError as exc:
            status.update(label=t("import.unreadable"), state="error")
            st.error(t("import.unreadable_detail", reason=plain(exc)))
            return None


def sheet(result: Plan | None, key: str) -> None:
    """The sheet picker, when the file has several sheets with data (default: the one the table was found in).
    Its choice is read by :func:`options` on the next run; the names are kept for a chosen sheet that has no
    table (then ``result`` is None and the picker stays, to choose another)."""
    names_key = f"import_sheet_names_{key}"
    if result is not None:
        st.session_state[names_key] = [s.name for s in result.raw.sheets]
    names = st.session_state.get(names_key) or []
    if len(names) < 2:
        return
    current = result.table.sheet if result is not None else st.session_state.get(f"import_sheet_{key}")
    st.selectbox(t("import.sheet"), names, index=names.index(current) if current in names else 0,
                 key=f"import_sheet_{key}", help=t("import.sheet_help"))


def saved_fit(result: Plan, opts: Options, name: str | None) -> None:
    """Say so when the saved mapping chosen was not applied: the table has another shape (the test of
    :func:`cchc.intake.pipeline.plan_import`), or another index was chosen."""
    saved = opts.mapping
    if saved is not None and not (opts.index in (None, saved.index) and same_shape(saved, result.table)):
        st.warning(t("import.saved_not_fit", name=plain(name or "")), icon=":material/rule:")


def found(result: Plan, lang: str) -> Mapping:
    """What was found (title, notes to confirm) and the column mapping, editable; returns the mapping to use."""
    store, mapping, table = data.store(), result.mapping, result.table
    d = store.definition(mapping.index)
    if table.title:
        st.caption(t("import.title_found", title=plain(table.title)))
    for note in result.notes:
        st.info(plain(note), icon=":material/help:")
    labels = {IGNORE: t("import.ignore"), UNIT: t("import.unit_column")}
    labels.update({n.indicator_id: n.label(lang) for n in d.nodes()})  # names, never raw ids
    labels.update({i: header for i, header in template_columns(d, lang) if i not in labels})
    st.markdown(f"**{t('import.col_meaning')}**")
    picked: list[str] = []
    for j, header in enumerate(table.headers):
        if j % 3 == 0:  # one row of three per three headers: on a phone they stack in the file's order
            cells = st.columns(3)
        now = UNIT if j == mapping.unit_column else mapping.indicators.get(j, IGNORE)
        options = list(labels) if now in labels else [*labels, now]
        label = label_text(header) if header else f"#{j + 1}"  # a header is the file's text: never Markdown
        picked.append(cells[j % 3].selectbox(label, options, index=options.index(now),
                                             format_func=lambda v: labels.get(v, v),
                                             key=f"map_{_digest(table.headers)}_{j}"))
    unit_col = picked.index(UNIT) if UNIT in picked else mapping.unit_column
    indicators = {j: m for j, m in enumerate(picked) if m not in (IGNORE, UNIT)}
    # keyed by the proposal too: a period chosen above, or found in another sheet's title, is shown afresh
    period = st.text_input(t("period"), value=mapping.period or "",
                           key=f"import_period_{_digest(table.headers)}_{mapping.period or ''}",
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
        choice = st.selectbox(f"{label}: {label_text(p.message)}", options, key=f"fix_{k}_{p.row}",
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
    lang = state.lang()
    st.caption(t("import.summary", rows=format_number(rep.n_rows, 0, lang),
                 obs=format_number(rep.observations.height, 0, lang), errors=len(rep.errors),
                 warnings=len(rep.warnings)))
    if rep.problems:
        st.dataframe(pl.DataFrame({
            "severity": [t(f"import.severity.{p.severity}") for p in rep.problems],
            "row": [p.row for p in rep.problems], "message": [p.message for p in rep.problems],
            "column": [p.column or "" for p in rep.problems]}, schema={
            "severity": pl.String, "row": pl.Int64, "message": pl.String, "column": pl.String}),
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
        st.error(plain(exc))
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
