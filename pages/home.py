"""Home: the bundled datasets (the full dashboard pages come next)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc.loading import DataFileError
from cchc.numbers import format_number
from cchc.periods import period_label
from ui import data

st.title("Chỉ số cải cách hành chính")
st.caption("Bảng điều khiển các chỉ số PAPI, PAR INDEX, SIPAS và Chỉ số 766 — dữ liệu đi kèm")

try:
    overview = data.dataset_overview("vi")
except DataFileError as exc:
    st.error(f"Không đọc được dữ liệu: {exc}")
    st.stop()

if overview["demo"].any():
    st.warning(
        "**Dữ liệu minh họa.** Các bộ dữ liệu đi kèm được sinh ngẫu nhiên có kiểm soát và hiệu chỉnh "
        "theo một số số liệu đã công bố; không phải số liệu chính thức."
    )

st.subheader(f"Các bộ dữ liệu ({overview.height})")
LEVELS = {"province": "tỉnh", "district": "huyện", "commune": "xã", "department": "sở, ngành", "ministry": "bộ"}
GEOGRAPHIES = {"vn63": "63 tỉnh (cũ)", "vn34": "34 tỉnh (mới)"}


def labels(codes: str, names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes.split(", ") if c)


table = overview.select(
    pl.col("title"),
    pl.col("indices"),
    pl.col("first_period").map_elements(period_label, return_dtype=pl.String).alias("from"),
    pl.col("last_period").map_elements(period_label, return_dtype=pl.String).alias("to"),
    pl.col("levels").map_elements(lambda c: labels(c, LEVELS), return_dtype=pl.String),
    pl.col("geographies").map_elements(lambda c: labels(c, GEOGRAPHIES), return_dtype=pl.String),
    pl.col("n_units").map_elements(format_number, return_dtype=pl.String),
    pl.col("n_rows").map_elements(format_number, return_dtype=pl.String),
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "title": st.column_config.TextColumn("Bộ dữ liệu", width="large"),
        "indices": "Chỉ số",
        "from": "Từ kỳ",
        "to": "Đến kỳ",
        "levels": "Cấp",
        "geographies": "Địa giới",
        "n_units": "Số đơn vị có điểm",
        "n_rows": "Số dòng dữ liệu",
    },
)
st.caption("Nguồn: " + "; ".join(sorted(set(overview["source"].to_list()))))
