"""Words for how sure a rank is: intervals and rank ranges
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``."""

WORDS: dict[str, tuple[str, str]] = {
    # rank ranges (cchc.uncertainty)
    "uncertainty.rank_range": ("hạng {low}–{high}", "ranks {low}–{high}"),
    "uncertainty.rank_one": ("hạng {rank}", "rank {rank}"),
    # units that cannot be told apart
    "uncertainty.indistinct": ("{unit} không phân biệt được về mặt thống kê với {others} "
                               "(khoảng tin cậy 95% chồng lấn nhau).",
                               "{unit} cannot be told apart from {others} (their 95% intervals overlap)."),
    "uncertainty.distinct": ("Khoảng tin cậy 95% của {unit} không chồng lấn với đơn vị nào khác.",
                             "{unit}'s 95% interval overlaps no other unit's."),
    "uncertainty.and_more": (" và {n} đơn vị khác", " and {n} other units"),
    "uncertainty.pairs": ("{n}/{total} cặp đơn vị liền kề trên bảng xếp hạng không phân biệt được về mặt thống kê.",
                          "{n} of {total} pairs of neighbouring units in the ranking cannot be told apart."),
    # the chart
    "uncertainty.interval_hover": ("Khoảng tin cậy 95%: {lower} – {upper}", "95% interval: {lower} – {upper}"),
    # the Rankings page
    "uncertainty.toggle": ("Hiện khoảng tin cậy", "Show intervals"),
    "uncertainty.toggle_help": (
        "Điểm khảo sát có sai số chọn mẫu: hiện khoảng tin cậy 95% của điểm và khoảng hạng mà mỗi đơn vị "
        "có thể nhận (mô phỏng 2.000 lần từ sai số chuẩn, giả định sai số các thành phần độc lập).",
        "Survey scores carry sampling error: show each score's 95% interval and the ranks a unit could "
        "take (2,000 draws from the standard errors, component errors assumed independent)."),
    "uncertainty.unavailable": ("Chỉ số này không công bố sai số: không có khoảng tin cậy.",
                                "This index publishes no standard errors: no intervals."),
    "uncertainty.column": ("Khoảng hạng", "Rank range"),
    "uncertainty.column_help": ("Hạng thấp nhất và cao nhất trong 95% số lần mô phỏng từ sai số chuẩn",
                                "The 2.5th to 97.5th percentile rank over draws from the standard errors"),
    "uncertainty.profile_line": ("Khoảng tin cậy 95% của điểm: {lower} – {upper}; {ranks} (mô phỏng từ sai số chuẩn).",
                                 "95% interval of the score: {lower} – {upper}; {ranks} (simulated from the standard "
                                 "errors)."),
    "uncertainty.note": ("Thanh sai số: khoảng tin cậy 95% của điểm.", "Error bars: the 95% interval of each score."),
}
