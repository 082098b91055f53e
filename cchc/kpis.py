"""Headline figures of a league table: mean and its change, best and worst units,
how many were scored, how many moved — and the biggest movers.

Pure functions on :func:`cchc.league.league_table` output. Direction is already
in the ranks (rank 1 = best), so "best" and "worst" need no direction here.
Not-scored units count as not scored, never as 0, and never as best or worst.

>>> t = pl.DataFrame({"unit": ["An", "Bình", "Cường"], "rank": [1, 2, None], "score": [9.0, 7.0, None],
...                   "moved": ["up", "down", None], "rank_change": [1, -1, None], "change": [0.5, -1.0, None],
...                   "prev_period": ["2022"] * 3})
>>> h = headline(t, None)
>>> h["best"], h["n_ranked"], h["n_not_scored"], h["moved_up"]
(['An'], 2, 1, 1)
"""

from __future__ import annotations

from typing import Any

import polars as pl


def _mean(table: pl.DataFrame | None) -> float | None:
    if table is None or table.is_empty():
        return None
    return table["score"].cast(pl.Float64).fill_nan(None).mean()  # type: ignore[return-value]


def headline(table: pl.DataFrame, previous: pl.DataFrame | None) -> dict[str, Any]:
    """The KPI cards' figures.

    ``previous`` is the league table of the previous period with the same
    selection (or None). Returns: ``mean`` (of scored units; None if none),
    ``prev_mean``, ``mean_change`` (None unless both means exist),
    ``prev_period`` (the period ``table`` compares with, else None),
    ``best``/``worst`` (names of the units with the best / worst rank — several
    when tied), ``best_score``/``worst_score``, ``n_units``, ``n_ranked``,
    ``n_not_scored``, ``moved_up``, ``moved_down``, ``moved_same``, ``new``.
    """
    ranked = table.filter(pl.col("rank").is_not_null())
    mean, prev_mean = _mean(ranked), _mean(previous)
    prev_periods = table["prev_period"].drop_nulls().unique().to_list() if "prev_period" in table.columns else []
    out: dict[str, Any] = {
        "mean": mean,
        "prev_mean": prev_mean,
        "mean_change": None if mean is None or prev_mean is None else mean - prev_mean,
        "prev_period": prev_periods[0] if prev_periods else None,
        "n_units": table.height,
        "n_ranked": ranked.height,
        "n_not_scored": table.height - ranked.height,
        "best": [], "worst": [], "best_score": None, "worst_score": None,
    }
    for key, value in (("moved_up", "up"), ("moved_down", "down"), ("moved_same", "same"), ("new", "new")):
        out[key] = int((table["moved"] == value).sum())
    if ranked.height:
        top, bottom = ranked["rank"].min(), ranked["rank"].max()
        best = ranked.filter(pl.col("rank") == top)
        worst = ranked.filter(pl.col("rank") == bottom)
        out.update(best=best["unit"].to_list(), best_score=best["score"][0],
                   worst=worst["unit"].to_list(), worst_score=worst["score"][0])
    return out


def movers(table: pl.DataFrame, n: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``n`` units that gained most places and the ``n`` that lost most.

    Only units ranked now *and* in the previous period (``moved`` up/down) are
    candidates. Order: places gained (or lost) first, then the score change
    (larger gain / larger loss first; for a lower-is-better index the sign of
    ``change`` is raw, so it is only a tie-break), then the current rank. A
    tie at the n-th place is cut by that order. Returns ``(up, down)`` with the
    table's columns.
    """
    up = (table.filter(pl.col("moved") == "up")
          .sort(["rank_change", "change", "rank"], descending=[True, True, False], nulls_last=True).head(n))
    down = (table.filter(pl.col("moved") == "down")
            .sort(["rank_change", "change", "rank"], descending=[False, False, False], nulls_last=True).head(n))
    return up, down
