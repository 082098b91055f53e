"""cchc.figures.trends on the small seeded fixture."""

import plotly.graph_objects as go
import polars as pl
import pytest

from cchc.events import event_positions
from cchc.figures.trends import component_panels, component_stack, tick_label, trend_lines
from cchc.series import change_since, component_means, reference_series, unit_series
from tests.small_scores import NEW, OLD, scores, value

S = scores()
NAMES = {OLD[0]: "An (cũ)", OLD[2]: "Cường (cũ)", OLD[3]: "Dũng (cũ)", NEW[0]: "An (mới)", NEW[1]: "Bình (mới)",
         OLD[1]: "Bình (cũ)"}
WORDS = dict(title="Chỉ số thử", subtitle="Năm 2021–2025 · Cấp tỉnh", source_note="Nguồn: thử. DỮ LIỆU MINH HỌA")


def lines(lang="vi", base=None, units=(OLD[2], NEW[0])):
    series = unit_series(S, list(units), "t")
    refs = reference_series(S, "t", decimals=2)
    if base:
        series, refs = change_since(series, base), change_since(refs, base, by="series")
    return trend_lines(series, names=NAMES, references=refs, reference_labels={"mean": "Trung bình", "best": "Dẫn đầu"},
                       events=event_positions(series["period"].to_list()), lang=lang, decimals=2, unit="điểm",
                       base=base, **WORDS)


def trace(fig: go.Figure, name: str) -> go.Scatter:
    return next(t for t in fig.data if t.name == name)


def test_missing_values_are_gaps_not_zeros():
    fig = lines()
    cuong = trace(fig, "Cường (cũ)")
    assert cuong.connectgaps is False
    assert list(cuong.y) == [value(S, OLD[2], p) for p in ["2021", "2022", "2023", "2024", "2025"]]
    assert cuong.y[2] is None and cuong.y[4] is None and 0 not in cuong.y
    assert "không có số liệu" in cuong.text[2]


def test_merger_line_and_label_are_on_the_axis():
    fig = lines()
    shapes = [s for s in fig.layout.shapes if s.name == "merger_2025"]
    assert len(shapes) == 1 and str(shapes[0].x0)[:10] == "2025-01-01" and shapes[0].line.dash == "dash"
    assert any(a.text == "Sáp nhập tỉnh 1/7/2025" for a in fig.layout.annotations)
    assert any(a.text == "Provinces merged 1 Jul 2025" for a in lines("en").layout.annotations)


def test_no_merger_line_when_all_periods_are_on_one_side():
    series = unit_series(S.filter(pl.col("period") != "2025"), [OLD[0]], "t")
    fig = trend_lines(series, names=NAMES, events=event_positions(series["period"].to_list()), **WORDS)
    assert not [s for s in fig.layout.shapes if s.name == "merger_2025"]


@pytest.mark.parametrize("lang, number, period", [("vi", ",", "Năm 2021"), ("en", ".", "2021")])
def test_hover_texts_use_the_language_number_style(lang, number, period):
    fig = lines(lang)
    text = trace(fig, "An (mới)").text[4]
    v = value(S, NEW[0], "2025")
    whole, frac = f"{v:.2f}".split(".")
    assert f"{whole}{number}{frac}" in text
    assert trace(fig, "Cường (cũ)").text[0].startswith("<b>Cường (cũ)</b><br>" + period)
    best = trace(fig, "Dẫn đầu").text[0]
    assert "Dẫn đầu:" in best  # the best unit is named in the hover


def test_title_subtitle_and_source_note_are_in_the_layout():
    fig = lines()
    assert fig.layout.title.text == "Chỉ số thử" and fig.layout.title.subtitle.text == WORDS["subtitle"]
    assert any(a.text == WORDS["source_note"] for a in fig.layout.annotations)
    assert fig.layout.separators == ",." and fig.layout.height > 340


def test_change_since_base_view():
    fig = lines(base="2021")
    an = trace(fig, "Cường (cũ)")
    assert an.y[0] == 0.0 and an.y[2] is None
    assert an.y[1] == pytest.approx(value(S, OLD[2], "2022") - value(S, OLD[2], "2021"))
    assert "so với Năm 2021" in an.text[1] and an.text[1].count("+") + an.text[1].count("−") == 1
    assert any(s.type == "line" and s.y0 == 0 and s.y1 == 0 for s in fig.layout.shapes)  # zero line


def test_ticks_are_short_period_labels():
    fig = lines()
    assert list(fig.layout.xaxis.ticktext) == ["2021", "2022", "2023", "2024", "2025"]


@pytest.mark.parametrize("period, lang, text", [("2023", "vi", "2023"), ("2025-07", "vi", "T7/2025"),
                                                ("2025-07", "en", "Jul 2025"), ("2025-Q3", "vi", "QIII/2025"),
                                                ("2025-Q3", "en", "Q3 2025")])
