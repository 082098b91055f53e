"""Reading and writing the bundled datasets — the only file I/O in ``cchc`` besides :mod:`cchc.archive`
(the writable store of imported data), which uses :func:`write_atomic` and :func:`conform`.

Everything else in the core takes and returns Polars frames; this module turns
files into frames (and back) and says clearly what is wrong with a file that
does not have the expected shape.

>>> units = load_units()                      # doctest: +SKIP
>>> units.filter(pl.col("unit_id") == "vn34:province:33")["short_vi"][0]  # doctest: +SKIP
'Hưng Yên'
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Callable, Sequence

import polars as pl
import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

UNITS_SCHEMA: dict[str, pl.DataType] = {
    "unit_id": pl.String(),
    "gso_code": pl.String(),
    "name_vi": pl.String(),
    "name_en": pl.String(),
    "short_vi": pl.String(),
    "short_en": pl.String(),
    "kind": pl.String(),
    "type_vi": pl.String(),
    "level": pl.String(),
    "parent_id": pl.String(),
    "province_id": pl.String(),
    "region": pl.String(),
    "geography": pl.String(),
    "valid_from": pl.Date(),
    "valid_to": pl.Date(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
}

CROSSWALK_SCHEMA: dict[str, pl.DataType] = {
    "from_id": pl.String(),
    "to_id": pl.String(),
    "level": pl.String(),
    "share": pl.Float64(),
    "share_method": pl.String(),
}

OBSERVATIONS_SCHEMA: dict[str, pl.DataType] = {
    "unit_id": pl.String(),
    "period": pl.String(),
    "indicator_id": pl.String(),
    "value": pl.Float64(),
    "n": pl.Int64(),
    "se": pl.Float64(),
    "note": pl.String(),
}


_OPTIONAL = {"n", "se", "note", "lat", "lon", "valid_from", "valid_to", "gso_code", "parent_id", "province_id",
             "region"}  # columns a file may lack (added as nulls)


class DataFileError(ValueError):
    """A data file is missing or does not have the expected shape."""


def folder(path: str | os.PathLike[str] | None, variable: str, default: Path) -> Path:
    """A folder the operator may choose: ``path`` if given, else the environment ``variable`` when set and
    not empty, else ``default``.

    >>> folder("/srv/x", "CCHC_NO_SUCH_VARIABLE", Path("d")).as_posix(), folder(None, "CCHC_NO_SUCH_VARIABLE", Path("d")).name
    ('/srv/x', 'd')
    """
    if path is not None:
        return Path(path)
    env = os.environ.get(variable)
    return Path(env) if env else default


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``path`` if given, else ``$CCHC_DATA_DIR``, else ``data/``."""
    return folder(path, "CCHC_DATA_DIR", DATA_DIR)


def _parquet(path: Path, read: Callable[[Path], Any], hint: str = "") -> Any:
    """``read(path)``, or :class:`DataFileError` naming the file when it is missing or any reader fails."""
    if not path.exists():
        raise DataFileError(f"{path}: file not found{hint}")
    try:
        return read(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file
        raise DataFileError(f"{path}: not a readable Parquet file ({exc})") from exc


def _read_parquet(path: Path, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    frame = _parquet(path, pl.read_parquet, " (run `python -m cchc demo` to build the bundled data)")
    return conform(frame, schema, str(path))


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType], where: str) -> pl.DataFrame:
    """Check and cast ``frame`` to ``schema``: required columns, castable types.

    Optional columns of the observation schema (``n``, ``se``, ``note``) are
    added as nulls when absent. Raises :class:`DataFileError` naming the file
    and the column.
    """
    missing = [c for c in schema if c not in frame.columns and c not in _OPTIONAL]
    if missing:
        raise DataFileError(f"{where}: missing column(s) {', '.join(missing)}")
    cols: list[pl.Series] = []
    for name, dtype in schema.items():
        if name not in frame.columns:
            cols.append(pl.Series(name, [None] * frame.height, dtype=dtype))
            continue
        col = frame[name]
        if col.dtype == dtype:
            cols.append(col)
            continue
        try:
            cols.append(col.cast(dtype, strict=True))
        except Exception as exc:  # noqa: BLE001
            bad = _first_bad_row(col, dtype)
            raise DataFileError(
                f"{where}: column {name!r} must be {dtype}; row {bad} has {col[bad - 1]!r}" if bad is not None
                else f"{where}: column {name!r} must be {dtype} ({exc})"
            ) from exc
    return pl.DataFrame(cols)


def _first_bad_row(col: pl.Series, dtype: pl.DataType) -> int | None:
    cast = col.cast(dtype, strict=False)
    bad = (cast.is_null() & col.is_not_null()).arg_true()
    return int(bad[0]) + 1 if len(bad) else None


