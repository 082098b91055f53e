"""cchc.figures.layout: wrapped texts, legend rows and exact margins."""

import plotly.graph_objects as go
import pytest

from cchc.figures import layout
from cchc.figures.layout import MODEBAR_PX, fit_legend, fold, framed, is_narrow, label_width, short, text_widths, wrap


@pytest.mark.parametrize("text, width, expected", [
    ("Năm 2023 · Cấp tỉnh", 40, "Năm 2023 · Cấp tỉnh"),
    ("một hai ba bốn", 7, "một hai<br>ba bốn"),
    ("", 10, ""),
])
def test_wrap(text, width, expected):
    assert wrap(text, width) == expected


def test_text_widths_grow_with_the_figure():
    assert text_widths(360) < text_widths(1300)


def test_margins_make_room_for_legend_rows_and_wrapped_texts():
    def top(**kw):
        fig = framed(go.Figure(), title="T", subtitle="S", source_note="N", lang="vi", height=300, **kw)
        return fig.layout.margin.t, fig.layout.height

    base, h0 = top()
    two_rows, h1 = top(legend_items=4, legend_columns=2)
    phone, _ = top(narrow=True)
    narrow, _ = top(legend_items=4, legend_columns=2, narrow=True)
    assert two_rows - base == 44 and h1 - h0 == 44 and narrow - phone == 4 * layout.ROW_V_PX   # one per row
    assert phone - base == MODEBAR_PX           # on a phone the title starts below the chart's toolbar


def test_left_margin_is_exact_and_the_source_note_starts_at_the_edge():
    fig = framed(go.Figure(), title="T", subtitle="S", source_note="Nguồn", lang="vi", height=300, left=120)
    assert fig.layout.margin.l == 120 and fig.layout.margin.autoexpand is False
    note = [a for a in fig.layout.annotations if a.text == "Nguồn"][0]
    assert note.xshift == -116


def test_label_width():
    assert label_width(["Thừa Thiên Huế"]) > label_width(["Huế"])


def test_frame_helpers():
    assert wrap("một hai ba bốn", 7) == "một hai<br>ba bốn"
    assert short("Trung bình vùng Đồng bằng sông Hồng", 20) == "Trung bình vùng…"
    assert short("Ngắn", 20) == "Ngắn"


def test_without_left_plotly_sizes_the_side_margins_and_keeps_the_builders():
    fig = framed(go.Figure(), title="T", subtitle="S", source_note="N", lang="vi", height=300, legend_items=2)
    assert fig.layout.margin.autoexpand is not False and fig.layout.yaxis.automargin is not False
    assert (fig.layout.margin.l, fig.layout.legend.xref) == (16, "paper")
    radar = go.Figure(layout=dict(margin=dict(l=90, r=90)))
    radar = framed(radar, title="T", subtitle="S", source_note="N", lang="vi", height=300)
    assert (radar.layout.margin.l, radar.layout.margin.r) == (90, 90)


def test_room_above_the_plot_for_subplot_titles():
    def layout(above):
        fig = framed(go.Figure(), title="T", subtitle="S", source_note="N", lang="vi", height=300, legend_items=2,
                     above=above)
        return fig.layout.margin.t, fig.layout.legend.y

    (t0, y0), (t1, y1) = layout(0), layout(30)
    assert t1 - t0 == 30 and y1 - y0 == pytest.approx(30 / 300)


def legend_figure(*names):
    fig = go.Figure()
    for n in names:
        fig.add_scatter(x=[1], y=[1], name=n)
    return fig


LONG = "Trung bình Bắc Trung Bộ và duyên hải miền Trung"


def test_a_long_legend_entry_is_wrapped_in_full_and_its_row_gets_the_room():
    short_fig = framed(legend_figure("Hà Nội", "Huế", "Trung bình cả nước", "Đơn vị dẫn đầu"), title="T",
                       subtitle="S", source_note="N", lang="vi", height=300, legend_items=4, legend_columns=2)
    long_fig = framed(legend_figure("Hà Nội", "Huế", "Trung bình cả nước", LONG), title="T", subtitle="S",
                      source_note="N", lang="vi", height=300, legend_items=4, legend_columns=2, width=500)
    name = long_fig.data[3].name
    assert "<br>" in name and name.replace("<br>", " ") == LONG and "…" not in name      # nothing cut
    assert long_fig.layout.margin.t - short_fig.layout.margin.t == layout.LINE_PX    # one more line in row 2


def test_legend_columns_hold_their_entries():
    fig = legend_figure(*[f"Đơn vị số {i} có tên rất dài là dài" for i in range(6)])
    columns, heights = fit_legend(fig, columns=3, px=300)
    assert columns < 3 and max(heights) <= 2                       # fewer columns rather than three-line entries
    chars = int((300 / columns - layout.SYMBOL_PX) / layout.GLYPH_PX)
    assert all(len(line) <= chars for tr in fig.data for line in tr.name.split("<br>"))


def test_fold_keeps_at_most_the_lines_asked_for():
    assert fold(LONG, 24) == "Trung bình Bắc Trung Bộ<br>và duyên hải miền Trung"
    assert fold(LONG, 12, most=2).count("<br>") == 1 and fold(LONG, 12, most=2).endswith("…")


def test_the_device_check_decides_when_the_builder_does_not(monkeypatch):
    monkeypatch.setattr(layout, "_device", None)
    assert is_narrow(None) is False and is_narrow(True) is True
    layout.use_device(lambda: True)
    assert is_narrow(None) is True and is_narrow(False) is False
    fig = framed(go.Figure(), title="Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh", subtitle="S",
                 source_note="N", lang="vi", height=300, width=768)
    assert "<br>" in fig.layout.title.text and fig.layout.title.xref == "container"   # wrapped for the phone

    def broken():
        raise RuntimeError("no session")

    layout.use_device(broken)
    assert is_narrow(None) is False                                # a failing check never breaks a figure