def test_tick_label(period, lang, text):
    assert tick_label(period, lang) == text


def test_component_stack_leaves_missing_segments_out():
    parts = unit_series(S, [OLD[3]], ["t.1", "t.2"])
    total = unit_series(S, [OLD[3]], "t")
    fig = component_stack(parts, labels={"t.1": "1. Một", "t.2": "2. Hai"}, total=total, total_label="Tổng",
                          events=event_positions(parts["period"].to_list()), **WORDS)
    assert fig.layout.barmode == "stack"
    two = trace(fig, "2. Hai")
    assert two.y[1] is None and 0 not in [y for y in two.y if y is not None]
    assert trace(fig, "Tổng").y[1] is None
    flags = [a for a in fig.layout.annotations if a.name == "no_data"]
    assert {str(a.x)[:4] for a in flags} == {"2022"}  # Dũng: a part missing in 2022; 2025 (absent) just empty


def test_component_panels_one_panel_per_component_with_mean():
    parts = unit_series(S, [OLD[0]], ["t.1", "t.2"])
    fig = component_panels(parts, labels={"t.1": "1. Một", "t.2": "2. Hai"}, means=component_means(S, ["t.1", "t.2"]),
                           unit_name="An", mean_label="Trung bình", maxima={"t.1": 50.0, "t.2": 50.0}, **WORDS)
    assert len(fig.data) == 4 and [t.showlegend for t in fig.data] == [True, True, False, False]
    assert list(fig.layout.yaxis.range) == [0, 51.0]
    assert {a.text for a in fig.layout.annotations} >= {"1. Một", "2. Hai", WORDS["source_note"]}


def test_the_event_label_is_written_where_the_periods_leave_room():
    """At the end of the data the merger's label goes left of its line (written to the right, Plotly
    widened the axis for it and squeezed the plot); early in the data it goes right."""
    late = [a for a in lines().layout.annotations if a.name == "merger_2025"]
    assert len(late) == 1 and late[0].xanchor == "right"
    import datetime as dt

    from cchc.events import MERGER_2025

    series = unit_series(S, [NEW[0]], "t")
    fig = trend_lines(series, names=NAMES, events=[(MERGER_2025, dt.date(2021, 6, 1))], **WORDS)
    early = [a for a in fig.layout.annotations if a.name == MERGER_2025.key]
    assert early[0].xanchor == "left"


def test_long_reference_names_are_kept_whole_in_the_legend():
    long = "Trung bình vùng Bắc Trung Bộ và duyên hải miền Trung"
    series = unit_series(S, [OLD[2]], "t")
    refs = reference_series(S, "t", decimals=2)
    fig = trend_lines(series, names=NAMES, references=refs, reference_labels={"mean": long}, **WORDS)
    name = [t.name for t in fig.data if t.name.replace("<br>", " ") == long]
    assert name and "…" not in name[0]


def test_on_a_phone_fewer_period_labels_and_one_panel_a_row():
    parts = unit_series(S, [OLD[0]], ["t.1", "t.2"])
    panels = component_panels(parts, labels={"t.1": "1. Một", "t.2": "2. Hai"}, unit_name="An", narrow=True, **WORDS)
    assert len({t.xaxis for t in panels.data}) == 2 and panels.layout.xaxis2.domain[0] == panels.layout.xaxis.domain[0]
    series = unit_series(S, [OLD[0]], "t")
    phone = trend_lines(series, names=NAMES, narrow=True, **WORDS)
    assert len(phone.layout.xaxis.ticktext) <= 5 and phone.layout.xaxis.tickangle == 0
    assert "<br>" not in trend_lines(series, names=NAMES, narrow=False, **WORDS).layout.title.text


def test_panel_titles_are_whole_on_two_lines():
    label = "2. Công khai, minh bạch trong việc ra quyết định ở địa phương"
    parts = unit_series(S, [OLD[0]], ["t.1", "t.2"])
    fig = component_panels(parts, labels={"t.1": "1. Một", "t.2": label}, unit_name="An", **WORDS)
    title = next(a.text for a in fig.layout.annotations if a.text.replace("<br>", " ") == label)
    assert title.count("<br>") == 1


def test_reference_lines_never_look_like_a_unit():
    """The mean, the regional mean and the best unit are dashed, thinner and in colours no unit line gets."""
    from cchc.theme import COLORWAY

    fig = lines(units=tuple(OLD[:3]) + (NEW[0],))
    units = [t for t in fig.data if t.name in NAMES.values()]
    refs = [t for t in fig.data if t.name in ("Trung bình", "Dẫn đầu")]
    assert len(refs) == 2 and units
    for ref in refs:
        assert ref.line.color not in COLORWAY and ref.line.dash not in (None, "solid")
        assert all(ref.line.width < u.line.width for u in units)
