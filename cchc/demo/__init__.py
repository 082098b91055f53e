"""Deterministic demo data, calibrated to published figures (``python -m cchc demo``).

:func:`build_demo` returns the observation frames and the catalogue; writing
them is the CLI's job (through :mod:`cchc.loading`). Every dataset is marked
``demo: true`` in the catalogue and its title says "dữ liệu minh họa".

>>> frames, catalogue = build_demo(units, crosswalk, index_dicts)   # doctest: +SKIP
>>> sorted(frames)                                                   # doctest: +SKIP
['hy_onestop', 'hy_par', 'hy_sipas', 'papi', 'par', 'sipas', 'svc766']
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cchc.demo.local import DemoProvince, hy_par_rows, hy_sipas_rows, onestop_rows
from cchc.demo.national import Provinces, papi_rows, par_rows, sipas_rows, svc766_rows
from cchc.loading import OBSERVATIONS_SCHEMA
from cchc.words import LANGS, pair, word

# dataset id, its indices; the title is the word ``demo.dataset.<id>``
_CATALOGUE = [
    ("papi", ["papi"]),
    ("par", ["par"]),
    ("sipas", ["sipas"]),
    ("svc766", ["svc766"]),
    ("hy_par", ["hy_par_so", "hy_par_xa"]),
    ("hy_sipas", ["sipas"]),
    ("hy_onestop", ["svc766"]),
]


def _maxima(raw: dict[str, Any]) -> dict[str, Any]:
    """``{code: max}`` of the first level, or ``{code: {sub: max}}`` where there are sub-levels."""
    out: dict[str, Any] = {}
    for node in raw["components"]:
        subs = node.get("components")
        out[str(node["code"])] = ({str(s["code"]): float(s["scale"]["max"]) for s in subs} if subs
                                  else float(node["scale"]["max"]))
    return out


def build_demo(units: pl.DataFrame, crosswalk: pl.DataFrame,
               index_dicts: dict[str, dict[str, Any]]) -> tuple[dict[str, pl.DataFrame], list[dict[str, Any]]]:
    """All demo observation frames (keyed by dataset id) and the dataset catalogue."""
    provinces = Provinces(units, crosswalk)
    hy = DemoProvince(units)
    rows = {
        "papi": papi_rows(provinces, _maxima(index_dicts["papi"])),
        "par": par_rows(provinces, _maxima(index_dicts["par"])),
        "sipas": sipas_rows(provinces),
        "svc766": svc766_rows(provinces),
        "hy_par": hy_par_rows(hy, _maxima(index_dicts["hy_par_so"]), _maxima(index_dicts["hy_par_xa"])),
        "hy_sipas": hy_sipas_rows(hy),
        "hy_onestop": onestop_rows(hy),
    }
    frames = {k: pl.DataFrame(v, schema=OBSERVATIONS_SCHEMA).sort("unit_id", "period", "indicator_id")
              for k, v in rows.items()}
    catalogue = [
        {
            "id": ds,
            "file": f"observations/{ds}.parquet",
            "title": {lang: word("demo.title", lang, title=word(f"demo.dataset.{ds}", lang)) for lang in LANGS},
            "indices": indices,
            "demo": True,
            "source": pair("demo.source"),
            "licence": f"CC0 1.0 ({word('demo.licence', 'vi')} / {word('demo.licence', 'en')})",
            "generated_by": "python -m cchc demo",
        }
        for ds, indices in _CATALOGUE
    ]
    return frames, catalogue
