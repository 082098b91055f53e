"""cchc.kpis: headline figures and the biggest movers of a league table."""

import polars as pl
import pytest

from cchc.kpis import headline, movers
from tests.league_fixture import table


def test_headline_of_the_fixture():
    h = headline(table("2023"), table("2022"))
    assert h["mean"] == pytest.approx((92.5 + 91.5 + 84 + 84 + 81) / 5)     # not-scored Đà Nẵng left out
    assert h["prev_mean"] == pytest.approx((92 + 88 + 88 + 81 + 75) / 5)
    assert h["mean_change"] == pytest.approx(h["mean"] - h["prev_mean"])
    assert h["prev_period"] == "2022"
    assert (h["best"], h["best_score"], h["worst"], h["worst_score"]) == (["Cà Mau"], 92.5, ["Bình Định"], 81.0)
    assert (h["n_units"], h["n_ranked"], h["n_not_scored"]) == (6, 5, 1)
    assert (h["moved_up"], h["moved_down"], h["moved_same"], h["new"]) == (3, 2, 0, 0)


def test_ties_name_every_unit():
    h = headline(table("2022"), None)
    assert h["best"] == ["An Giang"] and h["worst"] == ["Gia Lai"]
    tied = table("2023").filter(pl.col("rank") >= 3)
    assert headline(tied, None)["worst"] == ["Bình Định"]
    assert headline(tied.filter(pl.col("rank") == 3), None)["best"] == ["Gia Lai", "Hà Nội"]


def test_without_previous_period():
    h = headline(table("2021"), None)
    assert h["prev_mean"] is None and h["mean_change"] is None and h["prev_period"] is None
    assert h["moved_up"] == h["moved_down"] == 0


def test_nothing_scored_gives_no_best_and_no_mean():
    t = table("2023").with_columns(pl.lit(None, pl.Int64).alias("rank"), pl.lit(None, pl.Float64).alias("score"))
    h = headline(t, None)
    assert h["mean"] is None and h["best"] == [] and h["best_score"] is None and h["n_not_scored"] == 6


@pytest.mark.parametrize("n, up, down", [(5, ["Gia Lai", "Cà Mau", "Hà Nội"], ["Bình Định", "An Giang"]),
                                         (1, ["Gia Lai"], ["Bình Định"])])
def test_movers_by_places_then_score_change(n, up, down):
    u, d = movers(table("2023"), n)
    assert u["unit"].to_list() == up and d["unit"].to_list() == down
    assert (u["rank_change"] > 0).all() and (d["rank_change"] < 0).all()


def test_new_and_not_scored_units_are_not_movers():
    u, d = movers(table("2022"), 10)
    assert "Gia Lai" not in u["unit"].to_list() + d["unit"].to_list()          # new in 2022
    assert "Đà Nẵng" not in u["unit"].to_list() + d["unit"].to_list()
