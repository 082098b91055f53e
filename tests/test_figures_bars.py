"""cchc.figures.bars.ranked_bars: order, colours, highlight, means, not-scored rows, words and numbers."""

import polars as pl
import pytest

from cchc.conventions import group_colours
from cchc.figures.bars import league_order, ranked_bars
from cchc.tables import unique_labels, with_references
from cchc.words import word
from tests.league_fixture import IDX, UNITS, table

WORDS = dict(title="Chỉ số thử", subtitle="Năm 2023 · Cấp tỉnh", source_note="Nguồn: thử. DỮ LIỆU MINH HỌA")


def bars(t=None, **kw):
    kw = {"decimals": 2, "group_colours": group_colours(IDX), **WORDS, **kw}
    return ranked_bars(table() if t is None else t, **kw)


def bar_traces(fig):
    return [tr for tr in fig.data if tr.type == "bar"]


def bar_rows(fig):
    """(label, score, colour) of every bar, top to bottom."""
    order = list(fig.layout.yaxis.categoryarray)
    rows = [(y, x, tr.marker.color) for tr in bar_traces(fig) for y, x in zip(tr.y, tr.x)]
    return sorted(rows, key=lambda r: order.index(r[0]))


def test_bar_order_is_the_league_order_and_missing_units_come_last():
    t = table()
    fig = bars(t)
    assert list(fig.layout.yaxis.categoryarray) == t["unit"].to_list()
    assert fig.layout.yaxis.autorange == "reversed"                  # rank 1 at the top
    assert [r[0] for r in bar_rows(fig)] == t.filter(pl.col("score").is_not_null())["unit"].to_list()


def test_values_and_colours_by_group():
    fig = bars()
    palette = group_colours(IDX)
    assert bar_rows(fig) == [("Cà Mau", 92.5, palette["A"]), ("An Giang", 91.5, palette["A"]),
                             ("Gia Lai", 84.0, palette["B"]), ("Hà Nội", 84.0, palette["B"]),
                             ("Bình Định", 81.0, palette["B"])]
    assert [tr.name for tr in bar_traces(fig) if tr.showlegend] == ["Nhóm A", "Nhóm B"]   # legend in Vietnamese


def test_units_not_scored_have_no_bar_and_say_so():
    fig = bars()
    assert "Đà Nẵng" not in [y for tr in bar_traces(fig) for y in tr.y]
    text = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text"]
    assert len(text) == 1 and list(text[0].y) == ["Đà Nẵng"] and list(text[0].text) == ["Không được chấm điểm"]
    assert "Không được đánh giá" in text[0].hovertext[0]      # the reason is kept
    en = bars(lang="en")
    assert [tr for tr in en.data if tr.type == "scatter" and tr.mode == "text"][0].text[0] == word("not_scored", "en")


def test_hover_and_labels_use_vietnamese_numbers():
    t = table().with_columns(pl.when(pl.col("unit") == "Cà Mau").then(1234.5).otherwise(pl.col("score")).alias("score"))
    fig = bars(t)
    first = bar_traces(fig)[0]
    assert first.text[0] == "1.234,50"
    assert "Điểm: 1.234,50" in first.hovertext[0] and "Hạng 1/5" in first.hovertext[0]
    assert "Thay đổi so với 2022: +4,50 (▲1)" in first.hovertext[0]
    assert "Nhóm: Nhóm A" in first.hovertext[0]
    en = bar_traces(bars(t, lang="en"))[0]
    assert en.text[0] == "1,234.50" and "Score: 1,234.50" in en.hovertext[0]


def test_title_subtitle_and_source_note_are_in_the_layout():
    fig = bars()
    assert fig.layout.title.text == "Chỉ số thử"
    assert fig.layout.title.subtitle.text == "Năm 2023 · Cấp tỉnh"
    assert any("DỮ LIỆU MINH HỌA" in a.text for a in fig.layout.annotations)
    assert fig.layout.separators == ",."
    assert bars(lang="en").layout.separators == ".,"


def test_highlight_outlines_the_bar_and_bolds_the_label():
    fig = bars(highlight="vn63:province:06")
    hn = [tr for tr in bar_traces(fig) if "Hà Nội" in tr.y][0]
    i = list(hn.y).index("Hà Nội")
    assert hn.marker.line.width[i] == 3 and hn.marker.line.width[1 - i] == 0
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    assert "<b>" in ticks["Hà Nội"] and "<b>" not in ticks["Cà Mau"]


