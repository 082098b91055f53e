"""ui/data.py: one store per folder, and the recent league views kept for every session, bounded."""

import pytest

from cchc.selection import Selection, league_for
from cchc.store import Store
from ui import data


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("size, asked, kept", [(2, "abc", "bc"), (3, "abca", "abc"), (1, "aa", "a")])
def test_recent_values_are_bounded_in_number(size, asked, kept):
    built = []
    recent = data.Recent(size, 60)
    for key in asked:
        recent.get(key, lambda k=key: built.append(k) or k.upper())
    assert len(recent) == len(kept) and built == list(dict.fromkeys(asked)) and recent.get(kept[-1], str) == kept[-1].upper()


def test_recent_values_expire():
    clock, built = Clock(), []
    recent = data.Recent(8, 10, clock=clock)
    assert recent.get("a", lambda: built.append(1) or "x") == "x"
    clock.now = 5
    assert recent.get("a", lambda: built.append(2) or "y") == "x"
    clock.now = 16
    assert recent.get("a", lambda: built.append(3) or "z") == "z" and built == [1, 3]
    recent.clear()
    assert len(recent) == 0


def test_every_session_gets_the_same_league_of_a_store_and_version():
    store = Store(imported=None)
    first = data.league(store, Selection(index="par", period="2023"))
    assert data.league(store, Selection(index="par", period="2023")) is first
    scope = first.scope.narrowed(region="red_river_delta")
    assert data.league(store, scope).table.equals(league_for(store, scope).table)
    assert data.league(Store(imported=None), Selection(index="par", period="2023")) is not first
