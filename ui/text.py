"""Interface words in Vietnamese and English. Index and indicator names come from
the index definitions, not from here."""

from __future__ import annotations

from ui import state

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Chỉ số cải cách hành chính", "Public administration reform indices"),
    "language": ("Ngôn ngữ", "Language"),
    "index": ("Chỉ số", "Index"),
    "component": ("Chỉ số thành phần", "Component"),
    "total": ("Điểm tổng hợp", "Overall score"),
    "period": ("Kỳ", "Period"),
    "level": ("Cấp", "Level"),
    "geography": ("Địa giới", "Boundaries"),
    "geo_published": ("Như khi công bố", "As published"),
    "geo_vn34": ("Quy đổi về 34 tỉnh mới", "Re-expressed on today's 34 provinces"),
    "region": ("Vùng", "Region"),
    "all_regions": ("Cả nước", "Whole country"),
    "parent": ("Thuộc đơn vị", "Within"),
    "no_parent": ("Tất cả", "All"),
    "band": ("Nhóm / xếp loại", "Group / band"),
    "all_bands": ("Tất cả các nhóm", "All groups"),
    "my_unit": ("Đơn vị của tôi", "My unit"),
    "none": ("(không chọn)", "(none)"),
    "units": ("Đơn vị", "Units"),
    "search": ("Tìm đơn vị", "Search a unit"),
    "demo_banner": ("**Dữ liệu minh họa** — không phải số liệu chính thức.",
                    "**Demo data** — not official statistics."),
    "no_data": ("Không có số liệu cho lựa chọn này.", "No data for this selection."),
    "not_scored": ("Không được chấm điểm", "Not scored"),
    "bad_link": ("Liên kết có giá trị không hợp lệ, đã dùng mặc định: ", "The link has invalid values; defaults used: "),
    "rank": ("Hạng", "Rank"),
    "unit": ("Đơn vị", "Unit"),
    "score": ("Điểm", "Score"),
    "change": ("Thay đổi", "Change"),
    "rank_change": ("± hạng", "± rank"),
    "group": ("Nhóm", "Group"),
    "note": ("Ghi chú", "Note"),
    "mean_national": ("Trung bình cả nước", "National mean"),
    "mean_selection": ("Trung bình các đơn vị được chọn", "Mean of the selection"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_rankings": ("Bảng xếp hạng", "Rankings"),
    "page_trends": ("Xu hướng", "Trends"),
    "page_profile": ("Hồ sơ đơn vị", "Unit profile"),
    "page_compare": ("So sánh", "Compare"),
    "page_method": ("Phương pháp", "Methodology"),
    "page_data": ("Dữ liệu", "Data"),
    "data_error": ("Không đọc được dữ liệu: ", "Cannot read the data: "),
}


def t(key: str) -> str:
    """The interface text ``key`` in the current language."""
    vi, en = TEXT[key]
    return en if state.lang() == "en" else vi
