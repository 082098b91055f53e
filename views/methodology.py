"""Methodology: every index's structure, formula, scale, direction, bands and source —
generated from the index definitions."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc import captions, methodology
from cchc.numbers import format_number
from cchc.periods import period_label, sort_periods
from ui import controls, data, state
from ui.text import t

state.init()
lang = state.lang()
state.select("lang", "Ngôn ngữ / Language", ["vi", "en"], where=st.sidebar, widget="radio", horizontal=True,
             format_func=lambda v: "Tiếng Việt" if v == "vi" else "English")
lang = state.lang()
vi = lang == "vi"
st.title(t("page_method"))
defs = data.definitions()
if any(e.get("demo") for e in data.datasets()):
    st.warning(captions.DEMO_MARK[lang] + (". Các bộ dữ liệu đi kèm được sinh ngẫu nhiên có kiểm soát, hiệu chỉnh theo "
               "một số số liệu đã công bố (xem README)." if vi else
               ". The bundled datasets are synthetic, calibrated to a few published figures (see the README)."),
               icon="⚠️")

chosen = state.select("index", t("index"), list(defs), default="papi", format_func=lambda i: f"{defs[i].short(lang)} — {defs[i].title(lang=lang)}")
controls.show_warnings()
d = defs[chosen]
st.header(d.title(lang=lang))
scale = d.scale
facts = {
    ("Thang điểm" if vi else "Scale"): f"{format_number(scale.min, 0, lang)}–{format_number(scale.max, 0, lang)} {d.unit(lang)}"
    if scale and scale.min is not None else "—",
    ("Chiều" if vi else "Direction"): ("điểm cao hơn là tốt hơn" if d.direction == "higher" else "thấp hơn là tốt hơn")
    if vi else ("higher is better" if d.direction == "higher" else "lower is better"),
    ("Cấp đánh giá" if vi else "Levels"): ", ".join(controls.level_label(lv) for lv in d.levels),
    ("Kỳ" if vi else "Grain"): {"year": "năm", "quarter": "quý", "month": "tháng"}[d.grain] if vi else d.grain,
    ("Số chữ số thập phân" if vi else "Decimals"): str(d.decimals),
    ("Cách tính điểm tổng hợp" if vi else "Composite"): methodology.node_rule(d.root, lang),
    ("Nhóm / xếp loại" if vi else "Groups / bands"): methodology.groups_text(d, lang),
    ("Quy đổi về 34 tỉnh mới" if vi else "Re-expression on the 34 provinces"): methodology.reexpress_text(d, lang),
}
st.table({("Mục" if vi else "Item"): list(facts), ("Nội dung" if vi else "Value"): list(facts.values())})
st.subheader("Phương pháp" if vi else "Method")
st.write(d.method(lang) or "—")
if d.notes(lang):
    st.info(d.notes(lang))
st.subheader("Cấu trúc chỉ số" if vi else "Structure")
table = methodology.component_table(d, lang).with_columns(
    pl.col("max").map_elements(lambda m: format_number(m, 0 if float(m).is_integer() else 2, lang),
                               return_dtype=pl.String))
st.dataframe(
    table.select("code", "name", "max", "rule", "indicator_id"),
    hide_index=True, width="stretch",
    column_config={
        "code": st.column_config.TextColumn("Mã" if vi else "Code", width="small"),
        "name": st.column_config.TextColumn("Tên" if vi else "Name", width="large"),
        "max": st.column_config.TextColumn("Điểm tối đa" if vi else "Max points", width="small"),
        "rule": st.column_config.TextColumn("Cách tính" if vi else "How it is computed", width="large"),
        "indicator_id": st.column_config.TextColumn("Mã chỉ tiêu" if vi else "Indicator id"),
    },
)
periods = sort_periods(data.index_observations(chosen)["period"].unique().to_list())
if periods:
    st.caption(("Số liệu đi kèm: " if vi else "Bundled data: ")
               + f"{period_label(periods[0], lang)} – {period_label(periods[-1], lang)}")
st.caption(captions.source_note(d, demo=data.is_demo(chosen), lang=lang))
state.write_url(["index"])
