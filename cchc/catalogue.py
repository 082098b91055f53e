"""The dataset catalogue: what is bundled, for which units and periods.

>>> entry = {"id": "d", "title": {"vi": "Bộ thử", "en": "Test set"}, "indices": ["papi"], "source": "UNDP"}
>>> obs = pl.DataFrame({"dataset": ["d", "d"], "unit_id": ["vn63:province:01"] * 2,
...                     "period": ["2023", "2022"], "value": [40.0, None]})
>>> units = pl.DataFrame({"unit_id": ["vn63:province:01"], "level": ["province"], "geography": ["vn63"]})
>>> overview = dataset_overview([entry], obs, units)
>>> overview.select("dataset", "first_period", "last_period", "n_units", "n_rows").row(0)
('d', '2022', '2023', 1, 2)
>>> overview_table(overview, "en").row(0)
('Bộ thử', 'papi', '2022', '2023', 'Provinces', 'old 63 provinces', '1', '2')
"""

from __future__ import annotations

from typing import Any, Callable

import polars as pl

from cchc.numbers import format_number
from cchc.periods import period_label, sort_periods
from cchc.words import WORDS, word

# columns of the Data page's table -> the words of their headers
HEADERS = {"title": "data.col.title", "indices": "data.col.indices", "from": "data.col.from", "to": "data.col.to",
           "levels": "data.col.levels", "geographies": "geography", "n_units": "data.col.n_units",
           "n_rows": "data.col.n_rows"}
GEOGRAPHY_WORDS = {"vn63": "geo_old", "vn34": "geo_new"}


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


def _listed(codes: str, key_of: Callable[[str], str | None], lang: str) -> str:
    """``"province, commune"`` in words; a code without a word is shown as given."""
    return ", ".join(word(key_of(c), lang) if key_of(c) in WORDS else c for c in codes.split(", ") if c)


def overview_table(overview: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """:func:`dataset_overview` as the Data page shows it (columns :data:`HEADERS`): periods as
    labels, levels and boundaries in words, counts formatted in ``lang``."""
    return overview.select(
        "title",
        "indices",
        pl.col("first_period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String).alias("from"),
        pl.col("last_period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String).alias("to"),
        pl.col("levels").map_elements(lambda c: _listed(c, "level.{}".format, lang), return_dtype=pl.String),
        pl.col("geographies").map_elements(lambda c: _listed(c, GEOGRAPHY_WORDS.get, lang), return_dtype=pl.String),
        *(pl.col(c).map_elements(lambda n: format_number(n, 0, lang), return_dtype=pl.String)
          for c in ("n_units", "n_rows")),
    )


def headers(lang: str = "vi") -> dict[str, str]:
    """Column headers of :func:`overview_table` in ``lang``."""
    return {col: word(key, lang) for col, key in HEADERS.items()}


def sources(overview: pl.DataFrame, lang: str = "vi") -> str:
    """``"Nguồn: …; …"``: the distinct sources of the datasets."""
    return f"{word('source', lang)}: " + "; ".join(sorted(set(overview["source"].to_list())))
