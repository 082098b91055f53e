"""Words for improvement priorities: what would lift a unit
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``.

The sentences of :func:`cchc.priorities.step_sentences`; every number is filled in already formatted
(:mod:`cchc.numbers`). ``{verb}`` is ``prio.rise`` or ``prio.fall`` (a lower-is-better component)."""

_NONE = ("Không chỉ số thành phần nào, kể cả khi đạt mức tốt nhất có thể, tự mình ",
         "No single component, even at its best possible value, would ")

WORDS: dict[str, tuple[str, str]] = {
    "prio.title": ("Ưu tiên cải thiện", "Improvement priorities"),
    "prio.intro": ("Mỗi dòng thay đổi riêng một chỉ số thành phần, các thành phần khác giữ nguyên; điểm tổng hợp "
                   "được tính lại theo công thức của chỉ số, thứ hạng so với điểm thực tế của các đơn vị khác "
                   "(bằng điểm thì đồng hạng). Không đề xuất vượt quá điểm tối đa của thành phần.",
                   "Each row changes one component alone, the others kept as they are; the total is recomputed by "
                   "the index's formula and ranked against the other units' actual totals (equal totals share a "
                   "rank). Nothing is proposed beyond a component's maximum."),
    "prio.to_move_up": ("Để lên hạng", "To move up"),
    "prio.component_named": ("Chỉ số thành phần {code} ({name})", "component {code} ({name})"),
    "prio.points": ("điểm", "points"),
    "prio.pct_points": ("điểm phần trăm", "percentage points"),
    "prio.rise": ("tăng", "rose by"),
    "prio.fall": ("giảm", "fell by"),
    "prio.to_max": ("Còn thiếu so với tối đa", "Below the maximum"),
    "prio.peer_median": ("Trung vị các đơn vị", "Peer median"),
    "prio.to_median": ("Cách trung vị", "Gap to median"),
    "prio.best_peer": ("Đơn vị tốt nhất", "Best peer"),
    "prio.to_best": ("Cách đơn vị tốt nhất", "Gap to best"),
    "prio.total_at_median": ("Điểm tổng hợp nếu bằng trung vị", "Total at median"),
    "prio.rank_at_median": ("Hạng nếu bằng trung vị", "Rank at median"),
    "prio.total_at_best": ("Điểm tổng hợp nếu bằng đơn vị tốt nhất", "Total at best"),
    "prio.rank_at_best": ("Hạng nếu bằng đơn vị tốt nhất", "Rank at best"),
    "prio.not_scored": ("{unit} không được chấm điểm ở {period}: không có đề xuất cải thiện.",
                        "{unit} was not scored in {period}: no improvement is proposed."),
    "prio.group.possible": ("Nếu {component} {verb} {gain} {measure}, {unit} lên {target} (hạng {rank}).",
                            "If {component} {verb} {gain} {measure}, {unit} would move into the group “{target}” "
                            "(rank {rank})."),
    "prio.group.already": ("{unit} đã ở {target}.", "{unit} is already in the top group, “{target}”."),
    "prio.group.impossible": (_NONE[0] + "đưa được {unit} lên {target}.",
                              _NONE[1] + "lift {unit} into the group “{target}”."),
    "prio.band.possible": ("Nếu {component} {verb} {gain} {measure}, {unit} đạt mức {target}.",
                           "If {component} {verb} {gain} {measure}, {unit} would reach the band “{target}”."),
    "prio.band.already": ("{unit} đã đạt mức cao nhất ({target}).", "{unit} is already in the highest band, “{target}”."),
    "prio.band.impossible": (_NONE[0] + "đưa được {unit} lên mức {target}.",
                             _NONE[1] + "lift {unit} into the band “{target}”."),
    "prio.top.possible": ("Nếu {component} {verb} {gain} {measure}, {unit} vào nhóm {target} đơn vị dẫn đầu "
                          "(hạng {rank}).",
                          "If {component} {verb} {gain} {measure}, {unit} would enter the top {target} (rank {rank})."),
    "prio.top.already": ("{unit} đã ở trong nhóm {target} đơn vị dẫn đầu.", "{unit} is already in the top {target}."),
    "prio.top.impossible": (_NONE[0] + "đưa được {unit} vào nhóm {target} đơn vị dẫn đầu.",
                            _NONE[1] + "lift {unit} into the top {target}."),
    "prio.next_unit.possible": ("Nếu {component} {verb} {gain} {measure}, {unit} vượt {target} (lên hạng {rank}).",
                                "If {component} {verb} {gain} {measure}, {unit} would pass {target} "
                                "(to rank {rank})."),
    "prio.next_unit.already": ("{unit} đang đứng đầu: không còn đơn vị nào ở trên.",
                               "{unit} is first: no unit is above it."),
    "prio.next_unit.impossible": (_NONE[0] + "giúp {unit} vượt {target}.", _NONE[1] + "take {unit} past {target}."),
}
