"""League tables: rank, unit, score, change, rank change, group/band — for one period.

Built from the scores of :func:`cchc.scores.index_scores` and the units table.
Every unit of the chosen level (and parent/region) appears, scored or not: a
unit that was not scored has a null rank and score and says why, never 0.

>>> from cchc.store import Store
>>> store = Store()
>>> t = league_table(store.scores("papi", "province"), store.units, store.definition("papi"),
...                  period="2023", level="province")
>>> t.select("rank", "unit", "score").head(1).rows()
[(1, 'Thừa Thiên Huế', 46.0415)]
"""

from __future__ import annotations

import polars as pl

from cchc.bands import assign_bands
from cchc.conventions import coverage_text, missing_reason
from cchc.definitions import IndexDef
from cchc.folding import fold, fold_expr
from cchc.periods import grain_of
from cchc.range_scores import months_reason
from cchc.ranking import group_means, percentiles, quartile_groups, rank_changes, rank_units
from cchc.scores import ScoreSource, as_source
from cchc.units import parse_unit_id, units_at

LEAGUE_COLUMNS = [
    "rank", "unit_id", "unit", "region", "score", "change", "prev_period", "prev_score", "prev_rank",
    "rank_change", "moved", "group", "group_label", "percentile", "n_ranked", "status", "reason", "coverage",
    "n_used", "n_sources",
]


def select_units(units: pl.DataFrame, *, level: str, geography: str, parent_id: str | None = None,
                 region: str | None = None) -> pl.DataFrame:
    """Units of one level and geography, optionally under a parent (a province: everything
    inside it; a district: its communes) or in a region. Sorted by id."""
    within = {}
    if parent_id:
        within = {"province_id": parent_id} if parse_unit_id(parent_id)[1] == "province" else {"parent_id": parent_id}
    return units_at(units, level, geography=geography, region=region or None, **within)


def league_table(
    scores: pl.DataFrame | ScoreSource,
    units: pl.DataFrame,
    definition: IndexDef,
    *,
    period: str,
    level: str,
    indicator_id: str | None = None,
    parent_id: str | None = None,
    region: str | None = None,
    lang: str = "vi",
) -> pl.DataFrame:
    """The league table of ``indicator_id`` (default: the index total) in ``period``.

    Direction comes from the node's metadata (rank 1 = best). Scores are
    compared at the published precision (the node's ``decimals``), so units
    equal to that precision tie and share a rank; the next rank skips. Ranks
    and changes are among the selected units only. Below province level the
    selection is limited to the provinces the index has data for (a
    province's own index does not list every commune of the country). ``change`` and
    ``rank_change`` compare with the previous period in which the selection was
    scored (same geography and grain; on vn34 earlier years are re-expressed). Rows are
    sorted by rank, unranked units last (by name).

    ``scores`` is :func:`cchc.scores.index_scores` output or a
    :class:`~cchc.scores.ScoreSource` of it: only ``period`` and the periods
    before it back to the previous one scored are read.

    Columns: see :data:`LEAGUE_COLUMNS`. For re-expressed rows ``n_sources``
    old units fed the new one and ``n_used`` of them were scored (``coverage``
    writes it ``"2/3"``); null otherwise. ``reason`` says in words why a unit
    has no score (:func:`cchc.conventions.missing_reason`).
    """
    ind = indicator_id or definition.id
    node = definition.node(ind)
    source = as_source(scores)
    geo = source.geography(period, ind)
    if geo is None:
        return pl.DataFrame(schema=_schema())
    chosen = select_units(units, level=level, geography=geo, parent_id=parent_id, region=region)
    if level != "province":  # a province's own index covers its units only: scope by the provinces in the data
        covered = units.filter(pl.col("unit_id").is_in(source.unit_ids(ind).implode()))["province_id"].unique()
        chosen = chosen.filter(pl.col("province_id").is_in(covered.implode()))
    prev = previous_scored(source, ind, period, geo, chosen["unit_id"])
    periods = [period] if prev is None else [prev, period]
    name_col = "short_vi" if lang == "vi" else "short_en"
    grid = chosen.select("unit_id", pl.col(name_col).alias("unit"), "region").join(
        pl.DataFrame({"period": periods}, schema={"period": pl.String}), how="cross")
    s = source.rows(periods, [ind])
    frame = grid.join(s.select("unit_id", "period", "value", "status", "reason", "n_sources", "n_used"),
                      on=["unit_id", "period"], how="left")
    # a run of months ("2025-07..2025-12") is ranked under stand-in years, in order, and named back after
    stand_in = {p: str(1900 + i) for i, p in enumerate(periods)} if grain_of(period) == "range" else {}
    if stand_in:
        frame = frame.with_columns(pl.col("period").replace_strict(stand_in, return_dtype=pl.String))
    frame = rank_units(frame, direction=node.direction, by="period", decimals=node.decimals)
    frame = rank_changes(frame, by=())
    frame = percentiles(frame, direction=node.direction, by="period", decimals=node.decimals)
    frame = _groups(frame, definition, node.direction, node.decimals, lang, is_total=ind == definition.id)
    if stand_in:
        back = {v: k for k, v in stand_in.items()}
        frame = frame.with_columns(pl.col("period", "prev_period").replace_strict(back, default=None,
                                                                                  return_dtype=pl.String))
    out = frame.filter(pl.col("period") == period).with_columns(pl.col("n_used", "n_sources").cast(pl.Int64))
    out = _worded(out.filter(pl.col("value").is_null()), out, ["status", "reason"], "_why",
                  lambda st, why: months_reason(why, lang) or missing_reason(st, why, lang))
    out = _worded(out, out, ["n_used", "n_sources"], "coverage", coverage_text)
    return (
        out.with_columns(
            pl.col("value").alias("score"),
            pl.col("prev_value").alias("prev_score"),
            pl.when(pl.col("value").is_null()).then(pl.col("_why")).alias("reason"),
            pl.col("status").fill_null("missing"),
        )
        .sort([pl.col("rank").is_null(), "rank", "unit"])
        .select(LEAGUE_COLUMNS)
    )


