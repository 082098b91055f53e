"""Performance bands of an index definition (PAR INDEX A/B; Xuất sắc / Tốt /
Khá / Trung bình / Yếu). Pure Polars; re-exported by :mod:`cchc.ranking`.

``bands`` is the list from an index definition (``data/indices/*.yaml``):
``{code, vi, en, min}``, highest band first, ``min`` inclusive, the last
``min`` may be null (catch-all). Direction: bands are lower bounds, i.e. meant
for higher-is-better indices. Ties: equal values always get the same band.
Nulls: a null/NaN value gets a null band, never the lowest one.

>>> xs = [{"code": "XS", "min": 90}, {"code": "T", "min": 80}, {"code": "K", "min": 70},
...       {"code": "TB", "min": 50}, {"code": "Y", "min": None}]
>>> assign_bands(pl.DataFrame({"value": [90.0, 89.999, 10.0, None]}), xs)["band"].to_list()
['XS', 'T', 'Y', None]
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import polars as pl

from cchc.numbers import round_half_up_expr

__all__ = ["bands_table", "band_expr", "assign_bands"]


def _clean(value: str, decimals: int | None) -> pl.Expr:
    v = pl.col(value).cast(pl.Float64).fill_nan(None)
    return v if decimals is None else round_half_up_expr(v, decimals)


def _field(band: Any, key: str) -> Any:
    if isinstance(band, Mapping):
        if key in band:
            return band[key]
        name = band.get("name")
        return name.get(key) if isinstance(name, Mapping) else None
    return getattr(band, key, None)


def bands_table(bands: Sequence[Mapping[str, Any] | Any]) -> pl.DataFrame:
    """Validate an index definition's ``bands`` and return them as a frame
    ``code, vi, en`` (str), ``min`` (f64, null = catch-all), ``order`` (Int64,
    1 = best). Bands must be highest first with strictly decreasing ``min``;
    only the last may have ``min: null``. Accepts dicts or objects."""
    if not bands:
        raise ValueError("bands: empty list")
    rows = [{k: _field(x, k) for k in ("code", "vi", "en", "min")} for x in bands]
    for i, r in enumerate(rows):
        if not r["code"]:
            raise ValueError(f"bands: entry {i} has no code: {bands[i]!r}")
        if r["min"] is None and i != len(rows) - 1:
            raise ValueError(f"bands: only the last band may have min null (catch-all); band {r['code']!r} is #{i + 1}")
        if i and r["min"] is not None and not float(r["min"]) < float(rows[i - 1]["min"]):
            raise ValueError(f"bands: min must decrease (highest band first); {r['code']!r} min {r['min']} "
                             f"is not below {rows[i - 1]['code']!r} min {rows[i - 1]['min']}")
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise ValueError(f"bands: duplicate codes in {codes}")
    return pl.DataFrame(
        [{**r, "min": None if r["min"] is None else float(r["min"]), "order": i + 1} for i, r in enumerate(rows)],
        schema={"code": pl.String, "vi": pl.String, "en": pl.String, "min": pl.Float64, "order": pl.Int64},
    )


def band_expr(bands: Sequence[Mapping[str, Any] | Any], value: str = "value",
              decimals: int | None = None) -> pl.Expr:
    """``when/then`` chain giving the band code (str) of ``value``.

    A value gets the first band with ``value >= min`` (cut-offs inclusive:
    90 -> Xuất sắc, 89.999 -> Tốt); below every ``min`` it gets the catch-all
    band if there is one, else null. null/NaN -> null. With ``decimals`` the
    value is rounded first (89.996 at 2 decimals shows as 90.00 -> Xuất sắc).
    """
    table = bands_table(bands)
    v = _clean(value, decimals)
    expr: Any = pl
    for code, lo in zip(table["code"], table["min"]):
        cond = v.is_not_null() if lo is None else v >= lo
        expr = expr.when(cond).then(pl.lit(code, pl.String))
    return expr.otherwise(pl.lit(None, pl.String))


def assign_bands(df: pl.DataFrame, bands: Sequence[Mapping[str, Any] | Any], *, value: str = "value",
                 band_col: str = "band", decimals: int | None = None, labels: bool = False) -> pl.DataFrame:
    """Add ``band_col`` (str band code, see :func:`band_expr`); with
    ``labels=True`` also ``{band_col}_vi``/``{band_col}_en`` (str).
    Bands are "min" thresholds, meant for higher-is-better indices.

    >>> par = [{"code": "A", "min": 90}, {"code": "B", "min": 80}, {"code": "C", "min": None}]
    >>> assign_bands(pl.DataFrame({"value": [90.0, 80.0, 79.99, None]}), par)["band"].to_list()
    ['A', 'B', 'C', None]
    """
    if value not in df.columns:
        raise ValueError(f"assign_bands: column {value!r} not in frame; columns are {df.columns}")
    out = df.with_columns(band_expr(bands, value, decimals).alias(band_col))
    if labels:
        t = bands_table(bands)
        for lang in ("vi", "en"):
            out = out.with_columns(
                pl.col(band_col).replace_strict(dict(zip(t["code"], t[lang])), default=None, return_dtype=pl.String)
                .alias(f"{band_col}_{lang}")
            )
    return out
