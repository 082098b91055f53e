"""cchc.figures.layout: wrapped texts, legend rows and exact margins."""

import plotly.graph_objects as go
import pytest

from cchc.figures.layout import framed, label_width, short, text_widths, wrap


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
    narrow, _ = top(legend_items=4, legend_columns=2, narrow=True)
    assert two_rows - base == 44 and h1 - h0 == 44 and narrow - base == 88


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