def _worded(rows: pl.DataFrame, out: pl.DataFrame, keys: list[str], name: str, word_of) -> pl.DataFrame:
    """``out`` with column ``name`` (String): ``word_of(*keys)`` of each distinct ``keys`` of ``rows``, computed
    once per distinct value (not per row); null for rows of ``out`` whose keys are not among them."""
    distinct = rows.select(keys).unique(maintain_order=True)
    words = pl.Series(name, [word_of(*k) for k in distinct.iter_rows()], dtype=pl.String)
    return out.join(distinct.with_columns(words), on=keys, how="left", nulls_equal=True, maintain_order="left")


def previous_scored(scores: pl.DataFrame | ScoreSource, indicator_id: str, period: str, geography: str,
                    unit_ids: pl.Series | list[str]) -> str | None:
    """The latest period before ``period`` of the same grain on ``geography`` in which at least one of
    ``unit_ids`` has a score of ``indicator_id`` (what a league table's changes compare with), or None.
    For a period range (:class:`~cchc.range_scores.RangeScores`) the candidate is the range just before it.

    Periods are read one at a time, latest first, so usually only the one before is.

    >>> s = pl.DataFrame({"unit_id": ["a", "b", "a"], "period": ["2021", "2022", "2023"], "indicator_id": "x",
    ...                   "value": [1.0, 2.0, 3.0], "geography": "vn63"})
    >>> previous_scored(s, "x", "2023", "vn63", ["a"]), previous_scored(s, "x", "2023", "vn63", ["a", "b"])
    ('2021', '2022')
    """
    source = as_source(scores)
    ids = pl.Series(unit_ids, dtype=pl.String).implode()
    for p in source.earlier(period, indicator_id, geography):
        rows = source.rows([p], [indicator_id])
        scored = rows.filter(pl.col("unit_id").is_in(ids) & (pl.col("period") == p)
                             & pl.col("value").cast(pl.Float64).fill_nan(None).is_not_null())
        if scored.height:
            return p
    return None


