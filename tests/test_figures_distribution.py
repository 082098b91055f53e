"""cchc.figures.distribution: one dot per scored unit, colours, my unit, mean, not-scored note, words and numbers."""

import polars as pl
import pytest

from cchc.conventions import group_colours
from cchc.figures.distribution import score_distribution, stack_offsets
from cchc.tables import with_references
from tests.league_fixture import IDX, table

WORDS = dict(title="Phân bố điểm — T", subtitle="Năm 2023 · Cấp tỉnh", source_note="Nguồn: thử. DỮ LIỆU MINH HỌA")


def dist(t=None, **kw):
    kw = {"decimals": 2, "group_colours": group_colours(IDX), **WORDS, **kw}
    return score_distribution(table() if t is None else t, **kw)


def dots(fig):
    return [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "markers" and tr.name != "highlight"]


def test_one_dot_per_scored_unit_coloured_by_group():
    fig = dist()
    palette = group_colours(IDX)
    got = {uid: (x, tr.marker.color) for tr in dots(fig) for uid, x in zip(tr.customdata, tr.x)}
    assert got == {"vn63:province:03": (92.5, palette["A"]), "vn63:province:01": (91.5, palette["A"]),
                   "vn63:province:05": (84.0, palette["B"]), "vn63:province:06": (84.0, palette["B"]),
                   "vn63:province:02": (81.0, palette["B"])}
    assert [tr.name for tr in dots(fig)] == ["Nhóm A", "Nhóm B"]


def test_tied_scores_do_not_overlap():
    fig = dist()
    b = [tr for tr in dots(fig) if tr.name == "Nhóm B"][0]
    at_84 = [y for x, y in zip(b.x, b.y) if x == 84.0]
    assert len(set(at_84)) == 2


def test_not_scored_units_get_no_dot_and_are_named():
    fig = dist()
    assert "vn63:province:04" not in [u for tr in dots(fig) for u in tr.customdata]
    assert any("1 đơn vị không được chấm điểm: Đà Nẵng" in (a.text or "") for a in fig.layout.annotations)
    assert any("1 units not scored: Da Nang" in (a.text or "")
               for a in dist(table(lang="en"), lang="en").layout.annotations)


def test_my_unit_is_marked_and_named_with_a_vietnamese_number():
    t = table().with_columns(pl.when(pl.col("unit") == "Hà Nội").then(1234.5).otherwise(pl.col("score")).alias("score"))
    fig = dist(t, highlight="vn63:province:06")
    ring = [tr for tr in fig.data if tr.name == "highlight"]
    assert len(ring) == 1 and list(ring[0].x) == [1234.5]
    assert any(a.text == "<b>Hà Nội</b>: 1.234,50" for a in fig.layout.annotations)


def test_hover_text_in_vietnamese_number_style():
    fig = dist()
    hover = [h for tr in dots(fig) for h in tr.hovertext]
    assert any("Điểm: 92,50" in h and "Hạng 1/5" in h for h in hover)


def test_mean_line_named_in_the_legend_and_reference_rows_ignored():
    t = with_references(table(), [("all", "Trung bình cả nước", 86.6)])
    fig = dist(t, mean=[("Trung bình cả nước", 86.6)])
    assert sum(len(tr.x) for tr in dots(fig)) == 5
    assert [s.x0 for s in fig.layout.shapes if s.type == "line"] == [86.6]
    assert "Trung bình cả nước: 86,60" in [tr.name for tr in fig.data]


def test_title_subtitle_source_in_layout():
    fig = dist()
    assert fig.layout.title.text == WORDS["title"]
    assert fig.layout.title.subtitle.text == WORDS["subtitle"]
    assert any("DỮ LIỆU MINH HỌA" in (a.text or "") for a in fig.layout.annotations)


@pytest.mark.parametrize("scores, expected", [
    ([1.0, 1.0, 1.0, 5.0], [0.0, 1.0, -1.0, 0.0]),
    ([1.0, 2.0, 3.0], [0.0, 0.0, 0.0]),
    ([], []),
])
def test_stack_offsets(scores, expected):
    assert stack_offsets(scores, 0, 10, bins=10) == expected


def test_single_unit_and_nothing_scored():
    one = table().filter(pl.col("unit") == "Cà Mau")
    assert sum(len(tr.x) for tr in dots(dist(one))) == 1
    none = table().filter(pl.col("score").is_null())
    fig = dist(none)
    assert not dots(fig) and any("Đà Nẵng" in (a.text or "") for a in fig.layout.annotations)
