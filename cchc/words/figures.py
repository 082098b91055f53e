"""Words of the figures (part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``.

Chart labels, legends and hover texts of :mod:`cchc.figures`. Figures also use
the shared words of :mod:`cchc.words.common` (``rank``, ``score``, ``change``,
``group``, ``not_scored``, ``no_data``) and say "not scored" only with
``not_scored`` (lower-cased inside a phrase).
"""

WORDS: dict[str, tuple[str, str]] = {
    # any chart
    "chart.mean": ("Trung bình", "Mean"),
    "chart.change_since": ("Thay đổi so với {period}", "Change since {period}"),
    "chart.vs": ("{change} so với {period}", "{change} vs {period}"),
    "chart.units_not_scored": ("{n} đơn vị {not_scored}: {units}", "{n} units {not_scored}: {units}"),
    "chart.value_of_max": ("{value} trên {max}", "{value} of {max}"),
    # time axis (short period labels)
    "tick.quarter": ("Q{roman}/{year}", "Q{n} {year}"),
    "tick.month": ("T{n}/{year}", "{label}"),
    # the biggest movers
    "movers.up": ("Tăng hạng", "Moved up"),
    "movers.down": ("Giảm hạng", "Moved down"),
    "movers.axis": ("Số bậc thay đổi", "Places gained or lost"),
    "movers.none": ("Không có đơn vị nào thay đổi thứ hạng", "No unit changed rank"),
    # units side by side
    "side_by_side.pct_axis": ("% điểm tối đa của thành phần", "% of the component's maximum"),
    # a unit's scorecard: where it stands among its peers (percentile quarter)
    "standing.1": ("Trong 25% đơn vị tốt nhất", "Top 25% of peers"),
    "standing.2": ("Trên trung vị", "Above the median"),
    "standing.3": ("Dưới trung vị", "Below the median"),
    "standing.4": ("Trong 25% đơn vị thấp nhất", "Bottom 25% of peers"),
    # maps
    "map.no_coords": ("{n} đơn vị không có tọa độ, không hiển thị trên bản đồ",
                      "{n} units without coordinates not shown"),
    "map.no_shape": ("{n} đơn vị không có ranh giới trên bản đồ", "{n} units have no boundary on this map"),
    "map.archipelagos": ("Quần đảo Hoàng Sa, Trường Sa", "Hoàng Sa and Trường Sa archipelagos"),
    "map.hoang_sa": ("Quần đảo Hoàng Sa (TP Đà Nẵng)", "Hoàng Sa archipelago (Đà Nẵng)"),
    "map.truong_sa": ("Quần đảo Trường Sa (tỉnh Khánh Hòa)", "Trường Sa archipelago (Khánh Hòa)"),
}