def _groups(frame: pl.DataFrame, definition: IndexDef, direction: str, decimals: int, lang: str,
            is_total: bool) -> pl.DataFrame:
    """PAPI quartile groups, or the definition's bands (for the total only: cut-offs are on its scale)."""
    if definition.groups == "quartile":
        out = quartile_groups(frame, direction=direction, by="period", decimals=decimals, labels=True)
        return out.with_columns(pl.col("quartile").cast(pl.String).alias("group"),
                                pl.col(f"quartile_{lang}").alias("group_label"))
    if definition.groups == "bands" and definition.bands and is_total:
        out = assign_bands(frame, [{"code": b.code, "vi": b.vi, "en": b.en, "min": b.min} for b in definition.bands],
                           decimals=decimals, labels=True)
        return out.with_columns(pl.col("band").alias("group"), pl.col(f"band_{lang}").alias("group_label"))
    return frame.with_columns(pl.lit(None, pl.String).alias("group"), pl.lit(None, pl.String).alias("group_label"))


def _schema() -> dict[str, pl.DataType]:
    types = {"rank": pl.Int64(), "score": pl.Float64(), "change": pl.Float64(), "prev_score": pl.Float64(),
             "prev_rank": pl.Int64(), "rank_change": pl.Int64(), "percentile": pl.Float64(), "n_ranked": pl.Int64(),
             "n_used": pl.Int64(), "n_sources": pl.Int64()}
    return {c: types.get(c, pl.String()) for c in LEAGUE_COLUMNS}


def league_summary(table: pl.DataFrame) -> dict[str, object]:
    """Counts and mean of a league table: n_units, n_ranked, n_not_scored, mean, moved up/down."""
    means = group_means(table, by=(), value="score")
    return {
        "n_units": table.height,
        "n_ranked": int(table["rank"].count()),
        "n_not_scored": int(table["rank"].null_count()),
        "mean": means["mean"][0] if means.height else None,
        "moved_up": int((table["moved"] == "up").sum()),
        "moved_down": int((table["moved"] == "down").sum()),
    }


def regional_means(table: pl.DataFrame) -> pl.DataFrame:
    """Mean score per region of a league table (nulls ignored; counts of scored and not scored)."""
    return group_means(table.filter(pl.col("region").is_not_null()), by="region", value="score").sort("region")


# ------------------------------------------------------------------ filters of a league table (never re-rank)
def filter_league(table: pl.DataFrame, *, group: str | None = None, query: str | None = None) -> pl.DataFrame:
    """Rows of ``table`` in group/band ``group`` (its code; not-scored units have
    no group and drop out) whose unit name contains ``query`` ignoring accents,
    case and spacing (``"tien lu"`` finds "Tiên Lữ"). ``None``/``""`` = no filter.
    Ranks and order are unchanged: a unit keeps the rank it has in its league.

    >>> t = pl.DataFrame({"unit": ["Tiên Lữ", "Ân Thi"], "group": ["A", None]})
    >>> filter_league(t, query="tien lu")["unit"].to_list(), filter_league(t, group="A").height
    (['Tiên Lữ'], 1)
    """
    out = table
    if group:
        out = out.filter(pl.col("group") == group)
    q = fold(query or "")
    if q:
        out = out.filter(fold_expr("unit").str.contains(q, literal=True))
    return out


def top_bottom(table: pl.DataFrame, n: int | None) -> pl.DataFrame:
    """The ``n`` best and ``n`` worst *ranked* rows, in league order.

    Ties at a boundary are kept whole (if the 20th and 21st share rank 20, both
    are shown). Not-scored rows are left out (the caller says how many). With
    ``n`` None or ``2n`` at least the number of ranked rows, every ranked row is
    returned and not-scored rows follow.

    >>> top_bottom(pl.DataFrame({"rank": [1, 2, 3, 4, None], "unit": list("abcde")}), 1)["unit"].to_list()
    ['a', 'd']
    """
    ranked = table.filter(pl.col("rank").is_not_null())
    if n is None or 2 * n >= ranked.height:
        return table
    ranks = ranked.sort("rank")["rank"]
    top_cut, bottom_cut = ranks[n - 1], ranks[ranks.len() - n]
    return ranked.filter((pl.col("rank") <= top_cut) | (pl.col("rank") >= bottom_cut))
