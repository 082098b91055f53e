"""cchc.figures.side_by_side (grouped bars, radar, dumbbell) on the small seeded fixture."""

import polars as pl
import pytest

from cchc.comparison import component_matrix, movement
from cchc.figures.side_by_side import component_bars, dumbbell, radar
from cchc.theme import MOVE_COLOURS
from tests.small_scores import NEW, OLD, definition, scores, value

S = scores()
D = definition()
NAMES = {OLD[0]: "An", OLD[1]: "Bình", OLD[2]: "Cường"}
LABELS = {"t.1": "1. Một", "t.2": "2. Hai"}
WORDS = dict(title="So sánh", subtitle="Năm 2023 · Cấp tỉnh · An, Bình, Cường",
             source_note="Nguồn: thử. DỮ LIỆU MINH HỌA")


def matrix(period="2023"):
    return component_matrix(S, D, list(NAMES), period)


def test_grouped_bars_are_shares_of_the_maximum():
    fig = component_bars(matrix(), names=NAMES, labels=LABELS, unit="điểm", **WORDS)
    assert [t.name for t in fig.data] == ["An", "Bình", "Cường (không được chấm điểm)"]
    an = fig.data[0]
    assert list(an.x) == pytest.approx([100 * value(S, OLD[0], "2023", i) / 50 for i in LABELS])
    assert list(fig.data[2].x) == [None, None]  # not scored: no bar, not a bar of 0
    assert "không được chấm điểm" in fig.data[2].text[0]
    assert list(fig.layout.xaxis.range) == [0, 100] and fig.layout.barmode == "group"


def test_radar_is_normalised_and_closed():
    fig = radar(matrix(), names=NAMES, labels=LABELS, decimals=2, unit="điểm", **WORDS)
    an = fig.data[0]
    assert len(an.r) == 3 and an.r[0] == an.r[-1] and an.theta[0] == an.theta[-1]  # closed outline
    assert all(0 <= r <= 100 for r in an.r)
    assert an.r[1] == pytest.approx(100 * value(S, OLD[0], "2023", "t.2") / 50)
    assert list(fig.layout.polar.radialaxis.range) == [0, 100]
    assert list(fig.data[2].r) == [None, None, None] and fig.data[2].fill == "none"


def test_radar_full_marks_reach_the_rim():
    full = pl.DataFrame({"unit_id": ["a", "a"], "indicator_id": ["t.1", "t.2"], "value": [50.0, 25.0],
                         "max_points": [50.0, 50.0], "pct": [100.0, 50.0], "status": ["scored", "scored"]})
    fig = radar(full, names={"a": "A"}, labels=LABELS, **WORDS)
    assert list(fig.data[0].r) == [100.0, 50.0, 100.0]


@pytest.mark.parametrize("lang, mark", [("vi", "trên"), ("en", "of")])
def test_hover_shows_raw_value_and_share_in_the_language_style(lang, mark):
    fig = component_bars(matrix(), names=NAMES, labels=LABELS, lang=lang, unit="điểm", **WORDS)
    v = value(S, OLD[0], "2023", "t.1")
    raw = f"{v:.2f}".replace(".", "," if lang == "vi" else ".")
    assert f"1. Một: {raw} {mark} 50 điểm" in fig.data[0].text[0] and "%)" in fig.data[0].text[0]


def moves(direction="higher"):
    ids = [OLD[0], OLD[1], OLD[2], NEW[0]]
    return movement(S, ids, "t", "2022", "2024", direction=direction, decimals=2)


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_dumbbell_order_and_arrow_direction(direction):
    m = moves(direction)
    names = {**NAMES, NEW[0]: "An (mới)"}
    fig = dumbbell(m, names=names, base_label="Năm 2022", current_label="Năm 2024", decimals=2, unit="điểm", **WORDS)
    expected = [names[u] for u in m.sort("order")["unit_id"]]
    assert list(fig.layout.yaxis.categoryarray) == expected and fig.layout.yaxis.autorange == "reversed"
    arrows = {a.y: a for a in fig.layout.annotations if a.name == "move"}
    for r in m.filter(pl.col("status") == "both").iter_rows(named=True):
        a = arrows[names[r["unit_id"]]]
        assert (a.ax, a.x) == (r["base_value"], r["value"])  # from the base to the current value
        assert a.arrowcolor == (MOVE_COLOURS["up"] if r["improved"] else MOVE_COLOURS["down"])
    assert names[NEW[0]] not in arrows  # no arrow for a unit with no values


def test_dumbbell_marks_a_missing_period_and_carries_its_words():
    m = movement(S, [OLD[3], OLD[0]], "t", "2022", "2024", decimals=2)
    fig = dumbbell(m, names={OLD[3]: "Dũng", OLD[0]: "An"}, base_label="Năm 2022", current_label="Năm 2024",
                   **WORDS)
    missing = [a for a in fig.layout.annotations if a.name == "missing"]
    assert len(missing) == 1 and missing[0].text == "Năm 2022: không được chấm điểm" and missing[0].y == "Dũng"
    assert fig.layout.title.text == "So sánh" and fig.layout.title.subtitle.text.startswith("Năm 2023")
    assert any(a.text == WORDS["source_note"] for a in fig.layout.annotations)


LONG = "2. Công khai, minh bạch trong việc ra quyết định ở địa phương và trách nhiệm giải trình"


@pytest.mark.parametrize("narrow", [False, True])
def test_long_component_labels_are_wrapped_not_cut(narrow):
    fig = component_bars(matrix(), names=NAMES, labels={"t.1": "1. Một", "t.2": LONG}, narrow=narrow, **WORDS)
    label = next(a for a in fig.layout.annotations if a.name == "label" and a.text.startswith("2."))
    assert label.text.replace("<br>", " ") == LONG and label.align == "left"
    assert ("<br>" in label.text) == narrow                               # a phone's width takes two lines
    short = component_bars(matrix(), names=NAMES, labels=LABELS, narrow=narrow, **WORDS)
    if narrow:  # the second line gets its room
        assert fig.layout.height > short.layout.height


def test_dumbbell_labels_get_exact_room_and_the_note_starts_at_the_edge():
    fig = dumbbell(moves(), names={**NAMES, NEW[0]: "An (mới)"}, base_label="Năm 2022", current_label="Năm 2024",
                   narrow=True, **WORDS)
    assert fig.layout.margin.autoexpand is False and fig.layout.margin.l > 0
    note = next(a for a in fig.layout.annotations if a.text.startswith("Nguồn"))
    assert note.xshift == 4 - fig.layout.margin.l
