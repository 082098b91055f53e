"""National-scale demo data (``python -m cchc demo --scale national --out DIR``): every commune of the country.

The bundled demo has monthly one-stop counts for the communes of one province
(Hưng Yên). This builds them for the whole country, with the same model
(:func:`cchc.demo.local.onestop_counts`, drawn for all communes of a month at
once):

- the 10,061 communes of the old geography (vn63) every month from January 2018
  to June 2025, and the 3,321 of the new one (vn34) from July 2025 to the last
  month of the bundled demo — about 20 million observation rows;
- a commune's latent effect follows its old province's (as the provincial demo
  indices do), a new commune inherits the share-weighted effect and the dossier
  volume of the old communes it was formed from, so rankings persist across the
  1 July 2025 merger;
- the yearly provincial indices (PAPI, PAR INDEX, SIPAS), the monthly provincial
  766 scores and Hưng Yên's local indices exactly as the bundled demo has them
  (:func:`cchc.demo.build_demo`); the national one-stop dataset replaces
  ``hy_onestop``.

The folder has the layout of ``data/`` (``datasets.yaml``, ``observations/*.parquet``,
and copies of the units, crosswalk, regions, organisations, index definitions,
boundaries and templates), so ``CCHC_DATA_DIR=DIR`` serves it. The one-stop file
is written month by month (one Parquet row group per month, rows sorted by
period, unit and indicator, with statistics): generation holds one month in
memory, and a reader filtering on the period skips the other row groups.

``communes=N`` keeps N new communes, spread over the country, and the old
communes they were formed from; ``months=M`` keeps the last M months. Every
month is drawn for every commune and then subset, so a smaller dataset holds
exactly the rows the full one has for its communes and months.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from cchc import loading
from cchc.demo import build_demo
from cchc.demo import calibration as cal
from cchc.demo.draws import rng_for
from cchc.demo.local import onestop_counts
from cchc.demo.national import Provinces
from cchc.periods import periods_between
from cchc.words import LANGS, word

FIRST_MONTH = "2018-01"
LAST_MONTH = cal.ONESTOP_LAST_MONTH
LAST_OLD_MONTH = "2025-06"  # the old geography's last month; the new one from July 2025
STEP_ZERO = cal.ONESTOP_FIRST_MONTH  # the month the one-stop model's trends are anchored on (step 0)
DATASET = "onestop"
REPLACES = "hy_onestop"  # the bundled dataset of one province that the national one replaces
STATIC = ("units.parquet", "crosswalk.parquet", "regions.yaml", "organisations.yaml", "indices", "geo", "templates")
TITLE = {"vi": "Hồ sơ một cửa theo tháng của mọi xã, phường trên cả nước (2018–2026)",
         "en": "Monthly one-stop dossiers of every commune in the country (2018–2026)"}
ARROW_SCHEMA = pa.schema([("unit_id", pa.string()), ("period", pa.string()), ("indicator_id", pa.string()),
                          ("value", pa.float64()), ("n", pa.int64()), ("se", pa.float64()), ("note", pa.string())])


@dataclass(frozen=True)
class Geography:
    """The communes of one geography: every one (ids sorted), their latent effects and monthly dossier
    volumes, and which of them are kept (``keep``, a boolean mask)."""

    ids: np.ndarray
    effect: np.ndarray
    base: np.ndarray
    keep: np.ndarray

    @property
    def kept(self) -> np.ndarray:
        return self.ids[self.keep]


def communes(units: pl.DataFrame, crosswalk: pl.DataFrame, keep: int | None = None) -> dict[str, Geography]:
    """``{"vn63": …, "vn34": …}``: every commune with its effect and volume; ``keep`` new communes (spread
    evenly over the sorted ids, so over every province) and their old predecessors, or all."""
    provinces = Provinces(units, crosswalk)
    com = units.filter(pl.col("level") == "commune").select("unit_id", "province_id", "geography").sort("unit_id")
    old = com.filter(pl.col("geography") == "vn63")
    z = rng_for("national-onestop-vn63-effect").standard_normal(old.height)
    old_effect = 0.6 * np.array([provinces.effect.get(p, 0.0) for p in old["province_id"]]) + 0.8 * z
    old_base = rng_for("national-onestop-vn63-size").uniform(0.6, 1.6, old.height) * 380
    new = com.filter(pl.col("geography") == "vn34")
    links = (crosswalk.filter(pl.col("level") == "commune")
             .join(pl.DataFrame({"from_id": old["unit_id"], "e": old_effect, "b": old_base}), on="from_id")
             .group_by("to_id").agg(((pl.col("e") * pl.col("share")).sum() / pl.col("share").sum()).alias("e"),
                                    (pl.col("b") * pl.col("share")).sum().alias("b")))
    inherited = new.select("unit_id", "province_id").join(links, left_on="unit_id", right_on="to_id", how="left",
                                                         maintain_order="left")
    z_new = rng_for("national-onestop-vn34-effect").standard_normal(new.height)
    own = rng_for("national-onestop-vn34-size").uniform(0.6, 1.6, new.height) * 1050
    prov_effect = np.array([provinces.effect.get(p, 0.0) for p in new["province_id"]])
    has = inherited["e"].is_not_null().to_numpy()
    new_effect = (np.where(has, inherited["e"].fill_null(0.0).to_numpy(), 0.6 * prov_effect)
                  + np.where(has, 0.35, 0.8) * z_new)
    new_base = np.where(has, inherited["b"].fill_null(0.0).to_numpy(), own)
    new_ids, old_ids = new["unit_id"].to_numpy(), old["unit_id"].to_numpy()
    keep_new = np.ones(len(new_ids), bool)
    keep_old = np.ones(len(old_ids), bool)
    if keep is not None:
        if keep < 1:
            raise ValueError(f"communes must be at least 1, not {keep}")
        picked = np.unique(np.linspace(0, len(new_ids) - 1, min(keep, len(new_ids))).round().astype(int))
        keep_new = np.zeros(len(new_ids), bool)
        keep_new[picked] = True
        sources = crosswalk.filter((pl.col("level") == "commune") & pl.col("to_id").is_in(list(new_ids[picked])))
        keep_old = np.isin(old_ids, sources["from_id"].unique().to_numpy())
    return {"vn63": Geography(old_ids, old_effect, old_base, keep_old),
            "vn34": Geography(new_ids, new_effect, new_base, keep_new)}


def months(last: int | None = None) -> list[str]:
    """Every month of the national one-stop data (``last``: only the last that many)."""
    every = periods_between(FIRST_MONTH, LAST_MONTH)
    if last is not None:
        if last < 1:
            raise ValueError(f"months must be at least 1, not {last}")
        every = every[-last:]
    return every


def _index(month: str) -> int:
    year, m = month.split("-")
    return int(year) * 12 + int(m) - 1


def month_table(month: str, geo: Geography) -> pa.Table:
    """The one-stop rows of ``month`` for the kept communes of ``geo``, sorted by unit and indicator."""
    rng = rng_for(f"national-onestop-{month}")
    counts = onestop_counts(rng, geo.effect, geo.base, _index(month) - _index(STEP_ZERO), size=len(geo.ids))
    names = sorted(counts)
    values = np.column_stack([np.asarray(counts[k], dtype=np.float64)[geo.keep] for k in names])
    ids = geo.kept
    n = values.size
    return pa.table([
        pa.array(np.repeat(ids, len(names)), pa.string()),
        pa.array(np.full(n, month), pa.string()),
        pa.array(np.tile(np.array([f"onestop.{k}" for k in names]), len(ids)), pa.string()),
        pa.array(values.ravel(), pa.float64()),
        pa.nulls(n, pa.int64()), pa.nulls(n, pa.float64()), pa.nulls(n, pa.string()),
    ], schema=ARROW_SCHEMA)


def write_onestop(file: Path, geographies: dict[str, Geography], periods: list[str],
                  progress: Callable[[str, int], None] | None = None) -> int:
    """Write the national one-stop file, one row group per month; returns the number of rows."""
    total = 0

    def write(fh: BinaryIO) -> None:
        nonlocal total
        with pq.ParquetWriter(fh, ARROW_SCHEMA, compression="zstd", write_statistics=True) as writer:
            for month in periods:
                table = month_table(month, geographies["vn63" if month <= LAST_OLD_MONTH else "vn34"])
                writer.write_table(table, row_group_size=max(table.num_rows, 1))
                total += table.num_rows
                if progress:
                    progress(month, table.num_rows)

    loading.write_atomic(file, write)
    return total


def catalogue_entry(template: dict[str, Any], generated_by: str) -> dict[str, Any]:
    """The catalogue entry of the national one-stop dataset (source and licence as every demo dataset)."""
    return {
        "id": DATASET,
        "file": f"observations/{DATASET}.parquet",
        "title": {lang: word("demo.title", lang, title=TITLE[lang]) for lang in LANGS},
        "indices": ["svc766"],
        "demo": True,
        "source": template["source"],
        "licence": template["licence"],
        "generated_by": generated_by,
    }


def build_national(source: Path, out: Path, *, communes_kept: int | None = None, months_kept: int | None = None,
                   progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write the national demo data folder ``out`` from the data folder ``source`` (units, crosswalk, index
    definitions and the static files). Returns the number of rows of each dataset."""
    source, out = Path(source).resolve(), Path(out).resolve()
    if source == out:
        raise ValueError(f"{out}: the national data go to a folder of their own, not into the source data folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in STATIC:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, out / name, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy2(src, out / name)
    units, crosswalk = loading.load_units(source), loading.load_crosswalk(source)
    frames, catalogue = build_demo(units, crosswalk, loading.load_index_dicts(source))
    rows: dict[str, int] = {}
    for entry in catalogue:
        if entry["id"] != REPLACES:
            loading.write_parquet(frames[entry["id"]], out / entry["file"])
            rows[entry["id"]] = frames[entry["id"]].height
    options = "".join(f" --{k} {v}" for k, v in (("communes", communes_kept), ("months", months_kept)) if v)
    entry = catalogue_entry(catalogue[0], f"python -m cchc demo --scale national{options}")
    rows[DATASET] = write_onestop(out / entry["file"], communes(units, crosswalk, communes_kept), months(months_kept),
                                  progress)
    entries = [e for e in catalogue if e["id"] != REPLACES] + [entry]
    loading.write_yaml(entries, out / "datasets.yaml")
    return rows