def load_units(path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """All units of both geographies (see docs/design.md for the columns)."""
    return _read_parquet(data_dir(path) / "units.parquet", UNITS_SCHEMA)


def load_crosswalk(path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """Old (vn63) → new (vn34) unit crosswalk at province and commune level."""
    return _read_parquet(data_dir(path) / "crosswalk.parquet", CROSSWALK_SCHEMA)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; errors name the file and line."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DataFileError(f"{path}:{where} invalid YAML ({getattr(exc, 'problem', exc)})") from exc


def index_files(path: str | os.PathLike[str] | None = None) -> list[Path]:
    """The index definition files ``indices/*.yaml`` of the data folder, sorted."""
    return sorted((data_dir(path) / "indices").glob("*.yaml"))


def load_index_dicts(path: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """Raw index definitions from ``data/indices/*.yaml``, keyed by id."""
    folder = data_dir(path) / "indices"
    out: dict[str, dict[str, Any]] = {}
    for file in sorted(folder.glob("*.yaml")):
        raw = read_yaml(file)
        if not isinstance(raw, dict) or "id" not in raw:
            raise DataFileError(f"{file}: an index definition must be a mapping with an 'id'")
        if raw["id"] in out:
            raise DataFileError(f"{file}: index id {raw['id']!r} is defined twice")
        raw["_file"] = str(file)
        out[raw["id"]] = raw
    return out


def load_catalogue(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The dataset catalogue ``data/datasets.yaml`` (list of dataset entries)."""
    file = data_dir(path) / "datasets.yaml"
    raw = read_yaml(file)
    if not isinstance(raw, list):
        raise DataFileError(f"{file}: the catalogue must be a list of datasets")
    for i, entry in enumerate(raw, start=1):
        for key in ("id", "file", "title", "indices"):
            if not isinstance(entry, dict) or key not in entry:
                raise DataFileError(f"{file}: dataset #{i} lacks {key!r}")
    return raw


def load_observations(file: str, path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """One observation file, relative to the data folder (e.g. ``observations/papi.parquet``)."""
    return _read_parquet(data_dir(path) / file, OBSERVATIONS_SCHEMA)


def _observation_schema(file_path: Path) -> dict[str, pl.DataType]:
    if not file_path.exists():
        raise DataFileError(f"{file_path}: file not found (run `python -m cchc demo` to build the bundled data)")
    try:
        present = dict(pl.read_parquet_schema(file_path))
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file
        raise DataFileError(f"{file_path}: not a readable Parquet file ({exc})") from exc
    missing = [c for c in OBSERVATIONS_SCHEMA if c not in present and c not in _OPTIONAL]
    if missing:
        raise DataFileError(f"{file_path}: missing column(s) {', '.join(missing)}")
    return present


def check_observations(file: str, path: str | os.PathLike[str] | None = None) -> None:
    """Raise :class:`DataFileError` as :func:`load_observations` would for a bad file, reading the
    whole file only when a column's type differs from the observation schema (a cast may fail)."""
    present = _observation_schema(data_dir(path) / file)
    if any(present[c] != t for c, t in OBSERVATIONS_SCHEMA.items() if c in present):
        load_observations(file, path)


def scan_observations(file: str, path: str | os.PathLike[str] | None = None,
                      columns: Sequence[str] | None = None) -> pl.LazyFrame:
    """One observation file as a lazy scan, cast to the observation schema (``columns`` only, default all).

    Filters on ``period`` and ``indicator_id`` applied to the scan are pushed down to the Parquet
    reader, so a file written sorted by period reads only the row groups of the periods asked for.
    Raises :class:`DataFileError` when the file is missing or its footer unreadable; a value that
    does not cast fails when the scan is collected (:func:`check_observations` finds it first).
    """
    file_path = data_dir(path) / file
    present = _observation_schema(file_path)
    wanted = list(columns) if columns is not None else list(OBSERVATIONS_SCHEMA)
    return pl.scan_parquet(file_path).select(
        pl.col(c).cast(OBSERVATIONS_SCHEMA[c]) if c in present else pl.lit(None, OBSERVATIONS_SCHEMA[c]).alias(c)
        for c in wanted)


def load_all_observations(path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """Every dataset of the catalogue concatenated, with a ``dataset`` column."""
    frames = [
        load_observations(entry["file"], path).with_columns(pl.lit(entry["id"]).alias("dataset"))
        for entry in load_catalogue(path)
    ]
    if not frames:
        return pl.DataFrame(schema={**OBSERVATIONS_SCHEMA, "dataset": pl.String()})
    return pl.concat(frames, how="vertical")


GEOJSON_NAMES = ("provinces_vn63", "provinces_vn34")


def load_geojson(name: str, path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """A bundled boundary file ``data/geo/{name}.geojson`` as a GeoJSON dict.

    ``name`` is one of :data:`GEOJSON_NAMES` (``provinces_vn63``,
    ``provinces_vn34``: one feature per province, ``properties.unit_id`` = the
    unit id). Built offline by ``scripts/build_geo.py``; see
    ``data/geo/README.md`` for the source and licence.
    """
    if not name or Path(name).name != name or name.startswith("."):
        raise DataFileError(f"{name!r}: a GeoJSON name is a bare file stem such as {GEOJSON_NAMES[0]!r}")
    file = data_dir(path) / "geo" / f"{name}.geojson"
    if not file.exists():
        raise DataFileError(f"{file}: file not found (built by scripts/build_geo.py)")
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{file}: not valid GeoJSON ({exc})") from exc
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection" or not isinstance(raw.get("features"), list):
        raise DataFileError(f"{file}: must be a GeoJSON FeatureCollection")
    for i, feat in enumerate(raw["features"], start=1):
        if not isinstance(feat, dict) or not (feat.get("properties") or {}).get("unit_id") or not feat.get("geometry"):
            raise DataFileError(f"{file}: feature #{i} lacks a geometry or properties.unit_id")
    return raw


def write_parquet(frame: pl.DataFrame, file: Path) -> None:
    """Write atomically: a failed write leaves any existing file untouched."""
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(file.suffix + ".tmp")
    frame.write_parquet(tmp, compression="zstd", statistics=True)
    os.replace(tmp, file)


def write_yaml(obj: Any, file: Path) -> None:
    """Write YAML atomically, keeping Vietnamese letters readable."""
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(file.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        yaml.safe_dump(obj, fh, allow_unicode=True, sort_keys=False, width=100)
    os.replace(tmp, file)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (an export: PNG, XLSX, PPTX …); returns the path.

    The bytes go to a temporary file beside the target, which then replaces it,
    so a failed or interrupted export never leaves a half-written file.
    """
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)
    return file


def write_atomic(path: Path, write: Callable[[BinaryIO], object], *, check: Callable[[Path], None] | None = None,
                 mode: int = 0o644) -> Path:
    """Write ``path`` through a temporary file beside it: ``write`` fills it, it is fsynced,
    ``check`` may read it back (and raise), it replaces ``path``, the folder is fsynced.
    An interrupted or failed write leaves ``path`` as it was (the ``.*.tmp`` file is removed,
    or left for the next writer to remove when the process is killed). One writer of ``path`` at a
    time: the temporary name is per process (the archive writes under its lock)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if check:
            check(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return path


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file given on a command line (a table to import); errors name the file."""
    file = Path(path)
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{file}: file not found") from None
    except IsADirectoryError:
        raise DataFileError(f"{file}: is a folder, not a file") from None
    except OSError as exc:
        raise DataFileError(f"{file}: cannot be read ({exc.strerror})") from None


def load_template(name: str = "cchc_16x9", path: str | os.PathLike[str] | None = None) -> bytes:
    """The bytes of a shipped PowerPoint template ``data/templates/{name}.pptx`` (built by scripts/build_template.py)."""
    if not name or Path(name).name != name or name.startswith("."):
        raise DataFileError(f"{name!r}: a template name is a bare file stem such as 'cchc_16x9'")
    file = data_dir(path) / "templates" / f"{name}.pptx"
    if not file.exists() and path is None:  # a data folder of its own (tests, $CCHC_DATA_DIR) may lack templates
        file = DATA_DIR / "templates" / f"{name}.pptx"
    if not file.exists():
        raise DataFileError(f"{file}: file not found (built by scripts/build_template.py)")
    return file.read_bytes()


def observed_indicators(file: str, path: str | os.PathLike[str] | None = None) -> set[str]:
    """The indicator ids an observation file holds, reading only what is needed (the schema and the
    ``indicator_id`` column; the ``value`` column too when it is not numeric, to find a bad row).
    Raises :class:`DataFileError` for a missing, unreadable or wrongly shaped file — as reading it would."""
    full = data_dir(path) / file
    schema = _parquet(full, pl.read_parquet_schema)
    missing = [c for c in ("unit_id", "period", "indicator_id", "value") if c not in schema]
    if missing:
        raise DataFileError(f"{full}: missing column(s) {', '.join(missing)}")
    try:
        if not schema["value"].is_numeric():
            conform(pl.read_parquet(full, columns=["value"]), {"value": pl.Float64()}, str(full))
        return set(pl.scan_parquet(full).select("indicator_id").unique().collect()["indicator_id"].to_list())
    except DataFileError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DataFileError(f"{full}: not a readable Parquet file ({exc})") from exc
