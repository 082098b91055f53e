"""What a league view selects: parent units, group and text filters, top/bottom N,
and where a chosen unit stands on another geography.

Pure functions on a league table (:func:`cchc.league.league_table`), the units
table and the crosswalk. Filtering never re-ranks: a unit keeps the rank it has
in the league it belongs to, so "search a unit" or "only group A" shows the
same ranks as the full table. Units not scored (null score, null rank) are
kept by every filter that does not select on the score, and are never turned
into 0.

>>> top_bottom(pl.DataFrame({"rank": [1, 2, 3, 4, None], "unit": list("abcde")}), 1)["unit"].to_list()
['a', 'd']
"""

from __future__ import annotations

import polars as pl

from cchc.units import fold

# Levels whose units can scope a league of the key level (nearest last).
PARENT_LEVELS = {"commune": ("province", "district"), "district": ("province",), "department": ("province",)}


def parent_options(units: pl.DataFrame, scores: pl.DataFrame, *, level: str, geography: str) -> pl.DataFrame:
    """Units that can scope a league of ``level`` on ``geography``: the provinces
    (and, for vn63 communes, the districts) that contain units with data in ``scores``.

    Columns ``unit_id``, ``level``, ``name_vi``, ``name_en`` (full names, so
    "Tỉnh Hưng Yên" and "Thành phố Hưng Yên" differ); provinces first, then by
    name ignoring accents (Ân Thi before Khoái Châu). Empty for levels that have
    no parent (province, ministry).
    """
    cols = ["unit_id", "level", "name_vi", "name_en"]
    wanted = PARENT_LEVELS.get(level)
    if not wanted or scores.is_empty():
        return units.select(cols).head(0)
    with_data = units.filter(
        (pl.col("level") == level) & (pl.col("geography") == geography)
        & pl.col("unit_id").is_in(scores["unit_id"].unique().implode())
    )
    ids = pl.concat([with_data["province_id"], with_data["parent_id"]]).drop_nulls().unique().implode()
    order = {lv: i for i, lv in enumerate(wanted)}
    return (
        units.filter(pl.col("unit_id").is_in(ids) & pl.col("level").is_in(list(wanted)))
        .with_columns(pl.col("level").replace_strict(order, return_dtype=pl.Int64).alias("_o"),
                      pl.col("short_vi").map_elements(fold, return_dtype=pl.String).alias("_name"))
        .sort("_o", "_name").select(cols)
    )


def filter_league(table: pl.DataFrame, *, group: str | None = None, query: str | None = None) -> pl.DataFrame:
    """Rows of ``table`` in group/band ``group`` (its code; not-scored units have
    no group and drop out) whose unit name contains ``query`` ignoring accents,
    case and spacing (``"tien lu"`` finds "Tiên Lữ"). ``None``/``""`` = no filter.
    Ranks and order are unchanged.
    """
    out = table
    if group:
        out = out.filter(pl.col("group") == group)
    q = fold(query or "")
    if q:
        keep = [q in fold(name or "") for name in out["unit"].to_list()]
        out = out.filter(pl.Series(keep, dtype=pl.Boolean))
    return out


def top_bottom(table: pl.DataFrame, n: int | None) -> pl.DataFrame:
    """The ``n`` best and ``n`` worst *ranked* rows, in league order.

    Ties at a boundary are kept whole (if the 20th and 21st share rank 20, both
    are shown). Not-scored rows are left out (the caller says how many). With
    ``n`` None or ``2n`` at least the number of ranked rows, every ranked row is
    returned and not-scored rows follow.
    """
    ranked = table.filter(pl.col("rank").is_not_null())
    if n is None or 2 * n >= ranked.height:
        return table
    ranks = ranked.sort("rank")["rank"]
    top_cut, bottom_cut = ranks[n - 1], ranks[ranks.len() - n]
    return ranked.filter((pl.col("rank") <= top_cut) | (pl.col("rank") >= bottom_cut))


def counterparts(crosswalk: pl.DataFrame, unit_id: str, geography: str) -> list[str]:
    """Ids on ``geography`` that correspond to ``unit_id`` through the crosswalk:
    its successors (a vn63 unit on vn34) or predecessors (a vn34 unit on vn63),
    sorted. The unit itself when it is already on ``geography``; ``[]`` when
    there is no crosswalk entry (districts, departments, ministries).
    """
    if unit_id.startswith(f"{geography}:"):
        return [unit_id]
    if geography == "vn34":
        hits = crosswalk.filter(pl.col("from_id") == unit_id)["to_id"]
    else:
        hits = crosswalk.filter(pl.col("to_id") == unit_id)["from_id"]
    return sorted(hits.unique().to_list())


def unit_presence(table: pl.DataFrame, units: pl.DataFrame, unit_id: str | None, *, level: str,
                  geography: str) -> str | None:
    """Where the chosen unit is relative to a league table.

    ``None`` (no unit chosen), ``"listed"`` (a row of the table; scored or
    not), ``"unknown"`` (no such unit), ``"other_level"`` (a unit of another
    level), ``"not_yet"`` (a vn34 unit while the period is on the old 63-province
    boundaries: it did not exist yet), ``"no_longer"`` (a vn63 unit on a vn34
    period: merged on 1 July 2025), ``"outside"`` (same level and geography but
    filtered out, e.g. another region or parent).
    """
    if not unit_id:
        return None
    if unit_id in set(table["unit_id"].to_list()):
        return "listed"
    row = units.filter(pl.col("unit_id") == unit_id)
    if row.is_empty():
        return "unknown"
    if row["level"][0] != level:
        return "other_level"
    if row["geography"][0] != geography:
        return "not_yet" if row["geography"][0] == "vn34" else "no_longer"
    return "outside"
