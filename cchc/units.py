"""Queries on the unit table (``data/units.parquet``): levels, parents, labels, search.

Pure functions: a units frame in (as returned by :func:`cchc.loading.load_units`,
columns in docs/design.md), a frame or plain values out. Nothing here reads
files. Nulls: ``parent_id`` is null for provinces and ministries, ``region`` and
``province_id`` are null for ministries, ``gso_code`` is null for departments
and ministries; every function below says what it does with them.

>>> units = pl.DataFrame({"unit_id": ["vn63:province:24", "vn34:province:24"], "level": ["province"] * 2,
...                       "geography": ["vn63", "vn34"], "short_vi": ["Bắc Giang", "Bắc Ninh"]})
>>> units_at(units, "province", geography="vn34")["unit_id"].to_list()
['vn34:province:24']
>>> unit_label(units, "vn63:province:24"), unit_label(units, "vn34:province:24")
('Bắc Giang', 'Bắc Ninh')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from cchc.folding import fold, fold_expr

GEOGRAPHIES = ("vn63", "vn34")
LEVELS = ("province", "district", "commune", "department", "ministry")
_LEVEL_ORDER = {lvl: i for i, lvl in enumerate(LEVELS)}


def parse_unit_id(unit_id: str) -> tuple[str, str, str]:
    """Split ``"vn63:district:332"`` into ``("vn63", "district", "332")``.

    Raises ``ValueError`` on anything that is not ``geography:level:code``.
    """
    parts = unit_id.split(":") if isinstance(unit_id, str) else []
    if len(parts) != 3 or parts[0] not in GEOGRAPHIES or parts[1] not in LEVELS or not parts[2]:
        raise ValueError(f"not a unit id: {unit_id!r} (expected e.g. 'vn34:province:33')")
    return parts[0], parts[1], parts[2]


def _values(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else sorted(set(value))


def restrict(units: pl.DataFrame, **columns: str | Iterable[str] | None) -> pl.DataFrame:
    """Rows whose ``column`` is the value given (or one of several); a filter left as ``None``
    is not applied, and a null never matches: ``restrict(units, level="province", geography=None)``."""
    for column, value in columns.items():
        if value is not None:
            units = units.filter(pl.col(column).is_in(_values(value)))
    return units


def units_at(
    units: pl.DataFrame,
    level: str | Iterable[str],
    geography: str | Iterable[str] | None = None,
    parent_id: str | None = None,
    region: str | Iterable[str] | None = None,
    province_id: str | None = None,
) -> pl.DataFrame:
    """Units of one level (or several), optionally restricted, sorted by id.

    ``parent_id`` keeps direct children of that unit; ``province_id`` keeps
    everything inside a province (communes of vn63 included, whose parent is a
    district). A filter left as ``None`` is not applied; a unit whose
    ``region`` is null (ministries) never matches a ``region`` filter.

    >>> units = pl.DataFrame({"unit_id": ["vn63:district:332", "vn63:district:323"], "level": ["district"] * 2,
    ...                       "parent_id": ["vn63:province:33"] * 2, "short_vi": ["Tiên Lữ", "Văn Lâm"]})
    >>> units_at(units, "district", parent_id="vn63:province:33")["short_vi"].to_list()
    ['Văn Lâm', 'Tiên Lữ']
    """
    out = restrict(units, level=level, geography=geography, region=region)
    if parent_id is not None:
        out = out.filter(pl.col("parent_id") == parent_id)
    if province_id is not None:
        out = out.filter(pl.col("province_id") == province_id)
    return out.sort("unit_id")


def get_unit(units: pl.DataFrame, unit_id: str) -> dict[str, Any] | None:
    """The row of ``unit_id`` as a dict, or ``None`` if there is no such unit."""
    rows = units.filter(pl.col("unit_id") == unit_id)
    return rows.row(0, named=True) if rows.height else None


def children_of(units: pl.DataFrame, unit_id: str) -> pl.DataFrame:
    """Direct children (``parent_id == unit_id``), sorted by id; empty if none.

    vn63 provinces have districts and departments as children, vn63 districts
    have communes; vn34 provinces have communes and departments.
    """
    return units.filter(pl.col("parent_id") == unit_id).sort("unit_id")


def descendant_ids(units: pl.DataFrame, unit_id: str) -> set[str]:
    """Ids of every unit below ``unit_id`` (children, grandchildren...), not itself.

    An unknown id or a leaf gives an empty set.
    """
    edges = units.select("unit_id", "parent_id").drop_nulls("parent_id")
    found: set[str] = set()
    frontier = {unit_id}
    while frontier:
        nxt = set(edges.filter(pl.col("parent_id").is_in(sorted(frontier)))["unit_id"].to_list())
        frontier = nxt - found
        found |= nxt
    return found


def ancestors(units: pl.DataFrame, unit_id: str) -> list[str]:
    """Ids above ``unit_id``, nearest first: a vn63 commune gives
    ``[district, province]``. A province, a ministry or an unknown id gives ``[]``.
    """
    parent = dict(units.select("unit_id", "parent_id").iter_rows())
    out: list[str] = []
    current = parent.get(unit_id)
    while current is not None and current not in out:
        out.append(current)
        current = parent.get(current)
    return out


def unit_label(units: pl.DataFrame, unit_id: str, lang: str = "vi", full: bool = False) -> str | None:
    """Display name of a unit: ``short_vi`` ("Hưng Yên") by default, ``name_vi``
    ("Tỉnh Hưng Yên") with ``full=True``, the ``_en`` columns with ``lang="en"``.

    Returns ``None`` for an unknown id (the caller decides how to show it).
    """
    row = get_unit(units, unit_id)
    if row is None:
        return None
    return row[f"{'name' if full else 'short'}_{_lang(lang)}"]


def with_labels(frame: pl.DataFrame, units: pl.DataFrame, lang: str = "vi", on: str = "unit_id",
                full: bool = False, alias: str = "label") -> pl.DataFrame:
    """Add a ``label`` column (short or full name in ``lang``) to any frame with unit ids.

    Rows are kept in order; an id not in ``units`` (or a null id) is labelled
    with the id itself (null stays null), so nothing silently disappears.
    """
    col = f"{'name' if full else 'short'}_{_lang(lang)}"
    names = units.select(pl.col("unit_id").alias(on), pl.col(col).alias(alias))
    joined = frame.join(names, on=on, how="left", maintain_order="left")
    return joined.with_columns(pl.coalesce(alias, on).alias(alias))


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    return lang


def search_units(
    units: pl.DataFrame,
    text: str,
    limit: int | None = 20,
    geography: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
) -> pl.DataFrame:
    """Units whose names contain ``text``, ignoring accents, case and spacing (:func:`cchc.folding.fold`).

    Looks in ``short_vi``, ``name_vi``, ``short_en``, ``name_en``; a query of
    digits also matches GSO codes (exact code first, then codes starting with
    it) and a query equal to a unit id matches that unit. Best first: exact
    id/code, exact short name, short name starting with the text, then any
    other hit; ties by level (province first) and id. At most ``limit`` rows
    (``None`` = all). A blank query gives an empty frame with the units columns.

    >>> units = pl.DataFrame({"unit_id": ["vn63:district:332", "vn63:province:33"], "gso_code": ["332", "33"],
    ...     "level": ["district", "province"], "short_vi": ["Tiên Lữ", "Hưng Yên"], "name_vi": ["Huyện Tiên Lữ",
    ...     "Tỉnh Hưng Yên"], "short_en": ["Tien Lu", "Hung Yen"], "name_en": ["Tien Lu District", "Hung Yen Province"]})
    >>> search_units(units, "tien lu")["unit_id"].to_list(), search_units(units, "33")["unit_id"].to_list()
    (['vn63:district:332'], ['vn63:province:33', 'vn63:district:332'])
    """
    q = fold(text or "")
    frame = restrict(units, geography=geography, level=level)
    raw = (text or "").strip()
    if not q and not raw:
        return frame.head(0)
    short = fold_expr("short_vi")
    any_name = pl.any_horizontal(
        fold_expr(c).str.contains(q, literal=True) for c in ("short_vi", "name_vi", "short_en", "name_en")
    )
    code = pl.col("gso_code").fill_null("")
    is_digits = raw.isdigit()
    score = (
        pl.when((pl.col("unit_id") == raw) | (pl.lit(is_digits) & (code == raw))).then(0)
        .when(short == q).then(1)
        .when(short.str.starts_with(q)).then(2)
        .when(any_name | (pl.lit(is_digits) & code.str.starts_with(raw))).then(3)
        .otherwise(None)
    )
    level_rank = pl.col("level").replace_strict(_LEVEL_ORDER, default=len(LEVELS), return_dtype=pl.Int64)
    hits = (frame.with_columns(score.alias("_score"), level_rank.alias("_lvl"))
            .filter(pl.col("_score").is_not_null() & (pl.lit(bool(q)) | (pl.col("_score") == 0)))
            .sort("_score", "_lvl", "unit_id")
            .drop("_score", "_lvl"))
    return hits if limit is None else hits.head(limit)


def regions_frame(raw: list[dict[str, Any]]) -> pl.DataFrame:
    """The parsed ``data/regions.yaml`` as a frame ``code, vi, en`` (file order).

    Read the file with :func:`cchc.loading.read_yaml`; this function does not.
    """
    return pl.DataFrame([{k: r[k] for k in ("code", "vi", "en")} for r in raw],
                        schema={"code": pl.String, "vi": pl.String, "en": pl.String})


def region_label(regions: pl.DataFrame, code: str | None, lang: str = "vi") -> str | None:
    """Name of a region code in ``lang``; ``None`` for a null or unknown code."""
    if code is None:
        return None
    hit = regions.filter(pl.col("code") == code)
    return hit[_lang(lang)][0] if hit.height else None
