"""cchc.figures.movers: diverging bars of places gained and lost."""

from cchc.figures.movers import movers_bars
from cchc.kpis import movers
from cchc.theme import MOVE_COLOURS
from tests.league_fixture import table

WORDS = dict(title="Thay đổi thứ hạng", subtitle="Năm 2022 → 2023", source_note="Nguồn: thử")


def test_up_then_down_with_old_and_new_rank():
    up, down = movers(table(), 5)
    fig = movers_bars(up, down, decimals=2, **WORDS)
    assert [tr.name for tr in fig.data] == ["Tăng hạng", "Giảm hạng"]
    assert [tr.marker.color for tr in fig.data] == [MOVE_COLOURS["up"], MOVE_COLOURS["down"]]
    assert list(fig.layout.yaxis.categoryarray) == ["Gia Lai", "Cà Mau", "Hà Nội", "Bình Định", "An Giang"]
    assert list(fig.data[0].x) == [2, 1, 1] and list(fig.data[1].x) == [-3, -1]
    assert fig.data[0].text[0] == "5 → 3"
    assert "Thay đổi so với 2022: +9,00 (▲2)" in fig.data[0].hovertext[0]
    assert fig.layout.title.text == "Thay đổi thứ hạng"


def test_no_movers_says_so():
    up, down = movers(table("2021"), 5)
    fig = movers_bars(up, down, decimals=2, lang="en", **WORDS)
    assert not fig.data and any("No unit changed rank" in a.text for a in fig.layout.annotations)


def test_on_a_phone_the_axis_leaves_room_for_the_rank_labels():
    up, down = movers(table(), 5)
    wide, phone = (movers_bars(up, down, decimals=2, narrow=n, **WORDS) for n in (False, True))
    assert phone.layout.xaxis.range[1] > wide.layout.xaxis.range[1]       # "5 → 3" beside the bar, not over names
    assert phone.layout.legend.orientation == "v"
