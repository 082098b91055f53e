"""A data folder checked before anyone relies on it: every definition, every reference
inside it, every dataset file and every boundary file.

:func:`check_folder` returns one :class:`Finding` per problem, each naming the
definition, dataset or boundary file it is about (its file name, never a server
path), so ``python -m cchc check`` and the Data page can say what is broken while
everything else keeps working. Errors make a part unusable; warnings are worth
knowing.

What is checked, one part at a time (a broken part never hides the others):

- each index definition (``indices/*.yaml``) parses and validates, and its
  references resolve: a re-expression weight ``indicator:<id>`` names a node of the
  index; a re-expression rule other than ``none`` for levels the crosswalk has no
  successor for (districts, departments, ministries) is noted;
- each dataset of the catalogue is readable with the observation schema, holds
  only indices that are defined, and the raw inputs each of its indices needs
  (input leaves, ratio numerators and denominators) occur in it — a 766
  numerator naming an input the data never has would leave every unit "not
  scored";
- the province boundaries of both geographies are readable.

>>> [f.code for f in check_folder()]   # the bundled data are clean
[]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from cchc import loading
from cchc.definition_types import DefinitionError, IndexDef
from cchc.definitions import parse_definition

CROSSWALK_LEVELS = ("province", "commune")


@dataclass(frozen=True)
class Finding:
    """One problem: ``part`` is "definition", "dataset" or "boundaries"; ``name`` the file it is about."""

    severity: Literal["error", "warning"]
    part: str
    name: str
    code: str
    message: str


def _short(path: Any) -> str:
    return Path(str(path)).name


def check_definitions(folder: Path) -> tuple[dict[str, IndexDef], list[Finding]]:
    """The definitions that are usable, and a finding for every one that is not."""
    found: list[Finding] = []
    defs: dict[str, IndexDef] = {}
    for file in loading.index_files(folder):
        try:
            raw = loading.read_yaml(file)
            if not isinstance(raw, dict) or "id" not in raw:
                raise loading.DataFileError(f"{file.name}: an index definition must be a mapping with an 'id'")
            d = parse_definition({**raw, "_file": file.name})
        except (loading.DataFileError, DefinitionError) as exc:
            found.append(Finding("error", "definition", file.name, "invalid", str(exc).replace(str(folder), "")))
            continue
        if d.id in defs:
            found.append(Finding("error", "definition", file.name, "duplicate", f"{file.name}: index {d.id!r} is "
                                 "defined twice"))
            continue
        weight = d.reexpress.weight_indicator
        if weight and weight not in d:
            found.append(Finding("error", "definition", file.name, "unknown_weight",
                                 f"{file.name}: the re-expression weight names {weight!r}, not a node of {d.id!r}"))
        if d.reexpress.rule != "none" and not set(d.levels) & set(CROSSWALK_LEVELS):
            found.append(Finding("warning", "definition", file.name, "no_successor",
                                 f"{file.name}: {d.id!r} scores {', '.join(d.levels)}, which have no successor on "
                                 "the 34-province geography; it cannot be re-expressed"))
        defs[d.id] = d
    return defs, found


def _covered(definition: IndexDef, present: set[str]) -> list[str]:
    """The raw inputs of ``definition`` that neither occur in ``present`` nor are covered by a published value
    of a node above them (a dataset may publish composites instead of raw inputs)."""
    missing: dict[str, None] = {}

    def walk(node: Any, above: tuple[str, ...]) -> None:
        path = (*above, node.indicator_id)
        inputs = [node.indicator_id] if node.kind == "input" else list(node.numerator + node.denominator) \
            if node.kind == "ratio" else []
        for i in inputs:
            if i not in present and not present.intersection(path):
                missing[i] = None
        for child in node.components:
            walk(child, path)

    walk(definition.root, ())
    return list(missing)


def check_datasets(folder: Path, defs: dict[str, IndexDef]) -> list[Finding]:
    """A finding for every dataset file that cannot be read, holds an undefined index, or leaves some of an
    index's inputs without data (neither the input nor a published value above it)."""
    try:
        catalogue = loading.load_catalogue(folder)
    except loading.DataFileError as exc:
        return [Finding("error", "dataset", "datasets.yaml", "catalogue", str(exc).replace(str(folder), ""))]
    found: list[Finding] = []
    for entry in catalogue:
        name = str(entry.get("id"))
        try:
            ids = loading.observed_indicators(entry["file"], folder)
        except loading.DataFileError as exc:
            found.append(Finding("error", "dataset", name, "unreadable", f"{name}: "
                                 + str(exc).replace(str(folder), "").lstrip("/")))
            continue
        for index in entry.get("indices", []):
            if index not in defs:
                found.append(Finding("error", "dataset", name, "unknown_index",
                                     f"{name}: holds index {index!r}, which has no (valid) definition"))
                continue
            missing = _covered(defs[index], ids)
            if missing and ids:
                found.append(Finding("error", "dataset", name, "missing_inputs",
                                     f"{name}: index {index!r} needs {', '.join(missing[:5])}"
                                     + (f" (+{len(missing) - 5})" if len(missing) > 5 else "")
                                     + ", which the data never have: its units would show as not scored"))
    return found


def check_boundaries(folder: Path) -> list[Finding]:
    found = []
    for name in loading.GEOJSON_NAMES:
        try:
            loading.load_geojson(name, folder)
        except loading.DataFileError as exc:
            found.append(Finding("error", "boundaries", f"{name}.geojson", "unreadable",
                                 str(exc).replace(str(folder), "").lstrip("/")))
    return found


def check_folder(folder: str | os.PathLike[str] | None = None) -> list[Finding]:
    """Every finding of the data folder (default: the bundled or ``$CCHC_DATA_DIR`` one), errors first."""
    root = loading.data_dir(folder)
    defs, found = check_definitions(root)
    found += check_datasets(root, defs)
    found += check_boundaries(root)
    return sorted(found, key=lambda f: (f.severity != "error", f.part, f.name))


def findings_frame(found: list[Finding]) -> pl.DataFrame:
    """The findings as a table (severity, part, name, message) for a page or a report."""
    return pl.DataFrame([{"severity": f.severity, "part": f.part, "name": f.name, "message": f.message}
                         for f in found], schema={"severity": pl.String, "part": pl.String, "name": pl.String,
                                                  "message": pl.String})
