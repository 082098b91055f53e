"""Home: the bundled datasets (the full dashboard pages come next)."""

from __future__ import annotations

import streamlit as st

from cchc.loading import DataFileError
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
table = overview.select(
    "title", "indices", "first_period", "last_period", "n_periods", "levels", "geographies", "n_units", "n_rows",
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "title": st.column_config.TextColumn("Bộ dữ liệu", width="large"),
        "indices": "Chỉ số",
        "first_period": "Từ kỳ",
        "last_period": "Đến kỳ",
        "n_periods": st.column_config.NumberColumn("Số kỳ", format="localized"),
        "levels": "Cấp",
        "geographies": "Địa giới",
        "n_units": st.column_config.NumberColumn("Số đơn vị có điểm", format="localized"),
        "n_rows": st.column_config.NumberColumn("Số dòng", format="localized"),
    },
)
st.caption("Nguồn: " + "; ".join(sorted(set(overview["source"].to_list()))))
