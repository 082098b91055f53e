"""Data: the bundled datasets — what is there, for which units and periods, from which source."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc.loading import DataFileError
from cchc.numbers import format_number
from cchc.periods import period_label
from ui import data, state
from ui.text import t

state.init()
state.select("lang", "Ngôn ngữ / Language", ["vi", "en"], where=st.sidebar, widget="radio", horizontal=True,
             format_func=lambda v: "Tiếng Việt" if v == "vi" else "English")
lang = state.lang()
vi = lang == "vi"

st.title(t("app_title"))
st.caption("Các bộ dữ liệu đi kèm: PAPI, PAR INDEX, SIPAS và Chỉ số 766" if vi else
           "Bundled datasets: PAPI, PAR INDEX, SIPAS and the 766 index")

try:
    overview = data.dataset_overview(lang)
except DataFileError as exc:
    st.error(t("data_error") + str(exc))
    st.stop()

if overview["demo"].any():
    st.warning(
        "**Dữ liệu minh họa.** Các bộ dữ liệu đi kèm được sinh ngẫu nhiên có kiểm soát và hiệu chỉnh "
        "theo một số số liệu đã công bố; không phải số liệu chính thức." if vi else
        "**Demo data.** The bundled datasets are synthetic, generated deterministically and calibrated to a few "
        "published figures; they are not official statistics."
    )

st.subheader(("Các bộ dữ liệu" if vi else "Datasets") + f" ({overview.height})")
LEVELS = {"vi": {"province": "tỉnh", "district": "huyện", "commune": "xã", "department": "sở, ngành", "ministry": "bộ"},
          "en": {"province": "provinces", "district": "districts", "commune": "communes",
                 "department": "departments", "ministry": "ministries"}}
GEOGRAPHIES = {"vi": {"vn63": "63 tỉnh (cũ)", "vn34": "34 tỉnh (mới)"},
               "en": {"vn63": "63 provinces (old)", "vn34": "34 provinces (new)"}}


def labels(codes: str, names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes.split(", ") if c)


def number(value: int) -> str:
    return format_number(value, 0, lang)


table = overview.select(
    pl.col("title"),
    pl.col("indices"),
    pl.col("first_period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String).alias("from"),
    pl.col("last_period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String).alias("to"),
    pl.col("levels").map_elements(lambda c: labels(c, LEVELS[lang]), return_dtype=pl.String),
    pl.col("geographies").map_elements(lambda c: labels(c, GEOGRAPHIES[lang]), return_dtype=pl.String),
    pl.col("n_units").map_elements(number, return_dtype=pl.String),
    pl.col("n_rows").map_elements(number, return_dtype=pl.String),
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "title": st.column_config.TextColumn("Bộ dữ liệu" if vi else "Dataset", width="large"),
        "indices": "Chỉ số" if vi else "Indices",
        "from": "Từ kỳ" if vi else "From",
        "to": "Đến kỳ" if vi else "To",
        "levels": "Cấp" if vi else "Levels",
        "geographies": "Địa giới" if vi else "Boundaries",
        "n_units": "Số đơn vị có điểm" if vi else "Units scored",
        "n_rows": "Số dòng dữ liệu" if vi else "Data rows",
    },
)
st.caption(("Nguồn: " if vi else "Source: ") + "; ".join(sorted(set(overview["source"].to_list()))))
state.write_url([])
