"""cchc.figures.scorecard (a unit's components among its peers) on the small seeded fixture."""

import pytest

from cchc.figures.scorecard import scorecard_bars, standing
from cchc.profile import scorecard
from tests.small_scores import OLD, definition, scores, value

S = scores()
D = definition()
LABELS = {"t.1": "1. Một", "t.2": "2. Hai"}
WORDS = dict(title="So sánh", subtitle="Năm 2023 · Cấp tỉnh · An, Bình, Cường",
             source_note="Nguồn: thử. DỮ LIỆU MINH HỌA")


@pytest.mark.parametrize("p, q", [(98.4, 1), (75.0, 1), (74.9, 2), (50.0, 2), (25.0, 3), (0.0, 4), (None, None)])
def test_standing_quarters(p, q):
    assert standing(p) == q


def test_scorecard_bars_with_peer_mean_marker():
    card = scorecard(S, D, OLD[0], "2024")
    fig = scorecard_bars(card, labels=LABELS, unit_name="An", mean_label="Trung bình", decimals=2, unit="điểm",
                         **WORDS)
    bars, means = fig.data[0], fig.data[1]
    assert list(bars.x) == pytest.approx([100 * value(S, OLD[0], "2024", i) / 50 for i in LABELS])
    peer = sum(value(S, u, "2024", "t.1") for u in OLD) / 4
    assert means.x[0] == pytest.approx(100 * peer / 50) and means.marker.symbol == "diamond"
    assert "Hạng" in bars.text[0] and "/4" in bars.text[0]
    not_scored = scorecard_bars(scorecard(S, D, OLD[2], "2023"), labels=LABELS, unit_name="Cường", **WORDS)
    assert list(not_scored.data[0].x) == [None, None]
    assert any(a.name == "not_scored" for a in not_scored.layout.annotations)


def test_a_long_component_label_is_wrapped_in_full_on_a_phone():
    long = "2. Công khai, minh bạch trong việc ra quyết định ở địa phương"
    card = scorecard(S, D, OLD[0], "2024")
    fig = scorecard_bars(card, labels={"t.1": "1. Một", "t.2": long}, unit_name="An", narrow=True, **WORDS)
    label = next(a for a in fig.layout.annotations if a.name == "label" and a.text.startswith("2."))
    assert label.text.replace("<br>", " ") == long and "<br>" in label.text and "…" not in label.text
    wide = scorecard_bars(card, labels={"t.1": "1. Một", "t.2": long}, unit_name="An", narrow=False, **WORDS)
    assert "<br>" not in next(a.text for a in wide.layout.annotations if a.name == "label" and a.text.startswith("2."))
