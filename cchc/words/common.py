"""Words every output shares — league tables, captions, the command line and exports
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``."""

WORDS: dict[str, tuple[str, str]] = {
    # levels and boundary sets
    "level.province": ("Cấp tỉnh", "Provinces"),
    "level.district": ("Cấp huyện", "Districts"),
    "level.commune": ("Cấp xã", "Communes"),
    "level.department": ("Sở, ban, ngành", "Departments"),
    "level.ministry": ("Bộ, cơ quan ngang bộ", "Ministries"),
    "geography.vn63": ("địa giới cũ (63 tỉnh, đến 30/6/2025)", "old boundaries (63 provinces, to 30 Jun 2025)"),
    "geography.vn34": ("địa giới mới (34 tỉnh, từ 1/7/2025)", "new boundaries (34 provinces, from 1 Jul 2025)"),
    "reexpressed_with": ("{geo}, quy đổi: {rule}", "{geo}, re-expressed: {rule}"),
    # the demo mark
    "demo_mark": ("DỮ LIỆU MINH HỌA — không phải số liệu chính thức", "DEMO DATA — not official statistics"),
    "demo_badge": ("DỮ LIỆU MINH HỌA", "DEMO DATA"),
    # direction
    "direction.higher": ("điểm cao hơn là tốt hơn", "higher is better"),
    "direction.lower": ("thấp hơn là tốt hơn", "lower is better"),
    # league-table columns
    "rank": ("Hạng", "Rank"),
    "unit": ("Đơn vị", "Unit"),
    "score": ("Điểm", "Score"),
    "change": ("Thay đổi", "Change"),
    "rank_change": ("± hạng", "± rank"),
    "group": ("Nhóm", "Group"),
    "note": ("Ghi chú", "Note"),
    "total": ("Điểm tổng hợp", "Overall score"),
    # missing values and coverage (see cchc.conventions)
    "not_scored": ("Không được chấm điểm", "Not scored"),
    "no_data": ("Không có số liệu", "No data"),
    "missing_part": ("Thiếu thành phần", "Missing component"),
    "move.new": ("mới", "new"),
    "coverage_note": ("Quy đổi từ {used}/{total} đơn vị cũ có điểm", "Re-expressed from {used}/{total} old units with a score"),
    # captions and summaries
    "source": ("Nguồn", "Source"),
    "notes_label": ("Ghi chú", "Note"),
    "ranked_summary": ("{ranked}/{total} đơn vị được xếp hạng", "{ranked}/{total} units ranked"),
    "not_scored_count": ("{n} không có số liệu", "{n} not scored"),
    "mean_summary": ("trung bình {mean}", "mean {mean}"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
}
