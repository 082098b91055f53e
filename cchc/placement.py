"""Where units stand: the parents that can scope a league, a unit's counterparts
across the 1 July 2025 merger, where "my unit" is relative to a league table,
and units named on a command line (ids or names) resolved on the right level
and boundaries.

>>> counterparts(pl.DataFrame({"from_id": ["vn63:province:01"], "to_id": ["vn34:province:01"]}),
...              "vn63:province:01", "vn34")
['vn34:province:01']
"""

from __future__ import annotations

import polars as pl

from cchc.folding import fold_expr
from cchc.names import resolve_names
from cchc.words import word

# Levels whose units can scope a league of the key level (nearest last).
PARENT_LEVELS = {"commune": ("province", "district"), "district": ("province",), "department": ("province",)}


class PlacementError(ValueError):
    """A unit named on a command line that is not found, or not only one."""


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
                      fold_expr("short_vi").alias("_name"))
        .sort("_o", "_name").select(cols)
    )


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


def unit_choices(full: pl.DataFrame, units: pl.DataFrame, stored: str | None, lang: str = "vi"
                 ) -> tuple[list[str], dict[str, str]]:
    """"My unit" choices: ``""`` (none) and every unit of the league ``full``, plus ``stored``
    when it is a real unit elsewhere (another boundary set or level), so a choice is never
    forgotten; and the names to show (``"Hưng Yên (cấp tỉnh, 63 tỉnh cũ)"`` for such a unit)."""
    ids = full["unit_id"].to_list()
    names = dict(zip(ids, full["unit"].to_list()))
    if stored and stored not in names:
        row = units.filter(pl.col("unit_id") == stored)
        if row.height:
            where = word("geo_old" if row["geography"][0] == "vn63" else "geo_new", lang)
            level = word(f"level.{row['level'][0]}", lang).lower()
            names[stored] = f"{row['short_en' if lang == 'en' else 'short_vi'][0]} ({level}, {where})"
            ids = [stored, *ids]
    return ["", *ids], names


def resolve_units(texts: list[str], units: pl.DataFrame, geography: str, level: str) -> list[str]:
    """Unit ids of ``texts`` given as ids or names, among ``level`` units on ``geography``."""
    ids = set(units["unit_id"])
    out = []
    for text in texts:
        if text in ids:
            out.append(text)
            continue
        found = resolve_names([text], units, geography=geography, level=level).row(0, named=True)
        if found["status"] != "matched":
            extra = f" (candidates: {', '.join(found['candidates'])})" if found.get("candidates") else ""
            raise PlacementError(f"unit {text!r} is {found['status']} among {level} units on {geography}{extra}")
        out.append(found["unit_id"])
    return out


def resolve_parent(text: str, units: pl.DataFrame, geography: str, level: str) -> str:
    """A parent given as an id or a name; names are looked up among the levels above ``level``."""
    if text in set(units["unit_id"]):
        return text
    above = PARENT_LEVELS.get(level, ())
    candidates: list[str] = []
    for parent_level in above:
        found = resolve_names([text], units, geography=geography, level=parent_level).row(0, named=True)
        candidates += [found["unit_id"]] if found["status"] == "matched" else list(found["candidates"] or [])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise PlacementError(f"parent {text!r} not found among {' or '.join(above) or 'parents'} on {geography}")
    raise PlacementError(f"parent {text!r} is ambiguous on {geography} (candidates: {', '.join(candidates)})")