def test_means_are_lines_named_in_the_legend():
    fig = bars(mean=[("Trung bình cả nước", 86.6), ("Trung bình vùng", None)])
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.x0 for s in lines] == [86.6]
    names = [tr.name for tr in fig.data if tr.type == "scatter" and tr.mode == "lines"]
    assert names == ["Trung bình cả nước: 86,60"]
    assert bars(mean=86.6, lang="en").data[-1].name == "Mean: 86.60"


def test_reference_rows_and_labels_from_the_page_frame():
    t = with_references(unique_labels(table(), UNITS), [("all", "Trung bình cả nước", 86.6)])
    fig = bars(t)
    assert "Trung bình cả nước" not in list(fig.layout.yaxis.categoryarray)   # a line, not a bar
    assert len(league_order(t)) == 6


@pytest.mark.parametrize("n_rows", [1, 6, 63, 200])
def test_height_scales_with_rows(n_rows):
    t = pl.DataFrame({"unit_id": [f"u{i}" for i in range(n_rows)], "unit": [f"Đơn vị {i}" for i in range(n_rows)],
                      "rank": list(range(1, n_rows + 1)), "n_ranked": [n_rows] * n_rows,
                      "score": [100.0 - i * 0.1 for i in range(n_rows)]})
    fig = ranked_bars(t, decimals=1, **WORDS)
    plot_h = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot_h >= 22 * n_rows and plot_h <= 22 * max(n_rows, 3) + 40


def test_gap_line_between_top_and_bottom_blocks_and_x_start():
    fig = bars(gap_after=2, x_min=8)
    assert any(s.type == "line" and s.y0 == 1.5 for s in fig.layout.shapes)
    assert fig.layout.xaxis.range[0] == 8


def test_narrow_layout_stacks_the_legend_and_wraps_the_title():
    long = "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh"
    wide = bars(title=long)
    narrow = bars(title=long, narrow=True)
    assert "<br>" not in wide.layout.title.text and "<br>" in narrow.layout.title.text
    assert narrow.layout.legend.orientation == "v" and wide.layout.legend.orientation == "h"


def test_no_groups_draws_one_colour_without_legend():
    t = table().with_columns(pl.lit(None, pl.String).alias("group"), pl.lit(None, pl.String).alias("group_label"))
    fig = bars(t)
    assert len(bar_traces(fig)) == 1 and not bar_traces(fig)[0].showlegend


def test_labels_carry_the_rank_ties_share_it_and_not_scored_has_none():
    t = table()
    fig = bars(t, highlight="vn63:province:06")
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    assert ticks["Cà Mau"] == "1. Cà Mau" and ticks["An Giang"] == "2. An Giang"
    assert ticks["Gia Lai"].startswith("3. ") and "3. Hà Nội" in ticks["Hà Nội"]   # a tie: both third
    assert ticks["Đà Nẵng"] == "Đà Nẵng"                                             # not scored: no rank
    assert list(fig.data[0].y) == ["Cà Mau", "An Giang"]                             # the bars keep the plain labels


def test_top_and_bottom_views_keep_the_real_ranks():
    t = table().filter(pl.col("rank").is_in([1, 5]))
    ticks = list(bars(t).layout.yaxis.ticktext)
    assert ticks == ["1. Cà Mau", "5. Bình Định"]


def test_intervals_are_drawn_only_when_asked():
    """Issue 12: error bars of the 95% intervals, asymmetric, hover text naming them; none by default."""
    t = table()
    assert all(tr.error_x.array is None for tr in bar_traces(bars(t)))
    intervals = pl.DataFrame({"unit_id": ["vn63:province:03", "vn63:province:01"],
                              "lower": [91.0, 91.0], "upper": [94.5, 92.0]})
    fig = bars(t, intervals=intervals)
    drawn = {y: (plus, minus) for tr in bar_traces(fig)
             for y, plus, minus in zip(tr.y, tr.error_x.array, tr.error_x.arrayminus)}
    assert drawn["Cà Mau"] == pytest.approx((2.0, 1.5)) and drawn["An Giang"] == pytest.approx((0.5, 0.5))
    assert drawn["Gia Lai"] == (0.0, 0.0)                           # no interval known: no error bar
    hover = {y: h for tr in bar_traces(fig) for y, h in zip(tr.y, tr.hovertext)}
    assert "Khoảng tin cậy 95%: 91,00 – 94,50" in hover["Cà Mau"] and "tin cậy" not in hover["Gia Lai"]
    assert fig.layout.xaxis.range[1] >= 94.5                        # the widest bar fits
