"""The dataset catalogue: what is bundled, for which units and periods.

>>> overview = dataset_overview(catalogue, observations, units)   # doctest: +SKIP
>>> overview.columns[:4]                                           # doctest: +SKIP
['dataset', 'title', 'indices', 'demo']
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cchc.periods import sort_periods


def text(field: Any, lang: str = "vi") -> str:
    """A bilingual ``{vi, en}`` field in ``lang``, falling back to Vietnamese."""
    if isinstance(field, dict):
        return str(field.get(lang) or field.get("vi") or field.get("en") or "")
    return "" if field is None else str(field)


def dataset_overview(
    catalogue: list[dict[str, Any]],
    observations: pl.DataFrame,
    units: pl.DataFrame,
    lang: str = "vi",
) -> pl.DataFrame:
    """One row per catalogue entry: title, indices, demo flag, periods, levels, unit counts.

    ``observations`` is the concatenation of all datasets with a ``dataset``
    column (see :func:`cchc.loading.load_all_observations`). A dataset with no
    rows shows null first/last period and zero units — never invented values.
    """
    levels = units.select("unit_id", "level", "geography")
    rows = []
    for entry in catalogue:
        obs = observations.filter(pl.col("dataset") == entry["id"]).join(levels, on="unit_id", how="left")
        periods = sort_periods(obs["period"].unique().to_list()) if obs.height else []
        scored = obs.filter(pl.col("value").is_not_null())
        rows.append(
            {
                "dataset": entry["id"],
                "title": text(entry.get("title"), lang),
                "indices": ", ".join(entry.get("indices", [])),
                "demo": bool(entry.get("demo", False)),
                "first_period": periods[0] if periods else None,
                "last_period": periods[-1] if periods else None,
                "n_periods": len(periods),
                "levels": ", ".join(sorted(obs["level"].drop_nulls().unique().to_list())),
                "geographies": ", ".join(sorted(obs["geography"].drop_nulls().unique().to_list())),
                "n_units": scored["unit_id"].n_unique(),
                "n_rows": obs.height,
                "source": text(entry.get("source"), lang),
            }
        )
    return pl.DataFrame(rows, schema={
        "dataset": pl.String, "title": pl.String, "indices": pl.String, "demo": pl.Boolean,
        "first_period": pl.String, "last_period": pl.String, "n_periods": pl.Int64,
        "levels": pl.String, "geographies": pl.String, "n_units": pl.Int64, "n_rows": pl.Int64,
        "source": pl.String,
    })
